import { validateEnvironment } from '../../../config';
import { surgeEnvironmentFor } from '../../../tools/surge/surge-environment';
import { AUTHZ_ENVIRONMENT } from '../../authz/helpers/fixture-stack';

test('the command reads the environment it validates against from config: baseline, catalogue, reader maximum, schedule', () => {
  const env = surgeEnvironmentFor(validateEnvironment(AUTHZ_ENVIRONMENT));
  expect(env).toMatchObject({
    name: 'authz',
    account: '123456789012',
    region: 'eu-central-1',
    readerMaxReplicas: 5,
    scheduleRateMinutes: 5,
    preScalerDryRun: false,
    settings: { baseline: { writer: { kind: 'provisioned', instanceClass: 'db.r6g.large' }, readerFloor: 2 } },
  });
  expect(env.settings.instanceClassSizes['db.r6g.4xlarge']).toEqual({ memoryGiB: 128, vcpus: 16 });
});
