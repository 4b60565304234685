import { z } from 'zod';

/**
 * Everything a review is built from, as fetched from AWS (or read back from a `--snapshot` file). The
 * analysis reads only this, so a review rebuilt from a snapshot is the same review.
 */

/** The metrics the review reads; names say the statistic. */
export const METRIC_KEYS = [
  'writerCpuMaxPercent',
  'writerConnectionsMax',
  'commitThroughputAvgPerSecond',
  'proxyClientConnections',
  'replicaLagMaxMs',
  'readerCpuAvgPercent',
  'readerCountMax',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

const series = z.strictObject({ timestampsMs: z.array(z.number()), values: z.array(z.number()) });
export type MetricSeries = z.infer<typeof series>;

/** One run of the pre-scaler, from its "pre-scaler run" log line. */
const decision = z.strictObject({
  atMs: z.number(),
  /** `executed`, `dry-run`, `waiting`, `failed`, … (the run's outcome). */
  outcome: z.string(),
  /** The action's kind: `resize-instance`, `failover`, `set-reader-floor`, `wait`, `none`, … */
  action: z.string(),
  direction: z.enum(['up', 'down']).optional(),
  campaignId: z.string().optional(),
  reason: z.string(),
  ready: z.boolean().optional(),
  inForce: z.array(z.string()),
});
export type Decision = z.infer<typeof decision>;

const rdsEvent = z.strictObject({
  atMs: z.number(),
  sourceId: z.string(),
  sourceType: z.string(),
  message: z.string(),
  categories: z.array(z.string()),
});
export type RdsEvent = z.infer<typeof rdsEvent>;

const alarmChange = z.strictObject({
  atMs: z.number(),
  alarmName: z.string(),
  oldState: z.string(),
  newState: z.string(),
  summary: z.string(),
});
export type AlarmChange = z.infer<typeof alarmChange>;

export const reviewDataSchema = z.strictObject({
  version: z.literal(1),
  environment: z.string(),
  region: z.string(),
  campaignId: z.string(),
  /** The campaign occurrence reviewed. */
  window: z.strictObject({ startMs: z.number(), endMs: z.number() }),
  /** What was fetched: `start − leadTime − 1 h` to `end + coolDown + 2 h` (capped at the fetch time). */
  range: z.strictObject({ fromMs: z.number(), toMs: z.number() }),
  fetchedAtMs: z.number(),
  /** Period of the metric datapoints, seconds, and why that one. */
  resolution: z.strictObject({ periodSeconds: z.number(), note: z.string() }),
  metrics: z.record(z.enum(METRIC_KEYS), series),
  decisions: z.array(decision),
  events: z.array(rdsEvent),
  alarms: z.array(alarmChange),
  /** Sources that could not be read, each with why (the review still renders the rest). */
  gaps: z.array(z.string()),
});
export type ReviewData = z.infer<typeof reviewDataSchema>;

/** Raised when a snapshot file cannot be used. */
export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotError';
  }
}

/** Parses a snapshot file's text, with a message that names the file, the field and the fix. */
export function parseSnapshot(text: string, file: string): ReviewData {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(`${file}: not JSON (${(error as Error).message}). Fix: pass a file written by npm run review -- --snapshot.`);
  }
  const parsed = reviewDataSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'} ${i.message}`).join('; ');
    throw new SnapshotError(`${file}: not a review snapshot: ${issues}. Fix: pass a file written by npm run review -- --snapshot.`);
  }
  return parsed.data;
}
