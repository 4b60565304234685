import type { ReactiveSettings } from './surge';

const MINUTE = 60_000;

/**
 * One minute of the writer's pressure figures, as CloudWatch returns them at a 1-minute period
 * (`GetMetricData`, one call). Each figure is absent when CloudWatch has no datapoint for that minute.
 * - `CPUUtilization` (Percent) and `DatabaseConnections` (Count) of the writer, by the cluster's role
 *   dimensions `DBClusterIdentifier` + `Role=WRITER`;
 * - RDS Proxy `DatabaseConnectionsBorrowLatency` (Microseconds) and `ClientConnections` (Count), by `ProxyName`.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.AuroraMonitoring.Metrics.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/dimensions.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-proxy.monitoring.html
 */
export interface PressureMinute {
  /** Start of the minute (epoch ms). */
  readonly atMs: number;
  readonly writerCpuPercent?: number;
  readonly writerConnections?: number;
  readonly proxyBorrowLatencyMicros?: number;
  readonly proxyClientConnections?: number;
}

/** The pressure readings of a run: the last minutes, oldest first, and the Serverless v2 writer's current capacity. */
export interface PressureReadings {
  readonly minutes: readonly PressureMinute[];
  /**
   * The writer's `ServerlessDatabaseCapacity` (ACU), newest minute. @default - unknown (not Serverless v2, or no datapoint)
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.viewing.monitoring.html
   */
  readonly writerServerlessCapacity?: number;
}

/** What the readings say against the reactive thresholds. */
export interface PressureVerdict {
  /** Consecutive pressured minutes, counted back from the newest datapoint (a missing minute ends the run). */
  readonly consecutiveMinutes: number;
  /** Pressure held at least `sustainedMinutes` consecutive minutes. */
  readonly sustained: boolean;
  /** Some minute of the last `sustainedMinutes` was under pressure: "pressure persists" (holds a scale-down). */
  readonly persists: boolean;
  /** No datapoint of the readings shows pressure, and they reach back `quietMinutes`. */
  readonly quiet: boolean;
  /** Minutes with at least one figure. */
  readonly minutesRead: number;
  /** The newest minute's figures against their thresholds, for the log line and reasons. */
  readonly summary: string;
}

/** The signals of one minute that are over their thresholds, as phrases (`CPU 97% ≥ 80%`). */
export function pressureSignals(
  minute: PressureMinute,
  reactive: ReactiveSettings,
  writerMaxConnections: number | undefined,
): { readonly over: string[]; readonly all: string[] } {
  const over: string[] = [];
  const all: string[] = [];
  const check = (value: number | undefined, threshold: number | undefined, phrase: (v: number, t: number) => string) => {
    if (value === undefined || threshold === undefined) return;
    const text = phrase(value, threshold);
    all.push(text);
    if (value >= threshold) over.push(text);
  };
  check(minute.writerCpuPercent, reactive.writerCpuPercent, (v, t) => `writer CPU ${v.toFixed(0)}% (threshold ${t}%)`);
  if (writerMaxConnections !== undefined && writerMaxConnections > 0)
    check(
      minute.writerConnections === undefined ? undefined : (minute.writerConnections / writerMaxConnections) * 100,
      reactive.writerConnectionsPercent,
      (v, t) =>
        `writer connections ${minute.writerConnections} of max_connections ${writerMaxConnections} (${v.toFixed(0)}%, threshold ${t}%)`,
    );
  check(
    minute.proxyBorrowLatencyMicros,
    reactive.proxyBorrowLatencyMicros,
    (v, t) => `proxy borrow latency ${v.toFixed(0)} µs (threshold ${t} µs)`,
  );
  check(
    minute.proxyClientConnections,
    reactive.proxyClientConnections,
    (v, t) => `proxy client connections ${v.toFixed(0)} (threshold ${t})`,
  );
  return { over, all };
}

/** The `max_connections` of the running writer (by its `DBInstanceClass`), as the settings know it. */
export function runningWriterMaxConnections(reactive: ReactiveSettings, writerInstanceClass: string | undefined): number | undefined {
  return writerInstanceClass === undefined ? undefined : reactive.writerMaxConnections?.[writerInstanceClass];
}

/**
 * Judges the readings at `nowMs`. Pressure means any signal at or over its threshold in a minute;
 * "sustained" needs `sustainedMinutes` such minutes in a row, newest first, with no minute missing.
 */
export function assessPressure(
  reactive: ReactiveSettings,
  readings: PressureReadings | undefined,
  writerInstanceClass: string | undefined,
  nowMs: number,
): PressureVerdict {
  const minutes = [...(readings?.minutes ?? [])].sort((a, b) => a.atMs - b.atMs);
  const maxConnections = runningWriterMaxConnections(reactive, writerInstanceClass);
  const pressured = minutes.map((m) => pressureSignals(m, reactive, maxConnections).over.length > 0);
  let consecutive = 0;
  for (let i = minutes.length - 1; i >= 0; i--) {
    const m = minutes[i] as PressureMinute;
    const next = minutes[i + 1];
    if (!pressured[i] || (next !== undefined && next.atMs - m.atMs > MINUTE)) break;
    consecutive++;
  }
  const newest = minutes[minutes.length - 1];
  const persistsFrom = (newest?.atMs ?? nowMs) - (reactive.sustainedMinutes - 1) * MINUTE;
  const persists = minutes.some((m, i) => pressured[i] && m.atMs >= persistsFrom);
  const oldest = minutes[0];
  // The readings must reach back the quiet period (a minute of slack for CloudWatch's publication delay).
  const reachesBack = oldest !== undefined && oldest.atMs <= nowMs - (reactive.quietMinutes - 2) * MINUTE;
  const quiet = reachesBack && !pressured.some(Boolean);
  const signals = newest ? pressureSignals(newest, reactive, maxConnections) : { over: [], all: [] };
  const summary = newest
    ? `${signals.over.length > 0 ? `under pressure: ${signals.over.join(', ')}` : `no pressure: ${signals.all.join(', ') || 'no figure'}`} at ${new Date(newest.atMs).toISOString().slice(11, 16)}Z; ${consecutive} pressured minute(s) in a row (${reactive.sustainedMinutes} needed)`
    : 'no pressure datapoints';
  return {
    consecutiveMinutes: consecutive,
    sustained: consecutive >= reactive.sustainedMinutes,
    persists,
    quiet,
    minutesRead: minutes.length,
    summary,
  };
}
