import type { DatabaseSession } from '../driver/driver';

/**
 * Reads `pg_stat_statements` for the current database. Aurora PostgreSQL loads the library by default
 * (and the stack's parameter group names it in `shared_preload_libraries`), but the view exists only in a
 * database where `CREATE EXTENSION pg_stat_statements` was run. Other users' query texts need the
 * `pg_read_all_stats` role (or rds_superuser); without it they read `<insufficient privilege>`.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_PerfInsights.UsingDashboard.AnalyzeDBLoad.AdditionalMetrics.PostgreSQL.html
 * @see https://www.postgresql.org/docs/current/pgstatstatements.html
 */

/** Cumulative figures of one normalised statement, as `pg_stat_statements` keeps them. */
export interface StatementStat {
  /** `queryid` and `userid`, which together identify an entry. */
  readonly key: string;
  readonly query: string;
  readonly calls: number;
  readonly totalMs: number;
  readonly rows: number;
}

/** A snapshot, or the reason none could be taken (with the fix). */
export type StatementStatsSnapshot =
  | { readonly available: true; readonly stats: readonly StatementStat[] }
  | { readonly available: false; readonly reason: string };

const READ_STATS = `SELECT queryid::text || '/' || userid::text AS key, query, calls::float8 AS calls,
  total_exec_time::float8 AS total_ms, rows::float8 AS rows
  FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND queryid IS NOT NULL`;

/** Takes a snapshot of `pg_stat_statements`; never throws. */
export async function readStatementStats(session: DatabaseSession): Promise<StatementStatsSnapshot> {
  try {
    const [ext] = await session.rows<{ n: string }>(`SELECT count(*)::text AS n FROM pg_extension WHERE extname = 'pg_stat_statements'`);
    if (!ext || ext.n === '0') {
      return {
        available: false,
        reason:
          'pg_stat_statements is not installed in this database. Fix: run CREATE EXTENSION pg_stat_statements as the master user (the parameter group already loads the library)',
      };
    }
    const rows = await session.rows<{ key: string; query: string; calls: number; total_ms: number; rows: number }>(READ_STATS);
    return {
      available: true,
      stats: rows.map((r) => ({ key: r.key, query: r.query, calls: Number(r.calls), totalMs: Number(r.total_ms), rows: Number(r.rows) })),
    };
  } catch (error) {
    return {
      available: false,
      reason: `cannot read pg_stat_statements: ${(error as Error).message}. Fix: check that the library is loaded (shared_preload_libraries) and the user may read the view`,
    };
  }
}
