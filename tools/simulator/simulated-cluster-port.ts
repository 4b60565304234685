import type { MutatingAction } from '../../lambda/pre-scaler/core/action';
import { AUTOSCALED_INSTANCE_PREFIX, type Observation } from '../../lambda/pre-scaler/core/observation';
import type { PressureReadings } from '../../lambda/pre-scaler/core/pressure';
import {
  ClusterPortError,
  type ClusterPort,
  type ClusterPortErrorKind,
  type MetricRequest,
  type SyncClusterPort,
} from '../../lambda/pre-scaler/core/port';
import {
  decodeOverride,
  decodeSurgeRecord,
  encodeSurgeRecord,
  OVERRIDE_TAG_KEYS,
  SURGE_TAG_KEYS,
} from '../../lambda/pre-scaler/contract/surge-tags';
import type { SurgeTagChange } from '../../lambda/pre-scaler/core/port';
import { SimulatedAwsError, type AuroraClusterModel } from './aurora-cluster-model';

const ERROR_KINDS: Record<string, ClusterPortErrorKind> = {
  Throttling: 'throttled',
  ThrottlingException: 'throttled',
  InvalidDBInstanceStateFault: 'conflict',
  InvalidDBClusterStateFault: 'conflict',
  InternalFailure: 'unknown-outcome',
  DBClusterNotFoundFault: 'rejected',
  TimeoutError: 'unknown-outcome',
};

/**
 * The pre-scaler's {@link ClusterPort} over the simulated cluster: the same mapping the AWS adapter
 * does over the SDK (API shapes in, `Observation` out; AWS error names to error kinds), in the same
 * two stages (capacity, then only the CloudWatch figures asked for).
 */
export class SimulatedClusterPort implements ClusterPort, SyncClusterPort {
  constructor(private readonly model: AuroraClusterModel) {}

  async observeCapacity(): Promise<Observation> {
    return this.observeCapacityNow();
  }

  async readMetrics(observation: Observation, request: MetricRequest): Promise<Observation> {
    return this.readMetricsNow(observation, request);
  }

  async execute(action: MutatingAction): Promise<void> {
    this.executeNow(action);
  }

  async writeSurgeTags(change: SurgeTagChange): Promise<void> {
    this.writeSurgeTagsNow(change);
  }

  /** {@link writeSurgeTags}, synchronously: one AddTagsToResource for the record, one RemoveTagsFromResource for the removals. */
  writeSurgeTagsNow(change: SurgeTagChange): void {
    guard(() => {
      const arn = this.model.clusterArn;
      if (change.set)
        this.model.addTagsToResource({ ResourceName: arn, Tags: [{ Key: SURGE_TAG_KEYS.surge, Value: encodeSurgeRecord(change.set) }] });
      const keys = [...(change.clearSurge ? [SURGE_TAG_KEYS.surge] : []), ...(change.clearOverride ? OVERRIDE_TAG_KEYS : [])];
      if (keys.length > 0) this.model.removeTagsFromResource({ ResourceName: arn, TagKeys: keys });
    });
  }

  /** {@link observeCapacity}, synchronously (the model answers at once). */
  observeCapacityNow(): Observation {
    return guard(() => {
      const cluster = this.model.describeDBClusters().DBClusters[0];
      if (!cluster) throw new Error('The simulated model described no cluster');
      const instances = this.model.describeDBInstances().DBInstances;
      const target = this.model
        .describeScalableTargets()
        .ScalableTargets.find((t) => t.ScalableDimension === 'rds:cluster:ReadReplicaCount');
      const members = new Map(cluster.DBClusterMembers.map((m) => [m.DBInstanceIdentifier, m]));
      const surge = decodeSurgeRecord(cluster.TagList);
      const override = decodeOverride(cluster.TagList);
      const tagProblems = [surge, override].flatMap((r) => (r.ok ? [] : [r.problem]));
      return {
        clusterId: cluster.DBClusterIdentifier,
        clusterArn: cluster.DBClusterArn,
        ...(surge.ok && surge.value ? { surge: surge.value } : {}),
        ...(override.ok && override.value ? { override: override.value } : {}),
        ...(tagProblems.length > 0 ? { tagProblems } : {}),
        clusterStatus: cluster.Status,
        instances: instances.map((i) => {
          const member = members.get(i.DBInstanceIdentifier);
          return {
            id: i.DBInstanceIdentifier,
            instanceClass: i.DBInstanceClass,
            status: i.DBInstanceStatus,
            isWriter: member?.IsClusterWriter ?? false,
            promotionTier: member?.PromotionTier ?? i.PromotionTier,
            createdByAutoScaling: i.DBInstanceIdentifier.startsWith(AUTOSCALED_INSTANCE_PREFIX),
          };
        }),
        ...(cluster.ServerlessV2ScalingConfiguration
          ? {
              serverlessV2: {
                minCapacity: cluster.ServerlessV2ScalingConfiguration.MinCapacity,
                maxCapacity: cluster.ServerlessV2ScalingConfiguration.MaxCapacity,
              },
            }
          : {}),
        ...(target ? { readerTarget: { minCapacity: target.MinCapacity, maxCapacity: target.MaxCapacity } } : {}),
      };
    });
  }

