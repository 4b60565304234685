import type { RehearsalThresholds } from '../../config/schema/rehearsal';
import type { RunMeasurements } from './metrics';
import type { LoadLevel } from './types';

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
 * - `held`: every check passed over a complete run at (or above) the campaign's expected peak: a proof for
 *   that campaign.
 * - `held-not-a-proof`: every check passed, but at a peak below the campaign's expected one, or with no
 *   campaign (or no expected peak) to compare with.
 * - `did-not-hold`: at least one check failed, and the tool kept up.
 * - `unreliable`: the load generator itself was saturated; its figures describe this machine as much as
 *   the database.
 * - `incomplete`: the run was stopped early; the checks describe the part that ran.
 */
export type VerdictOutcome = 'held' | 'held-not-a-proof' | 'did-not-hold' | 'unreliable' | 'incomplete';

export interface Verdict {
  readonly outcome: VerdictOutcome;
  readonly checks: readonly VerdictCheck[];
  /** One sentence for the top of the report. */
  readonly headline: string;
}

/** The peak a run was driven at, and the one its campaign expects. */
export interface PeakComparison {
  readonly rehearsed: LoadLevel;
  /** The campaign's expected peak. @default - no campaign, or a campaign that states no `expectedPeak` */
  readonly expected?: LoadLevel;
  /** The campaign's id. @default - no campaign named */
  readonly campaignId?: string;
}

/** How the run went, besides its measurements. */
export interface RunCircumstances {
  readonly interrupted: boolean;
  readonly peak: PeakComparison;
  /** Extra checks judged elsewhere (query regressions with `--fail-on-regression`). @default - none */
  readonly extraChecks?: readonly VerdictCheck[];
}

/** Share of the time line above which a run with saturated intervals gets the `unreliable` verdict. */
export const UNRELIABLE_SATURATED_SHARE = 0.05;

/** Failed share of transactions that ended (completed or failed), in percent. */
export function errorRatePercent(m: RunMeasurements): number {
  const ended = m.completedTotal + m.failedTotal;
  return ended === 0 ? 0 : (m.failedTotal / ended) * 100;
}

/** Completed share of the transactions the profile asked for, in percent. */
export function throughputPercent(m: RunMeasurements): number {
  return m.scheduled === 0 ? 0 : (m.completedTotal / m.scheduled) * 100;
}

/** Intervals of the time line where the tool was saturated. */
export function saturatedIntervals(m: RunMeasurements): number {
  return m.timeline.filter((s) => s.tool.saturatedBy.length > 0).length;
}

function pct(n: number): string {
  return `${Number(n.toFixed(n < 1 ? 3 : 2))}%`;
}

/** `60 connections / 400 tps`. */
export function describeLevel(level: LoadLevel): string {
  return `${level.connections} connections / ${Number(level.transactionsPerSecond.toFixed(1))} tps`;
}

/** True when the rehearsed peak reaches the expected one on both figures. */
export function reachesExpectedPeak(peak: PeakComparison): boolean {
  return (
    peak.expected !== undefined &&
    peak.rehearsed.connections >= peak.expected.connections &&
    peak.rehearsed.transactionsPerSecond >= peak.expected.transactionsPerSecond - 1e-9
  );
}

function notAProofReason(peak: PeakComparison): string {
  if (peak.campaignId === undefined) return '(no campaign named with --campaign): not a proof for any campaign';
  if (peak.expected === undefined) return `(campaign ${peak.campaignId} states no expectedPeak): not a proof for this campaign`;
  return `(the campaign expects ${describeLevel(peak.expected)}): not a proof for this campaign`;
}

/** Judges a run against the thresholds from config. Pure. */
export function judgeRehearsal(m: RunMeasurements, t: RehearsalThresholds, run: RunCircumstances): Verdict {
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
    ...(run.extraChecks ?? []),
  ];
  const failed = checks.filter((c) => !c.passed);
  const saturated = saturatedIntervals(m);
  const intervals = m.timeline.length;
  const at = describeLevel(run.peak.rehearsed);
  if (run.interrupted) {
    return {
      outcome: 'incomplete',
      checks,
      headline: `INCOMPLETE: the rehearsal was stopped before the end${failed.length ? `, and ${failed.map((c) => c.name).join(', ')} already failed` : ''}. Run it again to the end for a verdict.`,
    };
  }
  if (intervals > 0 && saturated / intervals > UNRELIABLE_SATURATED_SHARE) {
    return {
      outcome: 'unreliable',
      checks,
      headline: `UNRELIABLE: the load generator itself was saturated in ${saturated} of ${intervals} intervals (event-loop delay, schedule slip or its own CPU), so these results describe this machine as much as the database. Run it from a bigger machine, or alone on this one.`,
    };
  }
  if (failed.length > 0) {
    return {
      outcome: 'did-not-hold',
      checks,
      headline: `DID NOT HOLD at ${at}: ${failed.map((c) => `${c.name} ${c.measured} (limit ${c.limit})`).join('; ')}.`,
    };
  }
  if (!reachesExpectedPeak(run.peak)) {
    return { outcome: 'held-not-a-proof', checks, headline: `Held at ${at} ${notAProofReason(run.peak)}.` };
  }
  return {
    outcome: 'held',
    checks,
    headline: `HELD: the database served campaign ${run.peak.campaignId}'s expected peak (${at}) within every threshold.`,
  };
}

/** Process exit codes, one per verdict, plus the one for a run that could not start. */
export const EXIT_CODES = {
  held: 0,
  'did-not-hold': 1,
  'cannot-run': 2,
  'held-not-a-proof': 3,
  unreliable: 4,
  incomplete: 130,
} as const;

/** The process exit code for a verdict. */
export function exitCodeFor(outcome: VerdictOutcome): number {
  return EXIT_CODES[outcome];
}
