import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  AddTagsToResourceCommand,
  RemoveTagsFromResourceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  FailoverDBClusterCommand,
  ModifyDBClusterCommand,
  ModifyDBInstanceCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsClusterPort } from '../../../lambda/pre-scaler/adapters/aws-cluster-port';
import { encodeOverrideTags, encodeSurgeRecord, OVERRIDE_TAG_KEYS, SURGE_TAG_KEYS } from '../../../lambda/pre-scaler/contract/surge-tags';
import { classifyAwsError } from '../../../lambda/pre-scaler/adapters/aws-errors';
import { ClusterPortError, type MutatingAction } from '../../../lambda/pre-scaler/core';
import { offlineClients } from './handler-harness';
import { awsError } from '../../helpers/aws-errors';

const rds = mockClient(RDSClient);
const autoScaling = mockClient(ApplicationAutoScalingClient);
const cloudWatch = mockClient(CloudWatchClient);
const NOW = new Date('2027-11-25T22:00:00Z');
const port = () => new AwsClusterPort(offlineClients(), 'aurora-surge-prod', () => NOW);

beforeEach(() => {
  rds.reset();
  autoScaling.reset();
  cloudWatch.reset();
});
afterAll(() => {
  rds.restore();
  autoScaling.restore();
  cloudWatch.restore();
});

function answerDescribes(): void {
  rds.on(DescribeDBClustersCommand).resolves({
    DBClusters: [
      {
        DBClusterIdentifier: 'aurora-surge-prod',
        Status: 'available',
        DBClusterMembers: [
          { DBInstanceIdentifier: 'aurora-surge-prod-instance-1', IsClusterWriter: true, PromotionTier: 1 },
          { DBInstanceIdentifier: 'aurora-surge-prod-standby', IsClusterWriter: false, PromotionTier: 0 },
          { DBInstanceIdentifier: 'application-autoscaling-0a1b', IsClusterWriter: false, PromotionTier: 15 },
        ],
      },
    ],
  });
  rds
    .on(DescribeDBInstancesCommand)
    .resolvesOnce({
      DBInstances: [
        {
          DBInstanceIdentifier: 'aurora-surge-prod-instance-1',
          DBInstanceClass: 'db.r6g.xlarge',
          DBInstanceStatus: 'available',
          PromotionTier: 1,
        },
        {
          DBInstanceIdentifier: 'aurora-surge-prod-standby',
          DBInstanceClass: 'db.r6g.xlarge',
          DBInstanceStatus: 'modifying',
          PromotionTier: 0,
        },
      ],
      Marker: 'page-2',
    })
    .resolvesOnce({
      DBInstances: [
        {
          DBInstanceIdentifier: 'application-autoscaling-0a1b',
          DBInstanceClass: 'db.r6g.xlarge',
          DBInstanceStatus: 'creating',
          PromotionTier: 15,
        },
      ],
    });
  autoScaling.on(DescribeScalableTargetsCommand).resolves({
    ScalableTargets: [
      {
        ServiceNamespace: 'rds',
        ResourceId: 'cluster:aurora-surge-prod',
        ScalableDimension: 'rds:cluster:ReadReplicaCount',
        MinCapacity: 1,
        MaxCapacity: 6,
        RoleARN: 'arn',
        CreationTime: NOW,
      },
    ],
  });
}

