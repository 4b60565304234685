import { z } from 'zod';

/**
 * The campaign rehearsal (`npm run rehearse`): the load profile it drives against staging and the
 * thresholds its verdict is judged by. Every field has a default, so an environment file needs no
 * `rehearsal` section at all; set only what differs, e.g. `rehearsal: { thresholds: { p99LatencyMs: 150 } }`.
 *
 * Nested sections use `.prefault({})` rather than `.default({...})`: zod 4 returns a `.default()` value
 * as is, without applying the inner defaults, while `.prefault()` parses it, so a partial section gets
 * the remaining fields filled in.
 */

const share = (what: string) =>
  z
    .number()
    .min(0, { error: `must be a fraction between 0 and 1 (the share of the ${what})` })
    .max(1, { error: `must be a fraction between 0 and 1 (the share of the ${what})` });

const SHARE_TOLERANCE = 1e-6;

/** What the verdict checks. A rehearsal "held" only when every one passes. */
export const rehearsalThresholdsSchema = z.strictObject({
  /**
   * Highest acceptable 99th-percentile transaction latency over the whole run, in milliseconds, measured
   * from when a transaction was due (so time spent waiting for a free connection counts).
   * @default 250
   */
  p99LatencyMs: z
    .number()
    .positive({ error: 'must be a positive number of milliseconds' })
    .max(60_000, { error: 'must be at most 60000 ms' })
    .default(250),
  /**
   * Highest acceptable share of failed transactions, in percent (0.1 = one in a thousand).
   * @default 0.1
   */
  maxErrorRatePercent: z
    .number()
    .min(0, { error: 'must be between 0 and 100 percent' })
    .max(100, { error: 'must be between 0 and 100 percent' })
    .default(0.1),
  /**
   * Most connection attempts the database (or proxy) may refuse. Refused connections are what turned the
   * outage into 503s, so the default tolerates none.
   * @default 0
   */
  maxRefusedConnections: z.number().int({ error: 'must be a whole number' }).min(0, { error: 'must be 0 or more' }).default(0),
  /**
   * Lowest acceptable share of the transactions the profile asked for that actually completed, in percent.
   * Below it the database (or the tool's machine) could not keep up with the campaign's rate.
   * @default 95
   */
  minThroughputPercent: z
    .number()
    .min(1, { error: 'must be between 1 and 100 percent' })
    .max(100, { error: 'must be between 1 and 100 percent' })
    .default(95),
});

/** Shares of the run spent in each phase; they must add up to 1. */
export const rehearsalPhasesSchema = z.strictObject({
  /** At baseline load, to warm caches and the proxy pool. @default 0.15 */
  warmUp: share('run spent warming up').default(0.15),
  /** Linear climb from baseline to the campaign's peak. @default 0.2 */
  rampUp: share('run spent ramping up').default(0.2),
  /** At the campaign's peak. @default 0.5 */
  hold: share('run spent at the peak').default(0.5),
  /** Linear descent from the peak back to baseline. @default 0.15 */
  rampDown: share('run spent ramping down').default(0.15),
});

/** Shares of the transaction mix; they must add up to 1. */
export const rehearsalMixSchema = z.strictObject({
  /** Product page reads, sent to the read-only endpoint. @default 0.8 */
  productRead: share('transactions that read a product page').default(0.8),
  /** Add-to-cart writes (a cart and its item), sent to the read/write endpoint. @default 0.15 */
  cartWrite: share('transactions that write a cart').default(0.15),
  /** Checkouts (stock decrement, order and order line in one statement), sent to the read/write endpoint. @default 0.05 */
  orderWrite: share('transactions that place an order').default(0.05),
});

/** The default load profile; a campaign entry's `expectedPeak` (or command-line flags) sets the peak. */
export const rehearsalProfileSchema = z.strictObject({
  /** Client connections at baseline (outside campaigns), across both endpoints. @default 20 */
  baselineConnections: z.number().int().min(1, { error: 'must be at least 1 connection' }).default(20),
  /** Transactions per second at baseline, across both endpoints. @default 50 */
  baselineTransactionsPerSecond: z.number().positive({ error: 'must be a positive rate' }).default(50),
  /**
   * Peak as a multiple of baseline when neither the campaign entry nor the command line states one.
   * @default 3
   */
  defaultPeakMultiple: z
    .number()
    .min(1, { error: 'must be at least 1 (the peak cannot be below baseline)' })
    .max(100, { error: 'must be at most 100' })
    .default(3),
  /** Length of a rehearsal when `--duration` is not given, in minutes. @default 20 */
  defaultDurationMinutes: z.number().positive({ error: 'must be a positive number of minutes' }).default(20),
  phases: rehearsalPhasesSchema.prefault({}),
  mix: rehearsalMixSchema.prefault({}),
  /**
   * Connections each web-app instance opens at once when it starts. The tool grows its connection count
   * in blocks of this size, all opened concurrently — the burst of new connections a web fleet produces
   * while it scales out, which is what failed in the outage.
   * @default 10
   */
  connectionsPerAppInstance: z
    .number()
    .int()
    .min(1, { error: 'must be at least 1' })
    .max(500, { error: 'must be at most 500' })
    .default(10),
  /**
   * How long a transaction may wait for a free connection before it fails, in milliseconds (a web app's
   * pool-acquire timeout: past it the user gets an error page).
   * @default 2000
   */
  acquireTimeoutMs: z
    .number()
    .int()
    .min(10, { error: 'must be at least 10 ms' })
    .max(60_000, { error: 'must be at most 60000 ms' })
    .default(2000),
  /** Products seeded into the scratch schema. @default 10000 */
  seedProducts: z
    .number()
    .int()
    .min(100, { error: 'must be at least 100 products' })
    .max(10_000_000, { error: 'must be at most 10,000,000 products' })
    .default(10_000),
});