  /** {@link readMetrics}, synchronously: the writer's CPU and the replica lag of the readers asked for. */
  readMetricsNow(observation: Observation, request: MetricRequest): Observation {
    return guard(() => {
      const cpu = request.writerCpu ? this.model.writerCpuPercent() : undefined;
      const lagOf = new Set(request.replicaLagOf);
      const pressure = request.pressure ? this.pressureNow(request.pressure.minutes) : undefined;
      return {
        ...observation,
        ...(pressure ? { pressure } : {}),
        instances: observation.instances.map((i) => {
          const lag = lagOf.has(i.id) ? this.model.replicaLagMs(i.id) : undefined;
          return lag !== undefined ? { ...i, replicaLagMs: lag } : i;
        }),
        ...(cpu !== undefined ? { writerCpuPercent: cpu } : {}),
      };
    });
  }

  /** The pressure figures CloudWatch would return now: per-minute datapoints, and the writer's latest capacity. */
  private pressureNow(minutes: number): PressureReadings {
    const figures = this.model.minuteFigures(minutes);
    const newestAcu = [...figures].reverse().find((f) => f.capacityAcu !== undefined)?.capacityAcu;
    return {
      minutes: figures.map((f) => ({
        atMs: f.atMs,
        writerCpuPercent: f.cpuPercent,
        writerConnections: f.connections,
        ...(f.proxyBorrowLatencyMicros !== undefined ? { proxyBorrowLatencyMicros: f.proxyBorrowLatencyMicros } : {}),
        ...(f.proxyClientConnections !== undefined ? { proxyClientConnections: f.proxyClientConnections } : {}),
      })),
      ...(newestAcu !== undefined ? { writerServerlessCapacity: newestAcu } : {}),
    };
  }

  /** Capacity and every CloudWatch figure at once, for tests that inspect the whole cluster. */
  observeEverythingNow(): Observation {
    const capacity = this.observeCapacityNow();
    return this.readMetricsNow(capacity, { writerCpu: true, replicaLagOf: capacity.instances.filter((i) => !i.isWriter).map((i) => i.id) });
  }

  /** {@link execute}, synchronously. */
  executeNow(action: MutatingAction): void {
    guard(() => {
      switch (action.kind) {
        case 'modify-instance':
          return this.model.modifyDBInstance({ DBInstanceIdentifier: action.instanceId, DBInstanceClass: action.toClass });
        case 'failover':
          return this.model.failoverDBCluster({ TargetDBInstanceIdentifier: action.targetInstanceId });
        case 'set-serverless-range':
          return this.model.modifyDBCluster({
            ServerlessV2ScalingConfiguration: { MinCapacity: action.minCapacity, MaxCapacity: action.maxCapacity },
          });
        case 'set-reader-floor':
          return this.model.registerScalableTarget({ MinCapacity: action.minCapacity });
      }
    });
  }
}

function guard<T>(call: () => T): T {
  try {
    return call();
  } catch (err) {
    if (err instanceof SimulatedAwsError)
      throw new ClusterPortError(ERROR_KINDS[err.name] ?? 'rejected', err.message, err.name, { cause: err });
    throw err;
  }
}
