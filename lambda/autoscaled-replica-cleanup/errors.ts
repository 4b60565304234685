import { isThrottlingError, isTransientError } from '@smithy/core/retry';

/** The error shape the SDK's classifiers take. */
type SdkError = Parameters<typeof isThrottlingError>[0];

/**
 * How the clean-up classifies AWS errors. Transient errors (throttling that outlived the SDK's own
 * retries, service-side faults) make it wait for the next poll; anything else stops it with a message
 * naming the cluster and the instance, which CloudFormation shows as the resource's failure reason.
 */

/** The fields of an SDK v3 service exception the classification reads. */
interface ServiceErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $fault?: 'client' | 'server';
}

/**
 * Whether `error` is worth another try on the next poll rather than a failure now: what the SDK's own
 * retry strategy counts as throttling or transient (timeouts, network errors, 5xx), or a server fault.
 */
export function isTransientAwsError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as SdkError & ServiceErrorShape;
  return isThrottlingError(e) || isTransientError(e) || e.$fault === 'server';
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