/** Hard limits that keep a rehearsal (or a typo) from turning into an outage of its own. */
export const rehearsalBoundsSchema = z.strictObject({
  /** Longest rehearsal allowed, in minutes. @default 60 */
  maxDurationMinutes: z
    .number()
    .positive({ error: 'must be a positive number of minutes' })
    .max(24 * 60, { error: 'must be at most 1440 minutes (one day)' })
    .default(60),
  /**
   * Highest transaction rate the tool will drive, per second. One tool process sustains about 5,000 a
   * second on 2 cores (npm run bench:rehearse); beyond that, run it from a bigger machine.
   * @default 10000
   */
  maxTransactionsPerSecond: z.number().positive({ error: 'must be a positive rate' }).default(10_000),
  /**
   * Most client connections the tool will open at once (the machine's open-file limit, `ulimit -n`, must
   * be above it).
   * @default 10000
   */
  maxConnections: z.number().int().min(1, { error: 'must be at least 1 connection' }).default(10_000),
});

function sumsToOne(shares: Record<string, number>): boolean {
  return Math.abs(Object.values(shares).reduce((a, b) => a + b, 0) - 1) <= SHARE_TOLERANCE;
}

function describeShares(shares: Record<string, number>): string {
  const total = Object.values(shares).reduce((a, b) => a + b, 0);
  return `${Object.entries(shares)
    .map(([k, v]) => `${k} ${v}`)
    .join(' + ')} = ${Number(total.toFixed(6))}`;
}

export const rehearsalSchema = z
  .strictObject({
    thresholds: rehearsalThresholdsSchema.prefault({}),
    profile: rehearsalProfileSchema.prefault({}),
    bounds: rehearsalBoundsSchema.prefault({}),
  })
  .superRefine((r, ctx) => {
    if (!sumsToOne(r.profile.phases)) {
      ctx.addIssue({
        code: 'custom',
        path: ['profile', 'phases'],
        message: `the phase shares must add up to 1, but ${describeShares(r.profile.phases)}. Fix: adjust warmUp, rampUp, hold and rampDown.`,
      });
    }
    if (r.profile.phases.hold <= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['profile', 'phases', 'hold'],
        message: 'is 0, so the rehearsal would never hold the peak. Fix: give hold a share above 0 (0.5 is usual).',
      });
    }
    if (!sumsToOne(r.profile.mix)) {
      ctx.addIssue({
        code: 'custom',
        path: ['profile', 'mix'],
        message: `the transaction shares must add up to 1, but ${describeShares(r.profile.mix)}. Fix: adjust productRead, cartWrite and orderWrite.`,
      });
    }
    if (r.profile.baselineConnections > r.bounds.maxConnections) {
      ctx.addIssue({
        code: 'custom',
        path: ['profile', 'baselineConnections'],
        message: `is ${r.profile.baselineConnections}, above bounds.maxConnections ${r.bounds.maxConnections}. Fix: lower it or raise the bound.`,
      });
    }
    if (r.profile.baselineTransactionsPerSecond > r.bounds.maxTransactionsPerSecond) {
      ctx.addIssue({
        code: 'custom',
        path: ['profile', 'baselineTransactionsPerSecond'],
        message: `is ${r.profile.baselineTransactionsPerSecond}, above bounds.maxTransactionsPerSecond ${r.bounds.maxTransactionsPerSecond}. Fix: lower it or raise the bound.`,
      });
    }
    if (r.profile.defaultDurationMinutes > r.bounds.maxDurationMinutes) {
      ctx.addIssue({
        code: 'custom',
        path: ['profile', 'defaultDurationMinutes'],
        message: `is ${r.profile.defaultDurationMinutes}, above bounds.maxDurationMinutes ${r.bounds.maxDurationMinutes}. Fix: lower it or raise the bound.`,
      });
    }
  })
  .prefault({});

export type RehearsalConfig = z.output<typeof rehearsalSchema>;
export type RehearsalThresholds = RehearsalConfig['thresholds'];
export type RehearsalProfileConfig = RehearsalConfig['profile'];
export type RehearsalBounds = RehearsalConfig['bounds'];
export type TransactionMix = RehearsalProfileConfig['mix'];
export type PhaseShares = RehearsalProfileConfig['phases'];
