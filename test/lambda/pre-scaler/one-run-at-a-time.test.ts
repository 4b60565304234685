import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  FailoverDBClusterCommand,
  ModifyDBClusterCommand,
  ModifyDBInstanceCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { ACT_WINDOW_SECONDS } from '../../../lambda/pre-scaler/contract';
import { PROD } from './core/fixtures';
import { BLACK_FRIDAY_INPUT, handlerFor, runtimeConfig, scheduledEventAt, TEST_CLUSTER } from './handler-harness';

/**
 * Without reserved concurrency, what keeps two runs from taking two different steps: only a scheduled
 * run inside its act window acts (lambda/pre-scaler/contract/run-slot.ts), and runs of the same tick plan for
 * the same instant from what they read.
 */

const rds = mockClient(RDSClient);
const autoScaling = mockClient(ApplicationAutoScalingClient);
const cloudWatch = mockClient(CloudWatchClient);
afterAll(() => {
  rds.restore();
  autoScaling.restore();
  cloudWatch.restore();
});

const CLUSTER = TEST_CLUSTER;
const CAMPAIGN = BLACK_FRIDAY_INPUT;
/** Inside the campaign's lead time: the first step is a resize of the standby. */
const TICK = new Date('2027-11-25T22:00:00Z');
const config = runtimeConfig({ settings: PROD, campaigns: [CAMPAIGN], clusterIdentifier: CLUSTER });

/**
 * Writer and standby at the baseline class, and one auto-scaled reader (so resizing the standby
 * leaves reads a reader); the standby turns `modifying` once a resize is accepted.
 */
const SPARE_READER = 'application-autoscaling-00000001-0000-4000-8000-000000000000';

function answerCluster(): void {
  rds.on(DescribeDBClustersCommand).resolves({
    DBClusters: [
      {
        DBClusterIdentifier: CLUSTER,
        Status: 'available',
        DBClusterMembers: [
          { DBInstanceIdentifier: `${CLUSTER}-instance-1`, IsClusterWriter: true, PromotionTier: 0 },
          { DBInstanceIdentifier: `${CLUSTER}-standby`, IsClusterWriter: false, PromotionTier: 0 },
          { DBInstanceIdentifier: SPARE_READER, IsClusterWriter: false, PromotionTier: 15 },
        ],
      },
    ],
  });
  rds.on(DescribeDBInstancesCommand).callsFake(() => ({
    DBInstances: [
      { DBInstanceIdentifier: `${CLUSTER}-instance-1`, DBInstanceClass: 'db.r6g.xlarge', DBInstanceStatus: 'available' },
      {
        DBInstanceIdentifier: `${CLUSTER}-standby`,
        DBInstanceClass: 'db.r6g.xlarge',
        DBInstanceStatus: rds.commandCalls(ModifyDBInstanceCommand).length > 0 ? 'modifying' : 'available',
      },
      { DBInstanceIdentifier: SPARE_READER, DBInstanceClass: 'db.r6g.xlarge', DBInstanceStatus: 'available' },
    ],
  }));
  autoScaling.on(DescribeScalableTargetsCommand).resolves({
    ScalableTargets: [
      {
        ServiceNamespace: 'rds',
        ResourceId: `cluster:${CLUSTER}`,
        ScalableDimension: 'rds:cluster:ReadReplicaCount',
        MinCapacity: 1,
        MaxCapacity: 6,
        RoleARN: 'arn',
        CreationTime: TICK,
      },
    ],
  });
  rds.on(ModifyDBInstanceCommand).resolves({});
}

const mutatingCalls = () => [
  ...rds.commandCalls(ModifyDBInstanceCommand).map((c) => ['ModifyDBInstance', c.args[0].input]),
  ...rds.commandCalls(FailoverDBClusterCommand).map((c) => ['FailoverDBCluster', c.args[0].input]),
  ...rds.commandCalls(ModifyDBClusterCommand).map((c) => ['ModifyDBCluster', c.args[0].input]),
  ...autoScaling.commandCalls(RegisterScalableTargetCommand).map((c) => ['RegisterScalableTarget', c.args[0].input]),
];

beforeEach(() => {
  rds.reset();
  autoScaling.reset();
  cloudWatch.reset();
  answerCluster();
});

const at = (secondsAfterTick: number) => () => new Date(TICK.getTime() + secondsAfterTick * 1000);

test('a scheduled run inside its act window takes the step', async () => {
  const h = handlerFor(config, at(3));
  await expect(h.invoke(scheduledEventAt(TICK))).resolves.toMatchObject({ outcome: 'acted', action: 'modify-instance' });
  expect(mutatingCalls()).toHaveLength(1);
  expect(h.logger.lines[0]?.fields).toMatchObject({ slot: { tick: TICK, scheduled: true, mayAct: true } });
});

test('an event delivered after its act window decides the step, reports it, and changes nothing', async () => {
  const h = handlerFor(config, at(ACT_WINDOW_SECONDS + 30));
  await expect(h.invoke(scheduledEventAt(TICK))).resolves.toMatchObject({ outcome: 'dry-run', action: 'modify-instance' });
  expect(mutatingCalls()).toEqual([]);
  expect(h.logger.lines[0]?.fields).toMatchObject({ outcome: 'dry-run', dryRun: true, slot: { mayAct: false } });
  expect(h.metrics.last).toMatchObject({ PlannedActions: 1, ActionsTaken: 0, RunSucceeded: 1 });
});

test('an invocation by hand reports the step the schedule would take, and changes nothing', async () => {
  const h = handlerFor(config, at(0));
  await expect(h.invoke({})).resolves.toMatchObject({ outcome: 'dry-run', action: 'modify-instance' });
  expect(mutatingCalls()).toEqual([]);
  expect(h.logger.lines[0]?.fields).toMatchObject({ slot: { scheduled: false, mayAct: false } });
});

test('two deliveries of the same tick at once issue the same step, never two different ones', async () => {
  const first = handlerFor(config, at(1));
  const second = handlerFor(config, at(40));
  await Promise.all([first.invoke(scheduledEventAt(TICK)), second.invoke(scheduledEventAt(TICK))]);
  const calls = mutatingCalls();
  expect(calls.length).toBeGreaterThanOrEqual(1);
  expect(new Set(calls.map((c) => JSON.stringify(c))).size).toBe(1);
});

test('a duplicate delivered after the step has started sees the instance busy and waits', async () => {
  await handlerFor(config, at(1)).invoke(scheduledEventAt(TICK));
  const duplicate = handlerFor(config, at(60));
  await expect(duplicate.invoke(scheduledEventAt(TICK))).resolves.toMatchObject({ outcome: 'no-step' });
  expect(mutatingCalls()).toHaveLength(1);
});
