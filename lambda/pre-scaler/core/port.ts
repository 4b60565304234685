import type { MutatingAction } from './action';
import type { Observation } from './observation';
import type { SurgeRecord } from './surge';

/** Which CloudWatch figures a run needs. */
export interface MetricRequest {
  /** The writer's `CPUUtilization` (the scale-down guard). */
  readonly writerCpu: boolean;
  /** Readers whose `AuroraReplicaLag` is needed (failover targets). */
  readonly replicaLagOf: readonly string[];
  /**
   * The writer's pressure readings (reactive scale-up): this many 1-minute datapoints back from now.
   * @default - none
   */
  readonly pressure?: PressureRequest;
}

/** Which pressure figures to read, and how far back. */
export interface PressureRequest {
  /** Minutes of 1-minute datapoints to read back from now. */
  readonly minutes: number;
  /** Read RDS Proxy `DatabaseConnectionsBorrowLatency` / `ClientConnections` (thresholds set). */
  readonly proxy: boolean;
  /** Read the writer's `DatabaseConnections` (its max_connections is known). */
  readonly connections: boolean;
  /** Read the writer's `ServerlessDatabaseCapacity` (a Serverless v2 writer). */
  readonly serverlessCapacity: boolean;
}

/**
 * A change of the surge and override tags on the cluster (the keys are in `contract/surge-tags.ts`).
 * `set` is one `AddTagsToResource` (the record is one tag); the removals are one `RemoveTagsFromResource`.
 */
export interface SurgeTagChange {
  /** The surge record to write. @default - none */
  readonly set?: SurgeRecord;
  /** Remove the surge tag (the surge is over, or reactive scale-up is off). @default false */
  readonly clearSurge?: boolean;
  /** Remove the override's tags (it expired). @default false */
  readonly clearOverride?: boolean;
  /** Why, one sentence. */
  readonly reason: string;
}

/**
 * What the pre-scaler needs from AWS, and nothing more: the one port of the reconcile loop
 * ({@link reconcileOnce}). The AWS adapter (`lambda/pre-scaler/adapters/aws-cluster-port.ts`)
 * implements it with SDK v3; the simulator (`tools/simulator`) implements it over a model of the
 * cluster, for the tests and `npm run plan`.
 *
 * It observes in two stages, so an idle run stays cheap: the capacity (cluster, instances, reader
 * target: three calls), then, only when the plan depends on them, the CloudWatch figures (one more
 * call).
 *
 * Errors: an implementation throws {@link ClusterPortError}; `retryable` errors (throttling, a
 * transient state conflict) are left to the next scheduled run, the others are alarmed.
 */
export interface ClusterPort {
  /** The cluster, its instances and the reader target; no CloudWatch figures. */
  observeCapacity(): Promise<Observation>;
  /** The observation with the requested CloudWatch figures added. */
  readMetrics(observation: Observation, request: MetricRequest): Promise<Observation>;
  /**
   * Starts one step (`ApplyImmediately` for instance and cluster modifications) and returns as soon
   * as AWS accepted it; the step's progress is read back by the next {@link observeCapacity}.
   */
  execute(action: MutatingAction): Promise<void>;
  /** Writes the surge tag (and removes tags) before the run's capacity step, so a crash between the two cannot lose the record. */
  writeSurgeTags(change: SurgeTagChange): Promise<void>;
}

/**
 * The same port, answering at once (the simulator's model): the plan and the property tests run
 * thousands of reconcile passes, and a synchronous pass ({@link reconcileOnceSync}) is what keeps
 * them fast. Same methods, same errors.
 */
export interface SyncClusterPort {
  observeCapacityNow(): Observation;
  readMetricsNow(observation: Observation, request: MetricRequest): Observation;
  executeNow(action: MutatingAction): void;
  writeSurgeTagsNow(change: SurgeTagChange): void;
}

/** Why a port call failed, classified for the shell (retry on the next run, or alarm). */
export type ClusterPortErrorKind =
  /** `Throttling`, `ThrottlingException`, `TooManyRequestsException`: retry on the next run. */
  | 'throttled'
  /** `InvalidDBInstanceState`, `InvalidDBClusterStateFault`, …: something changed since the observation; the next run re-reads. */
  | 'conflict'
  /** The request was refused for a reason the next run cannot fix (access denied, invalid parameter, not found). */
  | 'rejected'
  /** A network error or timeout: the call may or may not have been applied; the next run re-reads. */
  | 'unknown-outcome';

export class ClusterPortError extends Error {
  constructor(
    readonly kind: ClusterPortErrorKind,
    message: string,
    readonly awsErrorName?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ClusterPortError';
  }

  /** True when the next scheduled run may simply try again. */
  get retryable(): boolean {
    return this.kind !== 'rejected';
  }
}
