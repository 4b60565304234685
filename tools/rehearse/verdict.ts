import type { RehearsalThresholds } from '../../config/schema/rehearsal';
import type { RunMeasurements } from './metrics';

/** One line of the verdict: a measured figure against its threshold from config. */
export interface VerdictCheck {
  readonly name: string;
  /** The figure measured, formatted for people. */
  readonly measured: string;
  /** The threshold, formatted for people, e.g. `≤ 250 ms`. */
  readonly limit: string;
  readonly passed: boolean;
  /** What a failure means and where to look. */
  readonly meaning: string;
}

/**
 * `held`: every check passed over a complete run. `did-not-hold`: at least one check failed.
 * `incomplete`: the run was stopped early; the checks describe the part that ran.
 */
export type VerdictOutcome = 'held' | 'did-not-hold' | 'incomplete';

export interface Verdict {
  readonly outcome: VerdictOutcome;
  readonly checks: readonly VerdictCheck[];
  /** One sentence for the top of the report. */
  readonly headline: string;
}

/** Failed share of transactions that ended (completed or failed), in percent. */
export function errorRatePercent(m: RunMeasurements): number {
  const ended = m.completedTotal + m.failedTotal;
  return ended === 0 ? 0 : (m.failedTotal / ended) * 100;
}

/** Completed share of the transactions the profile asked for, in percent. */
export function throughputPercent(m: RunMeasurements): number {
  return m.scheduled === 0 ? 0 : (m.completedTotal / m.scheduled) * 100;
}

function pct(n: number): string {
  return `${Number(n.toFixed(n < 1 ? 3 : 2))}%`;
}

/** Judges a run against the thresholds from config. Pure. */
export function judgeRehearsal(m: RunMeasurements, t: RehearsalThresholds, run: { readonly interrupted: boolean }): Verdict {
  const errorRate = errorRatePercent(m);
  const throughput = throughputPercent(m);
  const anyCompleted = m.completedTotal > 0;
  const checks: VerdictCheck[] = [
    {
      name: 'p99 latency',
      measured: anyCompleted ? `${m.latency.p99Ms} ms` : 'no transaction completed',
      limit: `≤ ${t.p99LatencyMs} ms`,
      passed: anyCompleted && m.latency.p99Ms <= t.p99LatencyMs,
      meaning:
        "One request in a hundred waited longer than this (queueing for a connection included). Look at writer CPU, slow-query logs and the proxy's borrow latency.",
    },
    {
      name: 'error rate',
      measured: `${pct(errorRate)} (${m.failedTotal} of ${m.completedTotal + m.failedTotal})`,
      limit: `≤ ${pct(t.maxErrorRatePercent)}`,
      passed: errorRate <= t.maxErrorRatePercent,
      meaning: 'Transactions that failed: pool timeouts (no free connection in time), lost connections, conflicts, statement errors.',
    },
    {
      name: 'refused connections',
      measured: String(m.connections.refused),
      limit: `≤ ${t.maxRefusedConnections}`,
      passed: m.connections.refused <= t.maxRefusedConnections,
      meaning:
        "Connection attempts turned away (too many connections, timeouts): what became 503s in the outage. Check the proxy's MaxConnectionsPercent and the writer's max_connections.",
    },
    {
      name: 'throughput',
      measured: `${pct(throughput)} of the ${m.scheduled} transactions asked for`,
      limit: `≥ ${pct(t.minThroughputPercent)}`,
      passed: m.scheduled > 0 && throughput >= t.minThroughputPercent,
      meaning:
        "The share of the campaign's traffic that was served. Below it, the database (or the machine running the tool: see bench:rehearse) could not keep up.",
    },
  ];
  const failed = checks.filter((c) => !c.passed);
  if (run.interrupted) {
    return {
      outcome: 'incomplete',
      checks,
      headline: `INCOMPLETE: the rehearsal was stopped before the end${failed.length ? `, and ${failed.map((c) => c.name).join(', ')} already failed` : ''}. Run it again to the end for a verdict.`,
    };
  }
  if (failed.length === 0) {
    return { outcome: 'held', checks, headline: "HELD: the database served the campaign's peak within every threshold." };
  }
  return {
    outcome: 'did-not-hold',
    checks,
    headline: `DID NOT HOLD: ${failed.map((c) => `${c.name} ${c.measured} (limit ${c.limit})`).join('; ')}.`,
  };
}

/** The process exit code for a verdict: 0 held, 1 did not hold, 130 incomplete (interrupted). */
export function exitCodeFor(outcome: VerdictOutcome): number {
  switch (outcome) {
    case 'held':
      return 0;
    case 'did-not-hold':
      return 1;
    case 'incomplete':
      return 130;
  }
}