describe('observeCapacity', () => {
  test('maps the three describe answers to an observation, following DescribeDBInstances pages', async () => {
    answerDescribes();
    const observation = await port().observeCapacity();

    expect(observation).toEqual({
      clusterId: 'aurora-surge-prod',
      clusterStatus: 'available',
      instances: [
        {
          id: 'aurora-surge-prod-instance-1',
          instanceClass: 'db.r6g.xlarge',
          status: 'available',
          isWriter: true,
          promotionTier: 1,
          createdByAutoScaling: false,
        },
        {
          id: 'aurora-surge-prod-standby',
          instanceClass: 'db.r6g.xlarge',
          status: 'modifying',
          isWriter: false,
          promotionTier: 0,
          createdByAutoScaling: false,
        },
        {
          id: 'application-autoscaling-0a1b',
          instanceClass: 'db.r6g.xlarge',
          status: 'creating',
          isWriter: false,
          promotionTier: 15,
          createdByAutoScaling: true,
        },
      ],
      readerTarget: { minCapacity: 1, maxCapacity: 6 },
    });
    expect(rds).toHaveReceivedCommandWith(DescribeDBClustersCommand, { DBClusterIdentifier: 'aurora-surge-prod' });
    expect(rds).toHaveReceivedCommandTimes(DescribeDBInstancesCommand, 2);
    expect(rds).toHaveReceivedNthSpecificCommandWith(1, DescribeDBInstancesCommand, {
      Filters: [{ Name: 'db-cluster-id', Values: ['aurora-surge-prod'] }],
      MaxRecords: 100,
    });
    expect(rds).toHaveReceivedNthSpecificCommandWith(2, DescribeDBInstancesCommand, { Marker: 'page-2' });
    expect(autoScaling).toHaveReceivedCommandWith(DescribeScalableTargetsCommand, {
      ServiceNamespace: 'rds',
      ResourceIds: ['cluster:aurora-surge-prod'],
      ScalableDimension: 'rds:cluster:ReadReplicaCount',
    });
    expect(cloudWatch).not.toHaveReceivedAnyCommand();
  });

  test('a Serverless v2 cluster reports its capacity range', async () => {
    answerDescribes();
    rds.on(DescribeDBClustersCommand).resolves({
      DBClusters: [
        {
          DBClusterIdentifier: 'aurora-surge-prod',
          Status: 'available',
          DBClusterMembers: [],
          ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 8 },
        },
      ],
    });
    expect((await port().observeCapacity()).serverlessV2).toEqual({ minCapacity: 0.5, maxCapacity: 8 });
  });

  test('an unknown cluster is a rejection that names the fix', async () => {
    answerDescribes();
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [] });
    await expect(port().observeCapacity()).rejects.toMatchObject({
      kind: 'rejected',
      message: expect.stringContaining('Fix: check CLUSTER_IDENTIFIER'),
    });
  });

  test.each([
    ['Throttling', 'throttled'],
    ['AccessDenied', 'rejected'],
    ['InternalFailure', 'unknown-outcome'],
  ])('a %s answer leaves as a %s ClusterPortError naming the call', async (name, kind) => {
    answerDescribes();
    rds.on(DescribeDBInstancesCommand).rejects(awsError(name));
    const err = await port()
      .observeCapacity()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterPortError);
    expect(err).toMatchObject({
      kind,
      awsErrorName: name,
      message: expect.stringMatching(new RegExp(`^DescribeDBInstances failed: ${name}`)),
    });
  });
});

describe('readMetrics', () => {
  test('asks GetMetricData for the writer CPU by role and the lag of the named readers, and reads the answers', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'cpu', Values: [30, 50, 40] },
        { Id: 'lag0', Values: [2500, 20] },
      ],
    });
    const base = {
      clusterId: 'aurora-surge-prod',
      clusterStatus: 'available',
      instances: [
        { id: 'w', instanceClass: 'db.r6g.xlarge', status: 'available', isWriter: true, promotionTier: 1, createdByAutoScaling: false },
        { id: 's', instanceClass: 'db.r6g.4xlarge', status: 'available', isWriter: false, promotionTier: 0, createdByAutoScaling: false },
      ],
    };
    const observed = await port().readMetrics(base, { writerCpu: true, replicaLagOf: ['s'] });

    expect(observed.writerCpuPercent).toBe(40);
    expect(observed.instances.find((i) => i.id === 's')?.replicaLagMs).toBe(2500);
    expect(cloudWatch).toHaveReceivedCommandWith(GetMetricDataCommand, {
      StartTime: new Date('2027-11-25T21:45:00Z'),
      EndTime: NOW,
      MetricDataQueries: [
        {
          Id: 'cpu',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/RDS',
              MetricName: 'CPUUtilization',
              Dimensions: [
                { Name: 'DBClusterIdentifier', Value: 'aurora-surge-prod' },
                { Name: 'Role', Value: 'WRITER' },
              ],
            },
            Period: 60,
            Stat: 'Average',
          },
        },
        {
          Id: 'lag0',
          Label: 's',
          MetricStat: {
            Metric: { Namespace: 'AWS/RDS', MetricName: 'AuroraReplicaLag', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 's' }] },
            Period: 60,
            Stat: 'Maximum',
          },
        },
      ],
    });
  });

  test('follows NextToken pages; no datapoints leave the figure unknown', async () => {
    cloudWatch
      .on(GetMetricDataCommand)
      .resolvesOnce({ MetricDataResults: [{ Id: 'cpu', Values: [] }], NextToken: 't2' })
      .resolvesOnce({ MetricDataResults: [{ Id: 'cpu', Values: [] }] });
    const base = { clusterId: 'c', clusterStatus: 'available', instances: [] };
    const observed = await port().readMetrics(base, { writerCpu: true, replicaLagOf: [] });
    expect(observed.writerCpuPercent).toBeUndefined();
    expect(cloudWatch).toHaveReceivedCommandTimes(GetMetricDataCommand, 2);
    expect(cloudWatch).toHaveReceivedNthSpecificCommandWith(2, GetMetricDataCommand, { NextToken: 't2' });
  });

  test('nothing requested: no call', async () => {
    const base = { clusterId: 'c', clusterStatus: 'available', instances: [] };
    await port().readMetrics(base, { writerCpu: false, replicaLagOf: [] });
    expect(cloudWatch).not.toHaveReceivedAnyCommand();
  });
});

