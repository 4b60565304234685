import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import {
  CloudWatchClient,
  GetMetricDataCommand,
  type Dimension,
  type MetricDataQuery,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  FailoverDBClusterCommand,
  ModifyDBClusterCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  type Filter,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import type { AuroraClusterModel } from '../../tools/simulator';

/** Every SDK command the pre-scaler may send, by client. */
export const MUTATING_COMMANDS = [
  ModifyDBInstanceCommand,
  FailoverDBClusterCommand,
  ModifyDBClusterCommand,
  RegisterScalableTargetCommand,
] as const;

const mockRds = () => mockClient(RDSClient);
const mockAutoScaling = () => mockClient(ApplicationAutoScalingClient);
const mockCloudWatch = () => mockClient(CloudWatchClient);

export interface SimulatorSdkMocks {
  readonly rds: ReturnType<typeof mockRds>;
  readonly autoScaling: ReturnType<typeof mockAutoScaling>;
  readonly cloudWatch: ReturnType<typeof mockCloudWatch>;
  /** Every command sent, in order (`DescribeDBClusters`, `ModifyDBInstance`, …). */
  readonly calls: () => string[];
  /** Forget the calls recorded so far (the model is untouched). */
  readonly resetCalls: () => void;
  readonly restore: () => void;
}

export interface SimulatorSdkOptions {
  /**
   * `DescribeDBInstances` answers this many instances per page (with a `Marker`), so every run also
   * exercises the adapter's pagination. @default 2
   */
  readonly instancesPerPage?: number;
}

/**
 * Answers the AWS SDK v3 clients from the cluster simulator (aws-sdk-client-mock `callsFake`), in the
 * APIs' own shapes: the real adapter and handler run unchanged, and the simulator plays AWS, faults
 * and durations included. Requests are checked the way AWS would (the cluster the call names, the
 * reader target's id and dimension), so a wrong parameter fails the scenario.
 */
export function answerSdkFromSimulator(model: AuroraClusterModel, options: SimulatorSdkOptions = {}): SimulatorSdkMocks {
  const perPage = options.instancesPerPage ?? 2;
  const rds = mockRds();
  const autoScaling = mockAutoScaling();
  const cloudWatch = mockCloudWatch();
  let calls: string[] = [];
  const sent = (name: string) => calls.push(name);
  const sameCluster = (id: string | undefined) => {
    if (id !== model.clusterId) throw Object.assign(new Error(`DBCluster ${id} not found.`), { name: 'DBClusterNotFoundFault' });
  };

  rds.on(DescribeDBClustersCommand).callsFake((input) => {
    sent('DescribeDBClusters');
    sameCluster(input.DBClusterIdentifier);
    return model.describeDBClusters();
  });
  rds.on(DescribeDBInstancesCommand).callsFake((input) => {
    sent('DescribeDBInstances');
    const filter = input.Filters?.find((f: Filter) => f.Name === 'db-cluster-id');
    sameCluster(filter?.Values?.[0]);
    const all = model.describeDBInstances().DBInstances;
    const start = input.Marker ? Number(input.Marker) : 0;
    const next = start + perPage;
    return { DBInstances: all.slice(start, next), ...(next < all.length ? { Marker: String(next) } : {}) };
  });
  rds.on(ModifyDBInstanceCommand).callsFake((input) => {
    sent('ModifyDBInstance');
    if (input.ApplyImmediately !== true) throw new Error('ModifyDBInstance without ApplyImmediately would wait for the maintenance window');
    model.modifyDBInstance({
      DBInstanceIdentifier: input.DBInstanceIdentifier as string,
      DBInstanceClass: input.DBInstanceClass as string,
    });
    return {};
  });
  rds.on(FailoverDBClusterCommand).callsFake((input) => {
    sent('FailoverDBCluster');
    sameCluster(input.DBClusterIdentifier);
    model.failoverDBCluster({ TargetDBInstanceIdentifier: input.TargetDBInstanceIdentifier as string });
    return {};
  });
  rds.on(ModifyDBClusterCommand).callsFake((input) => {
    sent('ModifyDBCluster');
    sameCluster(input.DBClusterIdentifier);
    const range = input.ServerlessV2ScalingConfiguration;
    model.modifyDBCluster({
      ServerlessV2ScalingConfiguration: { MinCapacity: range?.MinCapacity as number, MaxCapacity: range?.MaxCapacity as number },
    });
    return {};
  });
  autoScaling.on(DescribeScalableTargetsCommand).callsFake((input) => {
    sent('DescribeScalableTargets');
    const answer = model.describeScalableTargets();
    return {
      ScalableTargets: answer.ScalableTargets.filter(
        (t) =>
          (input.ResourceIds ?? [t.ResourceId]).includes(t.ResourceId) &&
          (input.ScalableDimension ?? t.ScalableDimension) === t.ScalableDimension,
      ).map((t) => ({ ...t, ServiceNamespace: 'rds' as const, RoleARN: 'arn:aws:iam::111111111111:role/slr', CreationTime: new Date(0) })),
    };
  });
  autoScaling.on(RegisterScalableTargetCommand).callsFake((input) => {
    sent('RegisterScalableTarget');
    if (
      input.ServiceNamespace !== 'rds' ||
      input.ResourceId !== `cluster:${model.clusterId}` ||
      input.ScalableDimension !== 'rds:cluster:ReadReplicaCount'
    ) {
      throw Object.assign(new Error(`No scalable target ${input.ResourceId} ${input.ScalableDimension}`), { name: 'ValidationException' });
    }
    model.registerScalableTarget({ MinCapacity: input.MinCapacity, MaxCapacity: input.MaxCapacity });
    return {};
  });
  cloudWatch.on(GetMetricDataCommand).callsFake((input) => {
    sent('GetMetricData');
    const results: MetricDataResult[] = (input.MetricDataQueries ?? []).map((q: MetricDataQuery) => {
      const metric = q.MetricStat?.Metric;
      const dims = new Map((metric?.Dimensions ?? []).map((d: Dimension) => [d.Name, d.Value]));
      let value: number | undefined;
      if (metric?.MetricName === 'CPUUtilization' && dims.get('Role') === 'WRITER' && dims.get('DBClusterIdentifier') === model.clusterId)
        value = model.writerCpuPercent();
      else if (metric?.MetricName === 'AuroraReplicaLag') value = model.replicaLagMs(dims.get('DBInstanceIdentifier') as string);
      return {
        Id: q.Id,
        Label: q.Label,
        StatusCode: 'Complete',
        Values: value === undefined ? [] : [value],
        Timestamps: value === undefined ? [] : [new Date(model.now())],
      };
    });
    return { MetricDataResults: results };
  });

  return {
    rds,
    autoScaling,
    cloudWatch,
    calls: () => [...calls],
    resetCalls: () => {
      calls = [];
    },
    restore: () => {
      rds.restore();
      autoScaling.restore();
      cloudWatch.restore();
    },
  };
}
