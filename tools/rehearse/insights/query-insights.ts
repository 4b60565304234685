import type { StatementStat } from './statement-stats';

/**
 * What the database spent its time on during the rehearsal: the difference of two `pg_stat_statements`
 * snapshots, the top statements by total time, which of them the rehearsal ran itself, and, against a
 * previous report, which got slower. Pure.
 */

/** One statement's figures over the run. */
export interface StatementInsight {
  /** The statement text, with the scratch schema name replaced by `rehearsal_<scratch>` (comparable across runs). */
  readonly query: string;
  readonly calls: number;
  readonly totalMs: number;
  readonly meanMs: number;
  readonly rows: number;
  /** True when the rehearsal sent this statement itself (its own workload). */
  readonly ownStatement: boolean;
  /** `EXPLAIN` output, when asked for with `--explain N`. @default - not asked */
  readonly plan?: string;
}

/** A statement whose mean time grew by more than the threshold since the baseline report. */
export interface StatementRegression {
  readonly query: string;
  readonly baselineMeanMs: number;
  readonly meanMs: number;
  /** Growth in percent. */
  readonly growthPercent: number;
}

export interface QueryInsights {
  readonly available: boolean;
  /** Why there are no insights, with the fix. @default - they are available */
  readonly unavailableReason?: string;
  /** Statements with calls during the run, most total time first (at most `TOP_STATEMENTS`). */
  readonly top: readonly StatementInsight[];
  /** Statements that ran during the run, in all. */
  readonly statementsSeen: number;
  /** Set with `--baseline`. @default - no baseline given */
  readonly baseline?: {
    readonly path: string;
    readonly thresholdPercent: number;
    readonly regressions: readonly StatementRegression[];
    /** Statements of the baseline's top list found in this run. */
    readonly compared: number;
  };
}

export const TOP_STATEMENTS = 15;

const SCRATCH = /"?rehearsal_[a-z0-9_]*_\d{14}"?/g;

/** Makes statement texts comparable across runs: the scratch schema name differs every time. */
export function comparableQuery(query: string): string {
  return query.replace(SCRATCH, 'rehearsal_<scratch>').replace(/\s+/g, ' ').trim();
}

/**
 * A looser key, to recognise the rehearsal's own statements: pg_stat_statements replaces constants with
 * `$n` (`LIMIT 20` is stored as `LIMIT $2`), so placeholders and literals are all read as `?`.
 */
export function ownershipKey(query: string): string {
  return comparableQuery(query)
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/\$\d+/g, '?')
    .replace(/\b\d+(?:\.\d+)?\b/g, '?');
}

/** The figures accumulated between two snapshots; entries that did not run are left out. */
export function statementsBetween(before: readonly StatementStat[], after: readonly StatementStat[]): StatementStat[] {
  const earlier = new Map(before.map((s) => [s.key, s]));
  const out: StatementStat[] = [];
  for (const s of after) {
    const b = earlier.get(s.key);
    const calls = s.calls - (b?.calls ?? 0);
    if (calls <= 0) continue;
    out.push({ key: s.key, query: s.query, calls, totalMs: s.totalMs - (b?.totalMs ?? 0), rows: s.rows - (b?.rows ?? 0) });
  }
  return out;
}

/** The tool's own reads of pg_stat_statements and the catalogue, which say nothing about the shop. */
function isToolBookkeeping(query: string): boolean {
  return /pg_stat_statements|pg_extension|pg_namespace/.test(query);
}

/**
 * Top statements by total time, marked when they are the rehearsal's own (`ownTexts`: the SQL it sent).
 * Statements with the same comparable text (one per user, say) are summed.
 */
export function topStatements(delta: readonly StatementStat[], ownTexts: readonly string[], limit = TOP_STATEMENTS): StatementInsight[] {
  const own = new Set(ownTexts.map(ownershipKey));
  const merged = new Map<string, { calls: number; totalMs: number; rows: number }>();
  for (const s of delta) {
    if (isToolBookkeeping(s.query)) continue;
    const q = comparableQuery(s.query);
    const m = merged.get(q) ?? { calls: 0, totalMs: 0, rows: 0 };
    m.calls += s.calls;
    m.totalMs += s.totalMs;
    m.rows += s.rows;
    merged.set(q, m);
  }
  return [...merged.entries()]
    .map(([query, m]) => ({
      query,
      calls: m.calls,
      totalMs: round(m.totalMs),
      meanMs: round(m.totalMs / m.calls, 4),
      rows: m.rows,
      ownStatement: own.has(ownershipKey(query)),
    }))
    .sort((a, b) => b.totalMs - a.totalMs || b.calls - a.calls)
    .slice(0, limit);
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Fewer calls than this, in either run, and a mean time is too noisy to call a regression. */
export const MIN_CALLS_TO_COMPARE = 20;

/** Statements whose mean time grew by more than `thresholdPercent` since the baseline. */
export function findRegressions(
  current: readonly StatementInsight[],
  baseline: readonly StatementInsight[],
  thresholdPercent: number,
): { regressions: StatementRegression[]; compared: number } {
  const before = new Map(baseline.map((s) => [comparableQuery(s.query), s]));
  const regressions: StatementRegression[] = [];
  let compared = 0;
  for (const s of current) {
    const b = before.get(s.query);
    if (!b || b.calls < MIN_CALLS_TO_COMPARE || s.calls < MIN_CALLS_TO_COMPARE || b.meanMs <= 0) continue;
    compared++;
    const growthPercent = ((s.meanMs - b.meanMs) / b.meanMs) * 100;
    if (growthPercent > thresholdPercent)
      regressions.push({ query: s.query, baselineMeanMs: b.meanMs, meanMs: s.meanMs, growthPercent: round(growthPercent, 1) });
  }
  return { regressions: regressions.sort((a, b) => b.growthPercent - a.growthPercent), compared };
}
