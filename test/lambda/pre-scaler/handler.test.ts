import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  AddTagsToResourceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  FailoverDBClusterCommand,
  ModifyDBClusterCommand,
  ModifyDBInstanceCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { PROD } from './core/fixtures';
import { BLACK_FRIDAY_INPUT, deployedConfiguration, handlerFor, runtimeConfig, scheduledEventAt, TEST_CLUSTER } from './handler-harness';
import { awsError } from '../../helpers/aws-errors';

const rds = mockClient(RDSClient);
const autoScaling = mockClient(ApplicationAutoScalingClient);
const cloudWatch = mockClient(CloudWatchClient);
afterAll(() => {
  rds.restore();
  autoScaling.restore();
  cloudWatch.restore();
});

const CLUSTER = TEST_CLUSTER;
const BLACK_FRIDAY = BLACK_FRIDAY_INPUT;
const IDLE = new Date('2027-11-20T12:00:00Z');
const SPARE_READER = 'application-autoscaling-00000001-0000-4000-8000-000000000000';
const SCALE_UP = new Date('2027-11-25T22:00:00Z');
/** After the cool-down, 03:00 Paris: inside the low-traffic window, so only the CPU guard can hold the scale-down. */
const SCALE_DOWN = new Date('2027-11-27T02:05:00Z');

/**
 * A provisioned cluster: writer and tier-0 standby at `classes`, one auto-scaled reader (so resizing
 * the standby leaves reads a reader), reader floor `floor` (max 6).
 */
function answerCluster(classes: [writer: string, standby: string], floor = 1, standbyStatus = 'available'): void {
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
  rds.on(DescribeDBInstancesCommand).resolves({
    DBInstances: [
      { DBInstanceIdentifier: `${CLUSTER}-instance-1`, DBInstanceClass: classes[0], DBInstanceStatus: 'available' },
      { DBInstanceIdentifier: `${CLUSTER}-standby`, DBInstanceClass: classes[1], DBInstanceStatus: standbyStatus },
      { DBInstanceIdentifier: SPARE_READER, DBInstanceClass: classes[0], DBInstanceStatus: 'available' },
    ],
  });
  autoScaling.on(DescribeScalableTargetsCommand).resolves({
    ScalableTargets: [
      {
        ServiceNamespace: 'rds',
        ResourceId: `cluster:${CLUSTER}`,
        ScalableDimension: 'rds:cluster:ReadReplicaCount',
        MinCapacity: floor,
        MaxCapacity: 6,
        RoleARN: 'arn',
        CreationTime: IDLE,
      },
    ],
  });
}

function expectNothingMutated(): void {
  expect(rds).not.toHaveReceivedCommand(ModifyDBInstanceCommand);
  expect(rds).not.toHaveReceivedCommand(FailoverDBClusterCommand);
  expect(rds).not.toHaveReceivedCommand(ModifyDBClusterCommand);
  expect(autoScaling).not.toHaveReceivedCommand(RegisterScalableTargetCommand);
}

beforeEach(() => {
  rds.reset();
  autoScaling.reset();
  cloudWatch.reset();
});

