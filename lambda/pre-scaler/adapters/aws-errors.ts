import { isThrottlingError, isTransientError } from '@smithy/core/retry';

/** The error shape the SDK's classifiers take. */
type SdkError = Parameters<typeof isThrottlingError>[0];
import { ClusterPortError, type ClusterPortErrorKind } from '../core';

/**
 * How the AWS adapter classifies SDK errors for the reconcile loop (after the SDK's own adaptive
 * retries have given up):
 * - `throttled`: the account is being rate limited; the next scheduled run tries again;
 * - `conflict`: the resource is not in a state that allows the call (an instance already `modifying`,
 *   a cluster `failing-over`): something is already in progress, the next run re-reads;
 * - `unknown-outcome`: a timeout, a network error or a server-side fault: the call may have been
 *   applied; the next run re-reads and decides again;
 * - `rejected`: anything else (access denied, invalid parameter, not found): a person must look.
 *
 * Throttling, timeouts and network errors are recognised by the SDK's own retry classification
 * (`@smithy/core/retry`), the same code that decided to stop retrying; the names below are the
 * state conflicts and service faults from the RDS, Application Auto Scaling and CloudWatch API references.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/CommonErrors.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html#API_ModifyDBInstance_Errors
 */
const KINDS_BY_NAME: Readonly<Record<string, ClusterPortErrorKind>> = {
  InvalidDBInstanceState: 'conflict',
  InvalidDBInstanceStateFault: 'conflict',
  InvalidDBClusterStateFault: 'conflict',
  InvalidDBClusterState: 'conflict',
  ConcurrentUpdateException: 'conflict',

  InternalFailure: 'unknown-outcome',
  InternalServiceError: 'unknown-outcome',
  InternalServiceException: 'unknown-outcome',
  ServiceUnavailable: 'unknown-outcome',
};

interface SdkErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $fault?: 'client' | 'server';
}

/** The kind of an SDK (or SDK-shaped) error. */
export function classifyAwsError(error: unknown): ClusterPortErrorKind {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const byName = KINDS_BY_NAME[e.name ?? ''] ?? KINDS_BY_NAME[e.code ?? ''];
  if (byName) return byName;
  if (isThrottlingError(e as SdkError)) return 'throttled';
  if (isTransientError(e as SdkError) || e.$fault === 'server') return 'unknown-outcome';
  return 'rejected';
}

/** Wraps an SDK error into a {@link ClusterPortError} that names the call. */
export function toClusterPortError(call: string, error: unknown): ClusterPortError {
  if (error instanceof ClusterPortError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const name = e.name ?? e.code ?? 'Error';
  return new ClusterPortError(classifyAwsError(error), `${call} failed: ${name}: ${e.message ?? String(error)}`, name, { cause: error });
}
