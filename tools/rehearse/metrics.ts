import * as hdr from 'hdr-histogram-js';
import { idleLoadProbe, saturationReasons, type ToolLoadProbe, type ToolLoadSample } from './tool-load';
import { FAILURE_KINDS, type FailureKind, type LatencySummary, type PhaseName } from './types';

/**
 * Counts and latency distributions of a run. Latencies go into HdrHistograms (`hdr-histogram-js`) in
 * microseconds: one per statement (merged into the whole run's at the end), one per time-line interval
 * (summarised and reset when the interval closes, so memory stays flat over a long run) and one for the
 * live display.
 */

/** What the run looked like over one interval of the time line. */
export interface IntervalSample {
  /** Start and end, in milliseconds since the run started. */
  readonly startMs: number;
  readonly endMs: number;
  /** Phase at the interval's end. */
  readonly phase: PhaseName;
  /** The rate the profile asked for over the interval (its average), per second. */
  readonly targetTransactionsPerSecond: number;
  /** Transactions the tool released in the interval, per second (below target when it fell behind). */
  readonly releasedPerSecond: number;
  readonly completedPerSecond: number;
  /** Connection target and open connections at the interval's end. */
  readonly targetConnections: number;
  readonly openConnections: number;
  readonly completed: number;
  readonly failed: number;
  readonly refusedConnections: number;
  readonly latency: LatencySummary;
  /** The load generator's own load; `saturatedBy` is non-empty when it could not keep up. */
  readonly tool: ToolLoadSample;
}

/** Live figures for the progress display. */
export interface LiveFigures {
  readonly elapsedMs: number;
  readonly phase: PhaseName;
  readonly completedPerSecond: number;
  readonly targetTransactionsPerSecond: number;
  readonly openConnections: number;
  readonly targetConnections: number;
  readonly latency: LatencySummary;
  readonly failed: number;
  readonly refusedConnections: number;
  /** True when the last closed interval found the tool saturated. */
  readonly toolSaturated: boolean;
}

/** Everything measured, once the run is over. */
export interface RunMeasurements {
  /** Transactions the profile asked for (or, saturating, that were started). */
  readonly scheduled: number;
  /** Completed transactions per statement name. */
  readonly completed: Readonly<Record<string, number>>;
  readonly completedTotal: number;
  readonly failed: Readonly<Record<FailureKind, number>>;
  readonly failedTotal: number;
  /** Order attempts that found too little stock: a business outcome, not an error. */
  readonly ordersOutOfStock: number;
  /** Transactions still queued or running when the run stopped: neither completed nor failed. */
  readonly abandoned: number;
  readonly connections: {
    readonly opened: number;
    readonly refused: number;
    readonly refusedReasons: Readonly<Record<string, number>>;
    readonly peakOpen: number;
    readonly connectLatency: LatencySummary;
  };
  readonly latency: LatencySummary;
  /** Latency per statement name. */
  readonly latencyByStatement: Readonly<Record<string, LatencySummary>>;
  readonly timeline: readonly IntervalSample[];
}

/** The gauges the engine reports at every tick. */
export interface Gauges {
  readonly phase: PhaseName;
  readonly targetConnections: number;
  readonly openConnections: number;
}

/** How a run's metrics are kept. */
export interface RunMetricsOptions {
  /** Length of one time-line interval (the chart's resolution), in milliseconds. */
  readonly intervalMs: number;
  /** The statements the workload runs, by name. */
  readonly statementNames: readonly string[];
  /** Transactions the profile asks for between two instants (ms since start). @default - none (benchmark mode) */
  readonly targetBetween?: (fromMs: number, toMs: number) => number;
  /** Reads the tool's own event-loop delay and CPU. @default - reads zero */
  readonly probe?: ToolLoadProbe;
}

function newHistogram(): hdr.Histogram {
  // 1 µs to 1 hour, 3 significant digits.
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
    autoResize: true,
  });
}

const MICROS_PER_MS = 1000;

