/**
 * What the pre-scaler reads from AWS on every run. Field names follow the APIs they come from so the
 * AWS adapter stays a thin mapping:
 * - `DescribeDBClusters` → cluster status, members (writer, promotion tier), `ServerlessV2ScalingConfiguration`;
 * - `DescribeDBInstances` → each instance's class and status;
 * - `DescribeScalableTargets` (`rds:cluster:ReadReplicaCount`) → the reader target's min/max;
 * - `GetMetricData` → the writer's `CPUUtilization` and each reader's `AuroraReplicaLag`.
 */
export interface Observation {
  /** `DBClusterIdentifier`. */
  readonly clusterId: string;
  /** `DBCluster.Status`: `available`, `modifying`, `failing-over`, `backing-up`, … */
  readonly clusterStatus: string;
  readonly instances: readonly InstanceObservation[];
  /** `DBCluster.ServerlessV2ScalingConfiguration`. @default - not a Serverless v2 cluster */
  readonly serverlessV2?: CapacityRange;
  /** The reader scalable target (`MinCapacity`/`MaxCapacity`). @default - no target registered */
  readonly readerTarget?: CapacityRange;
  /** Writer `CPUUtilization`, average over the last 15 minutes. @default - no datapoints */
  readonly writerCpuPercent?: number;
}

export interface CapacityRange {
  readonly minCapacity: number;
  readonly maxCapacity: number;
}

export interface InstanceObservation {
  /** `DBInstanceIdentifier`. */
  readonly id: string;
  /** `DBInstanceClass`; `db.serverless` for Serverless v2 instances. */
  readonly instanceClass: string;
  /** `DBInstanceStatus`: `available`, `modifying`, `creating`, `deleting`, `rebooting`, … */
  readonly status: string;
  /** `DBClusterMember.IsClusterWriter`. */
  readonly isWriter: boolean;
  /** `DBClusterMember.PromotionTier` (0 is promoted first). */
  readonly promotionTier: number;
  /** Created by Aurora Auto Scaling (its identifiers start with {@link AUTOSCALED_INSTANCE_PREFIX}). */
  readonly createdByAutoScaling: boolean;
  /** `AuroraReplicaLag` of a reader, milliseconds, latest datapoint. @default - unknown */
  readonly replicaLagMs?: number;
}

/**
 * Aurora Auto Scaling names the replicas it adds `application-autoscaling-<uuid>`; it gives them the
 * primary's instance class and promotion tier 15, and removes only replicas it created.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Integrating.AutoScaling.html
 */
export const AUTOSCALED_INSTANCE_PREFIX = 'application-autoscaling-';

export const AVAILABLE = 'available';
