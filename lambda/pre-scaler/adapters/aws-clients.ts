import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { RDSClient, type RDSClientConfig } from '@aws-sdk/client-rds';

/**
 * Attempts per SDK call, the first included. Adaptive mode adds client-side rate limiting to the
 * standard exponential back-off with jitter: a throttled account is eased off, not hammered. What is
 * still throttled after these attempts is left to the next scheduled run.
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 */
export const MAX_ATTEMPTS = 4;

/** Milliseconds before a request without an answer is abandoned (the function's timeout is 60 s). */
export const REQUEST_TIMEOUT_MS = 10_000;
export const CONNECTION_TIMEOUT_MS = 3_000;

/** The SDK clients of the pre-scaler. The handler creates them once, at module scope. */
export interface PreScalerClients {
  readonly rds: RDSClient;
  readonly autoScaling: ApplicationAutoScalingClient;
  readonly cloudWatch: CloudWatchClient;
}

/** Settings besides retries; none is needed in Lambda (region and credentials come from the environment). */
export type ClientOverrides = Pick<RDSClientConfig, 'region' | 'credentials' | 'requestHandler' | 'retryStrategy'>;

/** The three clients with adaptive retries. `overrides` lets a test route the real SDK stack to a fake HTTP handler
 * (and wait nothing between retries: a `retryStrategy` given here replaces the one `retryMode` builds). */
export function createPreScalerClients(overrides: ClientOverrides = {}): PreScalerClients {
  const config = {
    requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: CONNECTION_TIMEOUT_MS },
    ...overrides,
    retryMode: 'adaptive',
    maxAttempts: MAX_ATTEMPTS,
  } as const;
  return { rds: new RDSClient(config), autoScaling: new ApplicationAutoScalingClient(config), cloudWatch: new CloudWatchClient(config) };
}
