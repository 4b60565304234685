import type { MutatingAction } from './action';
import type { Observation } from './observation';

/**
 * What the pre-scaler needs from AWS, and nothing more. The AWS adapter implements it with SDK v3
 * (RDS, Application Auto Scaling, CloudWatch); tests and the plan command implement it with the
 * cluster simulator (`tools/simulator`).
 *
 * Errors: an implementation throws {@link ClusterPortError}; `retryable` errors (throttling, a
 * transient state conflict) are left to the next scheduled run, the others are alarmed.
 */
export interface ClusterPort {
  /** Reads the cluster, its instances, the reader scalable target and the writer's recent CPU. */
  observe(): Promise<Observation>;
  /**
   * Starts one step (`ApplyImmediately` for instance and cluster modifications) and returns as soon
   * as AWS accepted it; the step's progress is read back by the next {@link observe}.
   */
  execute(action: MutatingAction): Promise<void>;
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
