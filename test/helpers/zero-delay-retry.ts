import { AdaptiveRetryStrategy } from '@smithy/core/retry';

/**
 * The SDK's own adaptive retry strategy (the one `retryMode: 'adaptive'` builds: same attempts, same
 * retry decisions, same retry-capacity accounting) with the waiting taken out: no back-off between
 * attempts and a rate limiter that never holds a request back. A retry test then checks *what* is
 * retried and how often, and takes no wall-clock time, however loaded the machine is.
 */
export function zeroDelayAdaptiveRetry(maxAttempts: number): AdaptiveRetryStrategy {
  return new AdaptiveRetryStrategy(maxAttempts, {
    maxAttempts,
    backoff: { computeNextBackoffDelay: () => 0, setDelayBase: () => {} },
    rateLimiter: { getSendToken: async () => {}, updateClientSendingRate: () => {} },
  });
}

/** The retry strategy an SDK client resolved from its config (what `retryMode`/`maxAttempts` produced). */
export async function resolvedRetryStrategy(client: { config: unknown }): Promise<{ mode?: string; maxAttempts: number }> {
  const config = client.config as { retryStrategy: () => Promise<{ mode?: string; maxAttemptsProvider?: () => Promise<number> }> };
  const strategy = await config.retryStrategy();
  const maxAttempts = (await strategy.maxAttemptsProvider?.()) ?? Number.NaN;
  return { ...(strategy.mode !== undefined ? { mode: strategy.mode } : {}), maxAttempts };
}