describe('one run of the handler', () => {
  const config = runtimeConfig({ settings: PROD, campaigns: [BLACK_FRIDAY], clusterIdentifier: CLUSTER });

  test('idle: three reads, no CloudWatch, nothing mutated, one log line, Ready = 1', async () => {
    answerCluster(['db.r6g.xlarge', 'db.r6g.xlarge']);
    const h = handlerFor(config, () => IDLE);
    await expect(h.invoke()).resolves.toMatchObject({ outcome: 'no-step', action: 'none', ready: true });

    expect(rds.calls().length + autoScaling.calls().length + cloudWatch.calls().length).toBe(3);
    expectNothingMutated();
    expect(h.logger.lines).toHaveLength(1);
    expect(h.logger.lines[0]).toMatchObject({
      level: 'info',
      message: 'pre-scaler run',
      fields: {
        outcome: 'no-step',
        action: { kind: 'none', reason: 'capacity is at the baseline; no campaign is in force.' },
        ready: true,
      },
    });
    expect(h.metrics.published).toEqual([
      {
        DesiredWriterCapacity: 32,
        ActualWriterCapacity: 32,
        DesiredReaderFloor: 1,
        ActualReaderFloor: 1,
        ReaderCount: 2, // the standby and the auto-scaled reader
        PlannedActions: 0,
        ActionsTaken: 0,
        ResizeStarted: 0,
        FailoverStarted: 0,
        ActionRejected: 0,
        Ready: 1,
        CampaignStartingSoonNotReady: 0,
        InvalidCalendar: 0,
        EmergencyStepTaken: 0,
        SurgeLevel: 0,
        SurgeAtCeiling: 0,
        OverrideInForce: 0,
        RunSucceeded: 1,
      },
    ]);
  });

  test('scale-up: resizes the standby with one ModifyDBInstance and reports the action', async () => {
    answerCluster(['db.r6g.xlarge', 'db.r6g.xlarge']);
    rds.on(ModifyDBInstanceCommand).resolves({});
    const h = handlerFor(config, () => SCALE_UP);
    await expect(h.invoke()).resolves.toMatchObject({ outcome: 'acted', action: 'modify-instance', ready: false });

    expect(rds).toHaveReceivedCommandTimes(ModifyDBInstanceCommand, 1);
    expect(rds).toHaveReceivedCommandWith(ModifyDBInstanceCommand, {
      DBInstanceIdentifier: `${CLUSTER}-standby`,
      DBInstanceClass: 'db.r6g.4xlarge',
      ApplyImmediately: true,
    });
    expect(h.metrics.last).toMatchObject({
      DesiredWriterCapacity: 128,
      ActualWriterCapacity: 32,
      PlannedActions: 1,
      ActionsTaken: 1,
      ResizeStarted: 1,
      FailoverStarted: 0,
      Ready: 0,
      CampaignStartingSoonNotReady: 0,
    });
    expect(h.logger.lines[0]!.fields).toMatchObject({
      outcome: 'acted',
      action: { kind: 'modify-instance', instanceId: `${CLUSTER}-standby` },
      gaps: expect.arrayContaining(['writer aurora-surge-prod-instance-1 is db.r6g.xlarge, needs db.r6g.4xlarge']),
    });
  });

  test('dry run: decides the step, logs and publishes it, calls nothing mutating', async () => {
    answerCluster(['db.r6g.xlarge', 'db.r6g.xlarge']);
    const dry = runtimeConfig({ settings: PROD, campaigns: [BLACK_FRIDAY], clusterIdentifier: CLUSTER, dryRun: true });
    const h = handlerFor(dry, () => SCALE_UP);
    await expect(h.invoke()).resolves.toMatchObject({ outcome: 'dry-run', action: 'modify-instance' });

    expectNothingMutated();
    expect(h.metrics.last).toMatchObject({ PlannedActions: 1, ActionsTaken: 0, ResizeStarted: 0, RunSucceeded: 1 });
    expect(h.logger.lines[0]!.fields).toMatchObject({ outcome: 'dry-run', dryRun: true });
  });

  test('an invocation with { "dryRun": true } is a dry run, for that invocation only, on a live deployment', async () => {
    answerCluster(['db.r6g.xlarge', 'db.r6g.xlarge']);
    rds.on(ModifyDBInstanceCommand).resolves({});
    const h = handlerFor(config, () => SCALE_UP);
    // Even on a scheduled event inside its act window.
    await expect(h.invoke({ ...scheduledEventAt(SCALE_UP), dryRun: true })).resolves.toMatchObject({
      outcome: 'dry-run',
      action: 'modify-instance',
    });
    expectNothingMutated();
    expect(h.logger.lines[0]!.fields).toMatchObject({ outcome: 'dry-run', dryRun: true });

    // The next, scheduled invocation (EventBridge's own event) acts as deployed.
    await expect(h.invoke(scheduledEventAt(SCALE_UP))).resolves.toMatchObject({ outcome: 'acted' });
    expect(rds).toHaveReceivedCommandTimes(ModifyDBInstanceCommand, 1);
  });

  test.each([[{ dryRun: 'true' }], [{ dryRun: 1 }], [{ dryRun: false }]])(
    'only the literal { "dryRun": true } forces a dry run (a scheduled event with %j acts as deployed)',
    async (extra) => {
      answerCluster(['db.r6g.xlarge', 'db.r6g.xlarge']);
      rds.on(ModifyDBInstanceCommand).resolves({});
      const event = { ...scheduledEventAt(SCALE_UP), ...extra };
      await expect(handlerFor(config, () => SCALE_UP).invoke(event)).resolves.toMatchObject({ outcome: 'acted' });
    },
  );

  test('{ "dryRun": false } never turns a dry-run deployment live', async () => {
    answerCluster(['db.r6g.xlarge', 'db.r6g.xlarge']);
    const dry = runtimeConfig({ settings: PROD, campaigns: [BLACK_FRIDAY], clusterIdentifier: CLUSTER, dryRun: true });
    await expect(handlerFor(dry, () => SCALE_UP).invoke({ dryRun: false })).resolves.toMatchObject({ outcome: 'dry-run' });
    expectNothingMutated();
  });

  test('an action already in progress (InvalidDBInstanceState) counts as success', async () => {
    answerCluster(['db.r6g.xlarge', 'db.r6g.xlarge']);
    rds.on(ModifyDBInstanceCommand).rejects(awsError('InvalidDBInstanceStateFault'));
    const h = handlerFor(config, () => SCALE_UP);
    await expect(h.invoke()).resolves.toMatchObject({ outcome: 'already-in-progress' });
    expect(h.metrics.last).toMatchObject({ ActionsTaken: 0, ActionRejected: 0, RunSucceeded: 1 });
  });

  test('throttling that outlasts the SDK retries fails the invocation (the next run retries) and publishes nothing', async () => {
    answerCluster(['db.r6g.xlarge', 'db.r6g.xlarge']);
    rds.on(ModifyDBInstanceCommand).rejects(awsError('Throttling'));
    const h = handlerFor(config, () => SCALE_UP);
    await expect(h.invoke()).rejects.toMatchObject({ kind: 'throttled', retryable: true });
    expect(h.metrics.published).toEqual([]);
    expect(h.logger.lines).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'pre-scaler run failed: the next scheduled run retries',
        fields: { error: expect.objectContaining({ kind: 'throttled', name: 'Throttling' }) },
      }),
    ]);
  });

  test('a read AWS refuses is not logged as something the next run retries', async () => {
    answerCluster(['db.r6g.xlarge', 'db.r6g.xlarge']);
    rds.on(DescribeDBClustersCommand).rejects(awsError('AccessDenied'));
    const h = handlerFor(config, () => SCALE_UP);
    await expect(h.invoke()).rejects.toMatchObject({ kind: 'rejected', retryable: false });
    expect(h.logger.lines).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'pre-scaler run failed: AWS refused a call, and every run will fail the same way until the cause is fixed',
      }),
    ]);
  });

  test('a read that fails fails the run before any decision', async () => {
    answerCluster(['db.r6g.xlarge', 'db.r6g.xlarge']);
    autoScaling.on(DescribeScalableTargetsCommand).rejects(awsError('ThrottlingException'));
    const h = handlerFor(config, () => SCALE_UP);
    await expect(h.invoke()).rejects.toMatchObject({ kind: 'throttled' });
    expectNothingMutated();
  });

  test('a step AWS rejects is logged as an error, published as ActionRejected, and fails the invocation', async () => {
    answerCluster(['db.r6g.xlarge', 'db.r6g.xlarge']);
    rds.on(ModifyDBInstanceCommand).rejects(awsError('AccessDenied'));
    const h = handlerFor(config, () => SCALE_UP);
    await expect(h.invoke()).rejects.toMatchObject({ kind: 'rejected', awsErrorName: 'AccessDenied' });
    expect(h.metrics.last).toMatchObject({ ActionRejected: 1, ActionsTaken: 0 });
    expect(h.metrics.last.RunSucceeded).toBeUndefined();
    expect(h.logger.lines[0]).toMatchObject({
      level: 'error',
      message: 'pre-scaler run',
      fields: { outcome: 'rejected', error: { name: 'AccessDenied' } },
    });
  });

  test('scale-down reads the writer CPU first, and waits while it is at or above the guard', async () => {
    answerCluster(['db.r6g.4xlarge', 'db.r6g.4xlarge'], 1);
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'cpu', Values: [55, 45] }] });
    const h = handlerFor(config, () => SCALE_DOWN);
    await expect(h.invoke()).resolves.toMatchObject({
      outcome: 'no-step',
      action: 'wait',
      reason: expect.stringContaining('writer CPU 50% is at or above the 40% guard'),
    });
    expect(cloudWatch).toHaveReceivedCommandTimes(GetMetricDataCommand, 1);
    expectNothingMutated();
  });

  test('scale-down goes ahead when the CPU is below the guard', async () => {
    answerCluster(['db.r6g.4xlarge', 'db.r6g.4xlarge'], 1);
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'cpu', Values: [12] }] });
    rds.on(ModifyDBInstanceCommand).resolves({});
    const h = handlerFor(config, () => SCALE_DOWN);
    await expect(h.invoke()).resolves.toMatchObject({ outcome: 'acted', action: 'modify-instance' });
    expect(rds).toHaveReceivedCommandWith(ModifyDBInstanceCommand, {
      DBInstanceIdentifier: `${CLUSTER}-standby`,
      DBInstanceClass: 'db.r6g.xlarge',
    });
  });

  test('a campaign 20 minutes away with capacity missing raises CampaignStartingSoonNotReady', async () => {
    answerCluster(['db.r6g.xlarge', 'db.r6g.4xlarge'], 1, 'modifying');
    const h = handlerFor(config, () => new Date('2027-11-25T23:40:00Z'));
    await h.invoke();
    expect(h.metrics.last).toMatchObject({ Ready: 0, CampaignStartingSoonNotReady: 1 });
    expect(h.logger.lines[0]!.fields).toMatchObject({ notReadyFor: ['black-friday'] });
  });
});