export function summarise(h: hdr.Histogram): LatencySummary {
  if (h.totalCount === 0) return { count: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 };
  const ms = (us: number) => Math.round((us / MICROS_PER_MS) * 100) / 100;
  // A percentile is reported as the highest value equivalent to its bucket, which can exceed the
  // largest value recorded by a rounding step: cap it, so p99 ≤ max always reads right.
  const max = h.maxValue;
  const at = (percentile: number) => ms(Math.min(h.getValueAtPercentile(percentile), max));
  return { count: h.totalCount, p50Ms: at(50), p95Ms: at(95), p99Ms: at(99), maxMs: ms(max) };
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

interface StatementTally {
  readonly histogram: hdr.Histogram;
  completed: number;
}

export class RunMetrics {
  private readonly byStatement = new Map<string, StatementTally>();
  private readonly interval = newHistogram();
  private readonly live = newHistogram();
  private readonly connect = newHistogram();
  private readonly failed = zeroes(FAILURE_KINDS);
  private readonly refusedReasons: Record<string, number> = {};
  private readonly timeline: IntervalSample[] = [];
  private readonly intervalMs: number;
  private readonly probe: ToolLoadProbe;
  private scheduled = 0;
  private outOfStock = 0;
  private abandoned = 0;
  private opened = 0;
  private refused = 0;
  private peakOpen = 0;
  private intervalIndex = 0;
  private intervalCompleted = 0;
  private intervalScheduled = 0;
  private intervalFailed = 0;
  private intervalRefused = 0;
  private intervalSlipMs = 0;
  private liveCompleted = 0;
  private liveSinceMs = 0;
  private totalFailed = 0;
  private gauges: Gauges = { phase: 'warm-up', targetConnections: 0, openConnections: 0 };
  private targetRate = 0;

  constructor(private readonly options: RunMetricsOptions) {
    this.intervalMs = options.intervalMs;
    this.probe = options.probe ?? idleLoadProbe;
    for (const name of options.statementNames) this.byStatement.set(name, { histogram: newHistogram(), completed: 0 });
  }

  /** Moves the time line to `elapsedMs`, closing finished intervals, and records the latest gauges. */
  tick(elapsedMs: number, gauges: Gauges, targetTransactionsPerSecond = 0): void {
    this.closeIntervalsBefore(elapsedMs);
    this.gauges = gauges;
    this.targetRate = targetTransactionsPerSecond;
    if (gauges.openConnections > this.peakOpen) this.peakOpen = gauges.openConnections;
  }

  /** How late the engine's scheduling tick ran, in milliseconds (a sign of the tool's own saturation). */
  recordScheduleSlip(ms: number): void {
    if (ms > this.intervalSlipMs) this.intervalSlipMs = ms;
  }

  addScheduled(count: number): void {
    this.scheduled += count;
    this.intervalScheduled += count;
  }

  recordCompleted(statement: string, latencyMs: number, outOfStock = false): void {
    const us = Math.max(1, Math.round(latencyMs * MICROS_PER_MS));
    const tally = this.tallyOf(statement);
    tally.histogram.recordValue(us);
    tally.completed++;
    this.interval.recordValue(us);
    this.live.recordValue(us);
    this.intervalCompleted++;
    this.liveCompleted++;
    if (outOfStock) this.outOfStock++;
  }

  recordFailed(failure: FailureKind): void {
    this.failed[failure]++;
    this.totalFailed++;
    this.intervalFailed++;
  }

  recordAbandoned(count: number): void {
    this.abandoned += count;
  }

  recordConnected(connectMs: number): void {
    this.opened++;
    this.connect.recordValue(Math.max(1, Math.round(connectMs * MICROS_PER_MS)));
  }

  recordRefused(reason: string): void {
    this.refused++;
    this.intervalRefused++;
    this.refusedReasons[reason] = (this.refusedReasons[reason] ?? 0) + 1;
  }

  /** Figures since the previous call, for the progress display. */
  takeLive(elapsedMs: number): LiveFigures {
    const seconds = Math.max(0.001, (elapsedMs - this.liveSinceMs) / 1000);
    const figures: LiveFigures = {
      elapsedMs,
      phase: this.gauges.phase,
      completedPerSecond: this.liveCompleted / seconds,
      targetTransactionsPerSecond: this.targetRate,
      openConnections: this.gauges.openConnections,
      targetConnections: this.gauges.targetConnections,
      latency: summarise(this.live),
      failed: this.totalFailed,
      refusedConnections: this.refused,
      toolSaturated: (this.timeline[this.timeline.length - 1]?.tool.saturatedBy.length ?? 0) > 0,
    };
    this.live.reset();
    this.liveCompleted = 0;
    this.liveSinceMs = elapsedMs;
    return figures;
  }

  /** Closes the last (partial) interval and returns everything measured. */
  finish(elapsedMs: number): RunMeasurements {
    this.closeIntervalsBefore(elapsedMs);
    const lastStart = this.intervalIndex * this.intervalMs;
    if (
      elapsedMs > lastStart &&
      (this.intervalCompleted + this.intervalFailed + this.intervalRefused > 0 || elapsedMs - lastStart >= this.intervalMs / 2)
    ) {
      this.closeInterval(lastStart, elapsedMs);
    }
    this.probe.stop();
    const overall = newHistogram();
    const completed: Record<string, number> = {};
    const latencyByStatement: Record<string, LatencySummary> = {};
    let completedTotal = 0;
    for (const [name, tally] of this.byStatement) {
      overall.add(tally.histogram);
      completed[name] = tally.completed;
      latencyByStatement[name] = summarise(tally.histogram);
      completedTotal += tally.completed;
    }
    return {
      scheduled: this.scheduled,
      completed,
      completedTotal,
      failed: { ...this.failed },
      failedTotal: this.totalFailed,
      ordersOutOfStock: this.outOfStock,
      abandoned: this.abandoned,
      connections: {
        opened: this.opened,
        refused: this.refused,
        refusedReasons: { ...this.refusedReasons },
        peakOpen: this.peakOpen,
        connectLatency: summarise(this.connect),
      },
      latency: summarise(overall),
      latencyByStatement,
      timeline: [...this.timeline],
    };
  }

  private tallyOf(statement: string): StatementTally {
    let tally = this.byStatement.get(statement);
    if (!tally) {
      tally = { histogram: newHistogram(), completed: 0 };
      this.byStatement.set(statement, tally);
    }
    return tally;
  }

  private closeIntervalsBefore(elapsedMs: number): void {
    while ((this.intervalIndex + 1) * this.intervalMs <= elapsedMs) {
      const start = this.intervalIndex * this.intervalMs;
      this.closeInterval(start, start + this.intervalMs);
    }
  }

  private closeInterval(startMs: number, endMs: number): void {
    const seconds = (endMs - startMs) / 1000;
    const perSecond = (n: number) => (seconds > 0 ? n / seconds : 0);
    const reading = { ...this.probe.read(), scheduleSlipMs: this.intervalSlipMs };
    this.timeline.push({
      startMs,
      endMs,
      phase: this.gauges.phase,
      targetTransactionsPerSecond: perSecond(this.options.targetBetween?.(startMs, endMs) ?? 0),
      releasedPerSecond: perSecond(this.intervalScheduled),
      completedPerSecond: perSecond(this.intervalCompleted),
      targetConnections: this.gauges.targetConnections,
      openConnections: this.gauges.openConnections,
      completed: this.intervalCompleted,
      failed: this.intervalFailed,
      refusedConnections: this.intervalRefused,
      latency: summarise(this.interval),
      tool: { ...reading, saturatedBy: saturationReasons(reading) },
    });
    this.interval.reset();
    this.intervalCompleted = 0;
    this.intervalScheduled = 0;
    this.intervalFailed = 0;
    this.intervalRefused = 0;
    this.intervalSlipMs = 0;
    this.intervalIndex++;
  }
}

/** Chart resolution: one-second intervals, coarser for long runs so the time line keeps ~300 points. */
export function intervalFor(durationMs: number): number {
  return Math.max(1000, Math.ceil(durationMs / 300 / 1000) * 1000);
}