describe('execute: every action maps to one API call with the right parameters', () => {
  const base = { reason: 'test', direction: 'up' as const };
  test('modify-instance → ModifyDBInstance with the class, applied immediately', async () => {
    rds.on(ModifyDBInstanceCommand).resolves({});
    await port().execute({
      ...base,
      kind: 'modify-instance',
      instanceId: 'aurora-surge-prod-standby',
      fromClass: 'db.r6g.xlarge',
      toClass: 'db.r6g.4xlarge',
    });
    expect(rds).toHaveReceivedCommandTimes(ModifyDBInstanceCommand, 1);
    expect(rds.commandCalls(ModifyDBInstanceCommand)[0]!.args[0].input).toEqual({
      DBInstanceIdentifier: 'aurora-surge-prod-standby',
      DBInstanceClass: 'db.r6g.4xlarge',
      ApplyImmediately: true,
    });
  });

  test('failover → FailoverDBCluster naming the target', async () => {
    rds.on(FailoverDBClusterCommand).resolves({});
    await port().execute({
      ...base,
      kind: 'failover',
      targetInstanceId: 'aurora-surge-prod-standby',
      fromInstanceId: 'aurora-surge-prod-instance-1',
      fromClass: 'db.r6g.xlarge',
      toClass: 'db.r6g.4xlarge',
    });
    expect(rds.commandCalls(FailoverDBClusterCommand)[0]!.args[0].input).toEqual({
      DBClusterIdentifier: 'aurora-surge-prod',
      TargetDBInstanceIdentifier: 'aurora-surge-prod-standby',
    });
  });

  test('set-serverless-range → ModifyDBCluster with the ServerlessV2ScalingConfiguration, applied immediately', async () => {
    rds.on(ModifyDBClusterCommand).resolves({});
    await port().execute({ ...base, kind: 'set-serverless-range', minCapacity: 4, maxCapacity: 16 });
    expect(rds.commandCalls(ModifyDBClusterCommand)[0]!.args[0].input).toEqual({
      DBClusterIdentifier: 'aurora-surge-prod',
      ServerlessV2ScalingConfiguration: { MinCapacity: 4, MaxCapacity: 16 },
      ApplyImmediately: true,
    });
  });

  test('set-reader-floor → RegisterScalableTarget with MinCapacity only (MaxCapacity unchanged)', async () => {
    autoScaling.on(RegisterScalableTargetCommand).resolves({});
    await port().execute({ ...base, kind: 'set-reader-floor', minCapacity: 4 });
    expect(autoScaling.commandCalls(RegisterScalableTargetCommand)[0]!.args[0].input).toEqual({
      ServiceNamespace: 'rds',
      ResourceId: 'cluster:aurora-surge-prod',
      ScalableDimension: 'rds:cluster:ReadReplicaCount',
      MinCapacity: 4,
    });
    expect(rds).not.toHaveReceivedAnyCommand();
  });

  test.each<[string, string]>([
    ['InvalidDBInstanceStateFault', 'conflict'],
    ['InvalidDBClusterStateFault', 'conflict'],
    ['Throttling', 'throttled'],
    ['InvalidParameterCombination', 'rejected'],
    ['AccessDenied', 'rejected'],
  ])('a %s refusal is a %s error', async (name, kind) => {
    rds.on(ModifyDBInstanceCommand).rejects(awsError(name));
    const action: MutatingAction = {
      ...base,
      kind: 'modify-instance',
      instanceId: 'i',
      fromClass: 'db.r6g.xlarge',
      toClass: 'db.r6g.4xlarge',
    };
    await expect(port().execute(action)).rejects.toMatchObject({ kind, awsErrorName: name });
  });
});

