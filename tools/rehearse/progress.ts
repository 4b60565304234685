import { Presets, SingleBar } from 'cli-progress';
import type { LiveFigures } from './metrics';

/** Shows a run's live figures while it runs. */
export interface ProgressDisplay {
  update(figures: LiveFigures): void;
  stop(): void;
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function payload(f: LiveFigures) {
  return {
    clock: clock(f.elapsedMs),
    phase: f.phase.padEnd(9),
    tps: f.completedPerSecond.toFixed(0).padStart(5),
    target: f.targetTransactionsPerSecond.toFixed(0),
    conns: String(f.openConnections).padStart(4),
    targetConns: String(f.targetConnections),
    p50: f.latency.p50Ms.toFixed(1),
    p95: f.latency.p95Ms.toFixed(1),
    p99: f.latency.p99Ms.toFixed(1),
    failed: String(f.failed),
    refused: String(f.refusedConnections),
  };
}

/**
 * A `cli-progress` bar with the run's live figures: elapsed time, phase, current rate against target,
 * open connections, p50/p95/p99 latency of the last second, failed transactions and refused connections.
 * On a terminal it redraws in place; in CI (no TTY) it prints a line every 10 seconds.
 */
export function createProgressDisplay(durationMs: number, stream: NodeJS.WritableStream = process.stderr): ProgressDisplay {
  const bar = new SingleBar(
    {
      format:
        '{bar} {clock} {phase} | {tps}/{target} tps | conns {conns}/{targetConns} | p50 {p50} p95 {p95} p99 {p99} ms | failed {failed} | refused {refused}',
      barsize: 16,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 10_000,
      stream,
    },
    Presets.shades_classic,
  );
  const zero: LiveFigures = {
    elapsedMs: 0,
    phase: 'warm-up',
    completedPerSecond: 0,
    targetTransactionsPerSecond: 0,
    openConnections: 0,
    targetConnections: 0,
    latency: { count: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 },
    failed: 0,
    refusedConnections: 0,
  };
  bar.start(Math.max(1, Math.round(durationMs / 1000)), 0, payload(zero));
  return {
    update(f) {
      bar.update(Math.round(f.elapsedMs / 1000), payload(f));
    },
    stop() {
      bar.stop();
    },
  };
}

/** A display that shows nothing (`--quiet`, tests). */
export const silentProgress: ProgressDisplay = { update: () => undefined, stop: () => undefined };
