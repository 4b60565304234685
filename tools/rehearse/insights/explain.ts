import type { DatabaseSession } from '../driver/driver';

/**
 * `EXPLAIN (GENERIC_PLAN)` of a normalised statement: the plan the server would choose for any parameter
 * values, without running it (PostgreSQL 16 and later; Aurora PostgreSQL 16+). Only plain DML is
 * explained; nothing is executed.
 * @see https://www.postgresql.org/docs/current/sql-explain.html
 */
export async function explainGeneric(session: DatabaseSession, query: string): Promise<string> {
  if (!/^\s*(SELECT|WITH|INSERT|UPDATE|DELETE|VALUES|TABLE)\b/i.test(query))
    return '(not explained: not a SELECT, INSERT, UPDATE or DELETE)';
  try {
    const rows = await session.rows<{ 'QUERY PLAN': string }>(`EXPLAIN (GENERIC_PLAN) ${query}`);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } catch (error) {
    return `(not explained: ${(error as Error).message})`;
  }
}