describe('classifyAwsError', () => {
  test.each<[object, string]>([
    [{ name: 'ThrottlingException' }, 'throttled'],
    [{ name: 'TooManyRequestsException' }, 'throttled'],
    [{ name: 'ConcurrentUpdateException' }, 'conflict'],
    [{ name: 'TimeoutError' }, 'unknown-outcome'],
    [{ code: 'ECONNRESET', name: 'Error' }, 'unknown-outcome'],
    [{ name: 'SomethingNew', $fault: 'server' }, 'unknown-outcome'],
    [{ name: 'ValidationException', $fault: 'client' }, 'rejected'],
    [{}, 'rejected'],
  ])('%j → %s', (error, kind) => {
    expect(classifyAwsError(error)).toBe(kind);
  });
});

describe('the surge and override tags (issue 15)', () => {
  const CLUSTER_ARN = 'arn:aws:rds:eu-west-1:111111111111:cluster:aurora-surge-prod';

  function answerWithTags(tags: Array<{ Key: string; Value: string }>): void {
    rds.on(DescribeDBClustersCommand).resolves({
      DBClusters: [
        {
          DBClusterIdentifier: 'aurora-surge-prod',
          DBClusterArn: CLUSTER_ARN,
          Status: 'available',
          DBClusterMembers: [{ DBInstanceIdentifier: 'w', IsClusterWriter: true, PromotionTier: 0 }],
          TagList: tags,
        },
      ],
    });
    rds
      .on(DescribeDBInstancesCommand)
      .resolves({ DBInstances: [{ DBInstanceIdentifier: 'w', DBInstanceClass: 'db.r6g.2xlarge', DBInstanceStatus: 'available' }] });
    autoScaling.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] });
  }

  test('observeCapacity reads the surge record and the override from the TagList, with the cluster ARN', async () => {
    answerWithTags([
      { Key: 'environment', Value: 'prod' },
      {
        Key: SURGE_TAG_KEYS.surge,
        Value: 'level=1 writer=db.r6g.2xlarge floor=3 since=2027-11-25T21:40:00.000Z last=2027-11-25T21:40:00.000Z',
      },
      ...encodeOverrideTags({
        readerFloor: 4,
        setAtMs: Date.parse('2027-11-25T21:00Z'),
        untilMs: Date.parse('2027-11-26T03:00Z'),
        by: 'arn:aws:sts::111111111111:assumed-role/operators/alice',
        reason: 'drill',
      }),
    ]);
    const o = await port().observeCapacity();
    expect(o.clusterArn).toBe(CLUSTER_ARN);
    expect(o.surge).toEqual({
      level: 1,
      writer: { kind: 'provisioned', instanceClass: 'db.r6g.2xlarge' },
      readerFloor: 3,
      sinceMs: Date.parse('2027-11-25T21:40Z'),
      lastStepMs: Date.parse('2027-11-25T21:40Z'),
    });
    expect(o.override).toMatchObject({ readerFloor: 4, reason: 'drill' });
    expect(o.tagProblems).toBeUndefined();
  });

  test('a tag that cannot be read is a problem with its fix, and the record counts as absent', async () => {
    answerWithTags([{ Key: SURGE_TAG_KEYS.surge, Value: 'level=one' }]);
    const o = await port().observeCapacity();
    expect(o.surge).toBeUndefined();
    expect(o.tagProblems?.[0]).toContain('Fix: remove the tag');
  });

  test('writeSurgeTags: one AddTagsToResource for the record, one RemoveTagsFromResource for the removals, on the cluster ARN', async () => {
    answerWithTags([]);
    rds.on(AddTagsToResourceCommand).resolves({});
    rds.on(RemoveTagsFromResourceCommand).resolves({});
    const p = port();
    await p.observeCapacity();
    const record = {
      level: 2,
      writer: { kind: 'provisioned' as const, instanceClass: 'db.r6g.4xlarge' },
      readerFloor: 4,
      sinceMs: Date.parse('2027-11-25T21:00Z'),
      lastStepMs: Date.parse('2027-11-25T21:40Z'),
    };
    await p.writeSurgeTags({ set: record, clearOverride: true, reason: 'test' });
    expect(rds).toHaveReceivedCommandTimes(AddTagsToResourceCommand, 1);
    expect(rds).toHaveReceivedCommandWith(AddTagsToResourceCommand, {
      ResourceName: CLUSTER_ARN,
      Tags: [{ Key: SURGE_TAG_KEYS.surge, Value: encodeSurgeRecord(record) }],
    });
    expect(rds).toHaveReceivedCommandWith(RemoveTagsFromResourceCommand, { ResourceName: CLUSTER_ARN, TagKeys: [...OVERRIDE_TAG_KEYS] });
    rds.resetHistory();
    await p.writeSurgeTags({ clearSurge: true, reason: 'quiet' });
    expect(rds).toHaveReceivedCommandTimes(AddTagsToResourceCommand, 0);
    expect(rds).toHaveReceivedCommandWith(RemoveTagsFromResourceCommand, { ResourceName: CLUSTER_ARN, TagKeys: [SURGE_TAG_KEYS.surge] });
  });

  test('a refused tag write leaves as a classified error', async () => {
    answerWithTags([]);
    rds.on(AddTagsToResourceCommand).rejects(awsError('AccessDeniedException'));
    const p = port();
    await p.observeCapacity();
    const record = {
      level: 1,
      writer: { kind: 'provisioned' as const, instanceClass: 'db.r6g.2xlarge' },
      readerFloor: 2,
      sinceMs: 0,
      lastStepMs: 0,
    };
    await expect(p.writeSurgeTags({ set: record, reason: 'test' })).rejects.toMatchObject({ kind: 'rejected' });
  });

  test('readMetrics: the pressure figures at a 1-minute period in the same GetMetricData call, read minute by minute', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'cpu', Timestamps: [new Date('2027-11-25T21:57Z'), new Date('2027-11-25T21:56Z')], Values: [95, 91] },
        { Id: 'pconn', Timestamps: [new Date('2027-11-25T21:57Z'), new Date('2027-11-25T21:56Z')], Values: [3000, 2900] },
        { Id: 'pborrow', Timestamps: [new Date('2027-11-25T21:57Z')], Values: [120_000] },
        { Id: 'pclient', Timestamps: [new Date('2027-11-25T21:57Z')], Values: [1800] },
      ],
    });
    const base = { clusterId: 'aurora-surge-prod', clusterStatus: 'available', instances: [] };
    const proxied = new AwsClusterPort(offlineClients(), 'aurora-surge-prod', () => NOW, 'aurora-surge-prod');
    const o = await proxied.readMetrics(base, {
      writerCpu: false,
      replicaLagOf: [],
      pressure: { minutes: 5, proxy: true, connections: true, serverlessCapacity: false },
    });
    const input = cloudWatch.commandCalls(GetMetricDataCommand)[0]?.args[0].input;
    expect(cloudWatch).toHaveReceivedCommandTimes(GetMetricDataCommand, 1);
    expect(input?.StartTime).toEqual(new Date('2027-11-25T21:55:00Z'));
    expect(
      input?.MetricDataQueries?.map((q) => [q.Id, q.MetricStat?.Metric?.MetricName, q.MetricStat?.Period, q.MetricStat?.Stat]),
    ).toEqual([
      ['cpu', 'CPUUtilization', 60, 'Average'],
      ['pconn', 'DatabaseConnections', 60, 'Maximum'],
      ['pborrow', 'DatabaseConnectionsBorrowLatency', 60, 'Average'],
      ['pclient', 'ClientConnections', 60, 'Sum'],
    ]);
    expect(input?.MetricDataQueries?.[2]?.MetricStat?.Metric?.Dimensions).toEqual([{ Name: 'ProxyName', Value: 'aurora-surge-prod' }]);
    expect(o.pressure?.minutes).toEqual([
      { atMs: Date.parse('2027-11-25T21:56Z'), writerCpuPercent: 91, writerConnections: 2900 },
      {
        atMs: Date.parse('2027-11-25T21:57Z'),
        writerCpuPercent: 95,
        writerConnections: 3000,
        proxyBorrowLatencyMicros: 120_000,
        proxyClientConnections: 1800,
      },
    ]);
    // The guard's CPU was not asked for, so it is not set.
    expect(o.writerCpuPercent).toBeUndefined();
  });
});
