/**
 * How the clean-up classifies AWS errors. Transient errors (throttling that outlived the SDK's own
 * retries, service-side faults) make it wait for the next poll; anything else stops it with a message
 * naming the cluster and the instance, which CloudFormation shows as the resource's failure reason.
 */

/**
 * Error codes the SDK's own retry strategy treats as throttling or transient (`@smithy/core`,
 * submodules/retry/service-error-classification/constants.ts, copied because that package is only a
 * transitive dependency here). RDS answers `Throttling`.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/CommonErrors.html
 */
const TRANSIENT_ERROR_CODES: readonly string[] = [
  'BandwidthLimitExceeded', 'EC2ThrottledException', 'LimitExceededException', 'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'RequestThrottled', 'RequestThrottledException',
  'SlowDown', 'ThrottledException', 'Throttling', 'ThrottlingException', 'TooManyRequestsException',
  'TransactionInProgressException',
  'TimeoutError', 'RequestTimeout', 'RequestTimeoutException',
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
];

/** The fields of an SDK v3 service exception the classification reads. */
interface ServiceErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $fault?: 'client' | 'server';
}

/** Whether `error` is worth another try on the next poll rather than a failure now. */
export function isTransientAwsError(error: unknown): boolean {
  const e = error as ServiceErrorShape | undefined;
  if (!e || typeof e !== 'object') return false;
  return TRANSIENT_ERROR_CODES.includes(e.name ?? '') || TRANSIENT_ERROR_CODES.includes(e.code ?? '') || e.$fault === 'server';
}

/** Whether `error` is the SDK exception named `name` (matched by name so tests need not build SDK classes). */
export function isAwsError(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as ServiceErrorShape).name === name;
}

/** `Name: message` of an AWS error, for messages people read. */
export function describeAwsError(error: unknown): string {
  const e = error as ServiceErrorShape | undefined;
  if (e && typeof e === 'object' && (e.name || e.message)) return `${e.name ?? 'Error'}: ${e.message ?? ''}`.trim();
  return String(error);
}

/** A clean-up failure that needs a person: the message names the cluster, the instance and the fix. */
export class ReplicaCleanupError extends Error {
  override readonly name = 'ReplicaCleanupError';
}
