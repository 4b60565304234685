import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/**
 * Is the load generator itself the bottleneck? Three signs, read once per time-line interval:
 * - event-loop delay: callbacks (query results, timers) waited this long for the single JavaScript thread;
 * - schedule slip: the engine's 5 ms tick ran this much later than asked, so transactions were released late;
 * - the tool's own CPU: user + system time of this process over wall time (100 % = one core busy).
 * An interval where any of them passes its limit is marked saturated: its latency and rate say more
 * about this machine than about the database.
 */

/** The tool's own load over one interval. */
export interface ToolLoadSample {
  /** 99th percentile of the event loop's delay, in milliseconds. */
  readonly eventLoopDelayP99Ms: number;
  /** Longest delay of a scheduling tick beyond its due time, in milliseconds. */
  readonly scheduleSlipMs: number;
  /** CPU time of this process over the interval's wall time, in percent (100 = one core). */
  readonly cpuPercent: number;
  /** Which limits were passed; empty when the tool kept up. */
  readonly saturatedBy: readonly string[];
}

/** Limits above which an interval counts as saturated. */
export const SATURATION_LIMITS = {
  eventLoopDelayP99Ms: 50,
  scheduleSlipMs: 100,
  cpuPercent: 90,
} as const;

/** The limits an interval's readings passed, in words. Pure. */
export function saturationReasons(reading: Omit<ToolLoadSample, 'saturatedBy'>): string[] {
  const reasons: string[] = [];
  if (reading.eventLoopDelayP99Ms > SATURATION_LIMITS.eventLoopDelayP99Ms)
    reasons.push(`event-loop delay p99 ${round(reading.eventLoopDelayP99Ms)} ms > ${SATURATION_LIMITS.eventLoopDelayP99Ms} ms`);
  if (reading.scheduleSlipMs > SATURATION_LIMITS.scheduleSlipMs)
    reasons.push(`schedule slip ${round(reading.scheduleSlipMs)} ms > ${SATURATION_LIMITS.scheduleSlipMs} ms`);
  if (reading.cpuPercent > SATURATION_LIMITS.cpuPercent)
    reasons.push(`tool CPU ${round(reading.cpuPercent)} % > ${SATURATION_LIMITS.cpuPercent} % of a core`);
  return reasons;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Reads the event-loop delay and CPU since the previous reading. */
export interface ToolLoadProbe {
  read(): { readonly eventLoopDelayP99Ms: number; readonly cpuPercent: number };
  stop(): void;
}

/** The real probe: `perf_hooks.monitorEventLoopDelay` and `process.cpuUsage`. */
export function processLoadProbe(): ToolLoadProbe {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let cpu = process.cpuUsage();
  let wall = performance.now();
  return {
    read() {
      const now = performance.now();
      const used = process.cpuUsage(cpu);
      const wallMs = Math.max(1, now - wall);
      // The histogram holds nanoseconds and includes the sampling resolution itself; subtract it.
      const p99Ms = delay.count > 0 ? Math.max(0, delay.percentile(99) / 1e6 - 10) : 0;
      delay.reset();
      cpu = process.cpuUsage();
      wall = now;
      return { eventLoopDelayP99Ms: p99Ms, cpuPercent: ((used.user + used.system) / 1000 / wallMs) * 100 };
    },
    stop() {
      delay.disable();
    },
  };
}

/** A probe that always reads zero (benchmarks and tests that judge nothing by it). */
export const idleLoadProbe: ToolLoadProbe = { read: () => ({ eventLoopDelayP99Ms: 0, cpuPercent: 0 }), stop: () => undefined };
