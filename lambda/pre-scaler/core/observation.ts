import type { PressureReadings } from './pressure';
import type { OverrideTarget, SurgeRecord } from './surge';

/**
 * What the pre-scaler reads from AWS on every run. Field names follow the APIs they come from so the
 * AWS adapter stays a thin mapping:
 * - `DescribeDBClusters` → cluster status, members (writer, promotion tier), `ServerlessV2ScalingConfiguration`;
 * - `DescribeDBInstances` → each instance's class and status;
 * - `DescribeScalableTargets` (`rds:cluster:ReadReplicaCount`) → the reader target's min/max;
 * - `GetMetricData` → the writer's `CPUUtilization` and each reader's `AuroraReplicaLag`, and the
 *   writer's pressure readings (reactive scale-up, issue 15);
 * - `DBCluster.TagList` → the reactive surge and the operator's override (`contract/surge-tags.ts`).
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
  /** `DBCluster.DBClusterArn`: what `AddTagsToResource` names. @default - unknown (the tags cannot be written) */
  readonly clusterArn?: string;
  /** The reactive surge in force, from the cluster's tag. @default - none */
  readonly surge?: SurgeRecord;
  /** The operator's override, from the cluster's tags, expired or not (the planner judges expiry). @default - none */
  readonly override?: OverrideTarget;
  /** Surge or override tags that could not be read (each with its fix); such a record counts as absent. @default - none */
  readonly tagProblems?: readonly string[];
  /** The writer's per-minute pressure figures, when the decision needs them. @default - not read */
  readonly pressure?: PressureReadings;
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
