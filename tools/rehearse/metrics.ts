import * as hdr from 'hdr-histogram-js';
import { FAILURE_KINDS, TRANSACTION_KINDS, type FailureKind, type LatencySummary, type PhaseName, type TransactionKind } from './types';

/**
 * Counts and latency distributions of a run. Latencies go into HdrHistograms (`hdr-histogram-js`) in
 * microseconds: one for the whole run, one per transaction kind, one per time-line interval (summarised
 * and reset when the interval closes, so memory stays flat over a long run) and one for the live display.
 */

/** What the run looked like over one interval of the time line. */
export interface IntervalSample {
  /** Start and end, in milliseconds since the run started. */
  readonly startMs: number;
  readonly endMs: number;
  /** Phase at the interval's end. */
  readonly phase: PhaseName;
  /** Transactions the profile asked for in the interval, per second. */
  readonly targetTransactionsPerSecond: number;
  readonly completedPerSecond: number;
  /** Connection target and open connections at the interval's end. */
  readonly targetConnections: number;
  readonly openConnections: number;
  readonly completed: number;
  readonly failed: number;
  readonly refusedConnections: number;
  readonly latency: LatencySummary;
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
}

/** Everything measured, once the run is over. */
export interface RunMeasurements {
  /** Transactions the profile asked for (or, saturating, that were started). */
  readonly scheduled: number;
  readonly completed: Readonly<Record<TransactionKind, number>>;
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
  readonly latencyByKind: Readonly<Record<TransactionKind, LatencySummary>>;
  readonly timeline: readonly IntervalSample[];
}

/** The gauges the engine reports at every tick. */
export interface Gauges {
  readonly phase: PhaseName;
  readonly targetTransactionsPerSecond: number;
  readonly targetConnections: number;
  readonly openConnections: number;
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

export class RunMetrics {
  private readonly overall = newHistogram();
  private readonly byKind = Object.fromEntries(TRANSACTION_KINDS.map((k) => [k, newHistogram()])) as Record<TransactionKind, hdr.Histogram>;
  private readonly interval = newHistogram();
  private readonly live = newHistogram();
  private readonly connect = newHistogram();
  private readonly completed = zeroes(TRANSACTION_KINDS);
  private readonly failed = zeroes(FAILURE_KINDS);
  private readonly refusedReasons: Record<string, number> = {};
  private readonly timeline: IntervalSample[] = [];
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
  private liveCompleted = 0;
  private liveSinceMs = 0;
  private totalFailed = 0;
  private gauges: Gauges = { phase: 'warm-up', targetTransactionsPerSecond: 0, targetConnections: 0, openConnections: 0 };

  /**
   * @param intervalMs length of one time-line interval (the chart's resolution)
   */
  constructor(private readonly intervalMs: number) {}

  /** Moves the time line to `elapsedMs`, closing finished intervals, and records the latest gauges. */
  tick(elapsedMs: number, gauges: Gauges): void {
    this.closeIntervalsBefore(elapsedMs);
    this.gauges = gauges;
    if (gauges.openConnections > this.peakOpen) this.peakOpen = gauges.openConnections;
  }

  addScheduled(count: number): void {
    this.scheduled += count;
    this.intervalScheduled += count;
  }

  recordCompleted(kind: TransactionKind, latencyMs: number, outOfStock = false): void {
    const us = Math.max(1, Math.round(latencyMs * MICROS_PER_MS));
    this.overall.recordValue(us);
    this.byKind[kind].recordValue(us);
    this.interval.recordValue(us);
    this.live.recordValue(us);
    this.completed[kind]++;
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
      targetTransactionsPerSecond: this.gauges.targetTransactionsPerSecond,
      openConnections: this.gauges.openConnections,
      targetConnections: this.gauges.targetConnections,
      latency: summarise(this.live),
      failed: this.totalFailed,
      refusedConnections: this.refused,
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
    const completedTotal = TRANSACTION_KINDS.reduce((sum, k) => sum + this.completed[k], 0);
    return {
      scheduled: this.scheduled,
      completed: { ...this.completed },
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
      latency: summarise(this.overall),
      latencyByKind: Object.fromEntries(TRANSACTION_KINDS.map((k) => [k, summarise(this.byKind[k])])) as Record<
        TransactionKind,
        LatencySummary
      >,
      timeline: [...this.timeline],
    };
  }

  private closeIntervalsBefore(elapsedMs: number): void {
    while ((this.intervalIndex + 1) * this.intervalMs <= elapsedMs) {
      const start = this.intervalIndex * this.intervalMs;
      this.closeInterval(start, start + this.intervalMs);
    }
  }

  private closeInterval(startMs: number, endMs: number): void {
    const seconds = (endMs - startMs) / 1000;
    this.timeline.push({
      startMs,
      endMs,
      phase: this.gauges.phase,
      targetTransactionsPerSecond: seconds > 0 ? this.intervalScheduled / seconds : 0,
      completedPerSecond: seconds > 0 ? this.intervalCompleted / seconds : 0,
      targetConnections: this.gauges.targetConnections,
      openConnections: this.gauges.openConnections,
      completed: this.intervalCompleted,
      failed: this.intervalFailed,
      refusedConnections: this.intervalRefused,
      latency: summarise(this.interval),
    });
    this.interval.reset();
    this.intervalCompleted = 0;
    this.intervalScheduled = 0;
    this.intervalFailed = 0;
    this.intervalRefused = 0;
    this.intervalIndex++;
  }
}

/** Chart resolution: one-second intervals, coarser for long runs so the time line keeps ~300 points. */
export function intervalFor(durationMs: number): number {
  return Math.max(1000, Math.ceil(durationMs / 300 / 1000) * 1000);
}