describe('the deployed module (handler.ts), configuration read once from the environment', () => {
  const saved = { ...process.env };
  let stdout: jest.SpyInstance;
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    stdout.mockRestore();
    stderr.mockRestore();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  interface LoadedModule {
    readonly handler: () => Promise<unknown>;
    /** SDK calls of the module's own clients (a fresh module registry has its own client classes). */
    readonly calls: () => number;
  }

  /**
   * Loads handler.ts as Lambda would, with these variables and this calendar file next to it (the
   * module's own `fs` answers `calendar.json` with it), its SDK clients answered like an idle prod cluster.
   */
  function loadHandler({ variables, calendarFile }: { variables: Record<string, string>; calendarFile: string }): LoadedModule {
    Object.assign(process.env, variables, { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'test' });
    let loaded: LoadedModule | undefined;
    jest.isolateModules(() => {
      const realFs = jest.requireActual('node:fs') as typeof import('node:fs');
      jest.doMock('node:fs', () => ({
        ...realFs,
        readFileSync: (file: string, ...rest: unknown[]) =>
          String(file).endsWith('/lambda/pre-scaler/calendar.json')
            ? calendarFile
            : (realFs.readFileSync as (...a: unknown[]) => unknown)(file, ...rest),
      }));
      const rdsModule = require('@aws-sdk/client-rds') as typeof import('@aws-sdk/client-rds');
      const aasModule = require('@aws-sdk/client-application-auto-scaling') as typeof import('@aws-sdk/client-application-auto-scaling');
      const cwModule = require('@aws-sdk/client-cloudwatch') as typeof import('@aws-sdk/client-cloudwatch');
      const stubs = [
        mockClient(rdsModule.RDSClient),
        mockClient(aasModule.ApplicationAutoScalingClient),
        mockClient(cwModule.CloudWatchClient),
      ] as const;
      stubs[0].on(rdsModule.DescribeDBClustersCommand).resolves({
        DBClusters: [
          {
            DBClusterIdentifier: CLUSTER,
            Status: 'available',
            DBClusterMembers: [
              { DBInstanceIdentifier: 'w', IsClusterWriter: true, PromotionTier: 0 },
              { DBInstanceIdentifier: 's', IsClusterWriter: false, PromotionTier: 0 },
            ],
          },
        ],
      });
      stubs[0].on(rdsModule.DescribeDBInstancesCommand).resolves({
        DBInstances: [
          { DBInstanceIdentifier: 'w', DBInstanceClass: 'db.r6g.xlarge', DBInstanceStatus: 'available' },
          { DBInstanceIdentifier: 's', DBInstanceClass: 'db.r6g.xlarge', DBInstanceStatus: 'available' },
        ],
      });
      stubs[1].on(aasModule.DescribeScalableTargetsCommand).resolves({
        ScalableTargets: [
          {
            ServiceNamespace: 'rds',
            ResourceId: `cluster:${CLUSTER}`,
            ScalableDimension: 'rds:cluster:ReadReplicaCount',
            MinCapacity: 1,
            MaxCapacity: 6,
            RoleARN: 'arn',
            CreationTime: IDLE,
          },
        ],
      });
      const handler = (require('../../../lambda/pre-scaler/handler') as { handler: () => Promise<unknown> }).handler;
      loaded = { handler, calls: () => stubs.reduce((n, stub) => n + stub.calls().length, 0) };
    });
    return loaded as LoadedModule;
  }

  const printed = (spy: jest.SpyInstance) =>
    spy.mock.calls
      .map((c) => String(c[0]))
      .flatMap((out) => out.split('\n'))
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const emf = () => printed(stdout).filter((d) => '_aws' in d);

  const valid = () => deployedConfiguration({ clusterIdentifier: CLUSTER, settings: PROD, campaigns: [BLACK_FRIDAY] });

  test('an invalid calendar file: no AWS call at all, InvalidCalendar = 1, every problem logged', async () => {
    const { variables } = valid();
    const calendarFile = deployedConfiguration({
      clusterIdentifier: CLUSTER,
      settings: PROD,
      campaigns: [
        { ...BLACK_FRIDAY, end: '2027-11-25T00:00Z' },
        { ...BLACK_FRIDAY, id: 'too-small', writer: { instanceClass: 'db.r6g.large' } },
      ],
    }).calendarFile;
    const loaded = loadHandler({ variables, calendarFile });
    await expect(loaded.handler()).resolves.toEqual({ outcome: 'invalid-configuration' });

    expect(loaded.calls()).toBe(0);
    expect(emf()).toEqual([
      expect.objectContaining({
        InvalidCalendar: 1,
        Environment: 'prod',
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            { Namespace: 'AuroraSurge/PreScaler', Dimensions: [['Environment']], Metrics: [{ Name: 'InvalidCalendar', Unit: 'Count' }] },
          ],
        }),
      }),
    ]);
    expect(printed(stderr)).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'pre-scaler configuration invalid: acting on nothing',
        service: 'pre-scaler',
        environment: 'prod',
        problems: [
          'campaigns["black-friday"].end: "2027-11-25T00:00Z" is not after start "2027-11-26T00:00Z". Fix: end must be later than start.',
          'campaigns["too-small"].writer.instanceClass: db.r6g.large is smaller than the prod baseline writer db.r6g.xlarge; a campaign can only add capacity. Fix: use db.r6g.xlarge or larger.',
        ],
      }),
    ]);
  });

  test('a valid environment: an idle run makes three calls and publishes in EMF with the single Environment dimension', async () => {
    const loaded = loadHandler(valid());
    await expect(loaded.handler()).resolves.toMatchObject({ outcome: 'no-step' });
    expect(loaded.calls()).toBe(3);
    const [doc] = emf();
    expect((doc!._aws as { CloudWatchMetrics: unknown[] }).CloudWatchMetrics).toEqual([
      expect.objectContaining({ Namespace: 'AuroraSurge/PreScaler', Dimensions: [['Environment']] }),
    ]);
    expect(doc).toMatchObject({ Environment: 'prod', RunSucceeded: 1, InvalidCalendar: 0, Ready: 1 });
    expect(printed(stdout).filter((d) => d.message === 'pre-scaler run')).toHaveLength(1);
  });
});

