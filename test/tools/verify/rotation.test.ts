import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { checkRotation } from '../../../tools/verify/checks/rotation';

const sm = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({ region: 'eu-central-1' });
const NAME = 'aurora-surge/shop/master';
const NOW = new Date('2026-11-10T00:00:00Z');
const ROTATION_FN = 'arn:aws:lambda:eu-central-1:480912375566:function:rotation-fn';

beforeEach(() => sm.reset());

describe('rotation', () => {
  it('passes after a finished rotation', async () => {
    sm.on(DescribeSecretCommand).resolves({
      Name: NAME,
      RotationEnabled: true,
      LastRotatedDate: new Date('2026-11-01T00:00:00Z'),
      NextRotationDate: new Date('2026-12-01T00:00:00Z'),
      VersionIdsToStages: { v2: ['AWSCURRENT', 'AWSPENDING'], v1: ['AWSPREVIOUS'] },
    });
    const result = await checkRotation(client, 'shop', NAME, NOW);
    expect(result.status).toBe('pass');
  });

  it('passes before the first rotation, saying so', async () => {
    sm.on(DescribeSecretCommand).resolves({ Name: NAME, RotationEnabled: true, VersionIdsToStages: { v1: ['AWSCURRENT'] } });
    const result = await checkRotation(client, 'shop', NAME, NOW);
    expect(result.status).toBe('pass');
    expect(result.details).toEqual([`${NAME}: not rotated yet.`]);
  });

  it('fails when a version is left AWSPENDING without AWSCURRENT', async () => {
    sm.on(DescribeSecretCommand).resolves({
      Name: NAME,
      RotationEnabled: true,
      RotationLambdaARN: ROTATION_FN,
      VersionIdsToStages: { v1: ['AWSCURRENT'], v2: ['AWSPENDING'] },
    });
    const result = await checkRotation(client, 'shop', NAME, NOW);
    expect(result.problems[0]?.problem).toBe(
      `[shop] ${NAME}: version v2 is AWSPENDING without AWSCURRENT: the last rotation failed or is still running.`,
    );
    expect(result.problems[0]?.fix).toContain('rotation-fn');
  });

  it('fails when the next rotation is overdue', async () => {
    sm.on(DescribeSecretCommand).resolves({
      Name: NAME,
      RotationEnabled: true,
      NextRotationDate: new Date('2026-11-05T00:00:00Z'),
      VersionIdsToStages: { v1: ['AWSCURRENT'] },
    });
    const result = await checkRotation(client, 'shop', NAME, NOW);
    expect(result.problems[0]?.problem).toContain('more than a day ago: rotations are failing');
  });

  it('fails when rotation is off', async () => {
    sm.on(DescribeSecretCommand).resolves({ Name: NAME, RotationEnabled: false, VersionIdsToStages: { v1: ['AWSCURRENT'] } });
    const result = await checkRotation(client, 'shop', NAME, NOW);
    expect(result.problems[0]?.problem).toBe(`[shop] rotation is off for ${NAME}.`);
  });
});
