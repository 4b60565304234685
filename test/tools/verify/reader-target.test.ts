import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { mockClient } from 'aws-sdk-client-mock';
import { PRE_SCALER_TARGET_TAG } from '../../../lib/pre-scaler';
import { checkReaderTarget } from '../../../tools/verify/checks/reader-target';
import { campaignsFor, shopEnv } from '../preflight/fixtures';

const aas = mockClient(ApplicationAutoScalingClient);
const client = new ApplicationAutoScalingClient({ region: 'eu-central-1' });
const CLUSTER = 'aurora-surge-shop';
const ARN = 'arn:aws:application-autoscaling:eu-central-1:480912375566:scalable-target/0ec5abc';
const env = shopEnv(); // minReplicas 2, maxReplicas 5
const campaigns = campaignsFor(env); // winter-sale: floor 4, in force 2026-11-26T22:00Z – 2026-11-27T07:00Z
const OUTSIDE = new Date('2026-11-01T10:00:00Z');
const DURING = new Date('2026-11-27T01:00:00Z');

function target(min: number, max: number, tags: Record<string, string> = { [PRE_SCALER_TARGET_TAG]: CLUSTER }) {
  aas.on(DescribeScalableTargetsCommand).resolves({
    ScalableTargets: [
      {
        ServiceNamespace: 'rds',
        ResourceId: `cluster:${CLUSTER}`,
        ScalableDimension: 'rds:cluster:ReadReplicaCount',
        MinCapacity: min,
        MaxCapacity: max,
        RoleARN: 'r',
        CreationTime: new Date(0),
        ScalableTargetARN: ARN,
      },
    ],
  });
  aas.on(ListTagsForResourceCommand, { ResourceARN: ARN }).resolves({ Tags: tags });
}

beforeEach(() => aas.reset());

describe('the reader scalable target', () => {
  it('passes with the tag and the baseline range outside campaigns', async () => {
    target(2, 5);
    const result = await checkReaderTarget(client, env, campaigns, CLUSTER, OUTSIDE);
    expect(result.status).toBe('pass');
    expect(aas).toHaveReceivedCommandWith(DescribeScalableTargetsCommand, {
      ServiceNamespace: 'rds',
      ResourceIds: [`cluster:${CLUSTER}`],
      ScalableDimension: 'rds:cluster:ReadReplicaCount',
    });
  });

  it("passes with the campaign's floor during the campaign", async () => {
    target(4, 5);
    expect((await checkReaderTarget(client, env, campaigns, CLUSTER, DURING)).status).toBe('pass');
  });

  it('fails during a campaign while the floor is still the baseline', async () => {
    target(2, 5);
    const result = await checkReaderTarget(client, env, campaigns, CLUSTER, DURING);
    expect(result.problems[0]?.problem).toBe('[shop] the reader floor (MinCapacity) is 2; campaign "winter-sale" asks for 4.');
  });

  it("fails without the tag the pre-scaler's permission needs", async () => {
    target(2, 5, {});
    const result = await checkReaderTarget(client, env, campaigns, CLUSTER, OUTSIDE);
    expect(result.problems[0]?.problem).toContain(`lacks tag ${PRE_SCALER_TARGET_TAG}=${CLUSTER}`);
    expect(result.problems[0]?.fix).toContain('tag-resource');
  });

  it('fails when the maximum differs from config', async () => {
    target(2, 9);
    const result = await checkReaderTarget(client, env, campaigns, CLUSTER, OUTSIDE);
    expect(result.problems[0]?.problem).toBe(
      '[shop] the reader maximum (MaxCapacity) is 9; config says readerAutoScaling.maxReplicas = 5.',
    );
  });

  it('fails when there is no target', async () => {
    aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] });
    const result = await checkReaderTarget(client, env, campaigns, CLUSTER, OUTSIDE);
    expect(result.status).toBe('fail');
  });
});
