import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { RDSClient, type RDSClientConfig } from '@aws-sdk/client-rds';

/**
 * Attempts per SDK call, first try included. Adaptive mode adds client-side rate limiting on top of the
 * standard exponential back-off with jitter, which suits a burst of DeleteDBInstance calls in a throttled account.
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 */
export const MAX_ATTEMPTS = 8;

/** The SDK clients of the clean-up. The handler creates them once, at module scope. */
export interface CleanupClients {
  readonly rds: RDSClient;
  readonly autoScaling: ApplicationAutoScalingClient;
}

/** Settings shared by both clients besides retries; in Lambda none is needed (region and credentials come from the environment). */
export type ClientOverrides = Pick<RDSClientConfig, 'region' | 'credentials' | 'requestHandler' | 'retryStrategy'>;

/** Both clients with adaptive retries. `overrides` lets a test route the real SDK stack to a fake HTTP handler
 * (and wait nothing between retries: a `retryStrategy` given here replaces the one `retryMode` builds). */
export function createCleanupClients(overrides: ClientOverrides = {}): CleanupClients {
  const config = { ...overrides, retryMode: 'adaptive', maxAttempts: MAX_ATTEMPTS } as const;
  return { rds: new RDSClient(config), autoScaling: new ApplicationAutoScalingClient(config) };
}
