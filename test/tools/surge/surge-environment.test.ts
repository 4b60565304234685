import type { CampaignInput } from '../../../config/schema/campaign';
import { validateEnvironment } from '../../../config';
import { surgeEnvironmentFor } from '../../../tools/surge/surge-environment';
import { AUTHZ_ENVIRONMENT } from '../../authz/helpers/fixture-stack';

test('the command reads the environment it validates against from config: baseline, catalogue, reader maximum, schedule, calendar', () => {
  const campaigns: CampaignInput[] = [
    {
      id: 'authz-sale',
      environments: ['authz'],
      start: '2030-07-01T08:00Z',
      end: '2030-07-01T20:00Z',
      writer: { instanceClass: 'db.r6g.xlarge' },
      readerFloor: 2,
    },
    {
      id: 'elsewhere',
      environments: ['prod'],
      start: '2030-07-01T08:00Z',
      end: '2030-07-01T20:00Z',
      writer: { instanceClass: 'db.r6g.2xlarge' },
      readerFloor: 2,
    },
  ];
  const env = surgeEnvironmentFor(validateEnvironment(AUTHZ_ENVIRONMENT), { campaigns });
  expect(env.calendar?.map((c) => c.id)).toEqual(['authz-sale']);
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