describe('reactive scale-up (issue 15)', () => {
  const CLUSTER_ARN = `arn:aws:rds:eu-west-1:111111111111:cluster:${CLUSTER}`;
  const REACTIVE_PROD = {
    ...PROD,
    reactive: {
      enabled: true,
      sustainedMinutes: 3,
      writerCpuPercent: 80,
      writerConnectionsPercent: 80,
      ceiling: { kind: 'provisioned' as const, instanceClass: 'db.r6g.4xlarge' },
      readerFloorStep: 1,
      cooldownMinutes: 30,
      quietMinutes: 60,
    },
  };
  /** Tuesday 14:05, no campaign: the three minutes before (published) at 97 % CPU. */
  const SURGE = new Date('2027-03-02T14:05:00Z');

  function answerSurge(): void {
    answerCluster(['db.r6g.xlarge', 'db.r6g.xlarge'], 2);
    rds.on(DescribeDBClustersCommand).resolves({
      DBClusters: [
        {
          DBClusterIdentifier: CLUSTER,
          DBClusterArn: CLUSTER_ARN,
          Status: 'available',
          DBClusterMembers: [
            { DBInstanceIdentifier: `${CLUSTER}-instance-1`, IsClusterWriter: true, PromotionTier: 0 },
            { DBInstanceIdentifier: `${CLUSTER}-standby`, IsClusterWriter: false, PromotionTier: 0 },
            { DBInstanceIdentifier: SPARE_READER, IsClusterWriter: false, PromotionTier: 15 },
          ],
          TagList: [],
        },
      ],
    });
    const minutes = [0, 1, 2].map((m) => new Date(Date.parse('2027-03-02T14:03Z') - m * 60_000));
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'cpu', Timestamps: minutes, Values: [97, 96, 95] }] });
  }

  test('sustained pressure: the surge tag first, then the standby resize, in one run; the four surge metrics published', async () => {
    answerSurge();
    rds.on(AddTagsToResourceCommand).resolves({});
    rds.on(ModifyDBInstanceCommand).resolves({});
    const h = handlerFor(runtimeConfig({ settings: REACTIVE_PROD, campaigns: [BLACK_FRIDAY], clusterIdentifier: CLUSTER }), () => SURGE);
    await expect(h.invoke()).resolves.toMatchObject({ outcome: 'acted', action: 'modify-instance' });

    const order = rds
      .calls()
      .map((c) => c.args[0].constructor.name)
      .filter((n) => n === 'AddTagsToResourceCommand' || n === 'ModifyDBInstanceCommand');
    expect(order).toEqual(['AddTagsToResourceCommand', 'ModifyDBInstanceCommand']);
    expect(rds).toHaveReceivedCommandWith(AddTagsToResourceCommand, {
      ResourceName: CLUSTER_ARN,
      Tags: [
        {
          Key: 'aurora-surge:surge',
          Value: 'level=1 writer=db.r6g.2xlarge floor=3 since=2027-03-02T14:05:00.000Z last=2027-03-02T14:05:00.000Z',
        },
      ],
    });
    expect(rds).toHaveReceivedCommandWith(ModifyDBInstanceCommand, {
      DBInstanceIdentifier: `${CLUSTER}-standby`,
      DBInstanceClass: 'db.r6g.2xlarge',
    });
    expect(h.metrics.last).toMatchObject({ EmergencyStepTaken: 1, SurgeLevel: 1, SurgeAtCeiling: 0, OverrideInForce: 0 });
    const fields = h.logger.lines[0]?.fields as { surge: { pressure: string; notes: string[] } };
    expect(fields.surge.pressure).toContain('writer CPU 97% (threshold 80%)');
    expect(fields.surge.notes.join(' ')).toContain('emergency step 1');
  });

  test('a tag write AWS refuses: no capacity step without its record, the run fails', async () => {
    answerSurge();
    rds.on(AddTagsToResourceCommand).rejects(awsError('AccessDeniedException'));
    const h = handlerFor(runtimeConfig({ settings: REACTIVE_PROD, campaigns: [BLACK_FRIDAY], clusterIdentifier: CLUSTER }), () => SURGE);
    await expect(h.invoke()).rejects.toMatchObject({ kind: 'rejected' });
    expect(rds).not.toHaveReceivedCommand(ModifyDBInstanceCommand);
    expect(h.metrics.last).toMatchObject({ EmergencyStepTaken: 0, ActionRejected: 1 });
  });

  test('dry run: the emergency step is decided, logged and published, and neither the tag nor the capacity changes', async () => {
    answerSurge();
    const h = handlerFor(
      runtimeConfig({ settings: REACTIVE_PROD, campaigns: [BLACK_FRIDAY], clusterIdentifier: CLUSTER, dryRun: true }),
      () => SURGE,
    );
    await expect(h.invoke()).resolves.toMatchObject({ outcome: 'dry-run' });
    expect(rds).not.toHaveReceivedCommand(AddTagsToResourceCommand);
    expectNothingMutated();
    expect(h.metrics.last).toMatchObject({ EmergencyStepTaken: 1 });
  });
});
