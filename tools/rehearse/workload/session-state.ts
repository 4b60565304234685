/**
 * Statements that change session state, and so would pin a client connection to one database connection
 * in RDS Proxy (and break under PgBouncer's transaction pooling). The list follows the RDS Proxy
 * documentation's conditions that cause pinning for PostgreSQL: SET commands; PREPARE, DISCARD,
 * DEALLOCATE or EXECUTE to manage prepared statements; temporary sequences, tables or views; declaring
 * cursors; discarding the session state; listening on a notification channel; loading a library module
 * (LOAD); manipulating sequences with functions such as `nextval` and `setval`; advisory locks
 * (`pg_advisory_lock`, `pg_try_advisory_lock`); setting parameters with `set_config`.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-proxy-pinning.html#rds-proxy-pinning.postgres
 *
 * A statement that opens or ends a transaction block (BEGIN, COMMIT…) is refused too: each workload
 * statement is a transaction of its own, sent with the extended query protocol, and a transaction left
 * open across statements would hold its database connection like a pin.
 */

interface SessionStatePattern {
  readonly pattern: RegExp;
  readonly condition: string;
}

const PATTERNS: readonly SessionStatePattern[] = [
  { pattern: /^\s*(SET|RESET)\b/i, condition: 'a SET/RESET command (session parameter)' },
  { pattern: /^\s*(PREPARE|EXECUTE|DEALLOCATE)\b/i, condition: 'a named prepared statement (PREPARE/EXECUTE/DEALLOCATE)' },
  { pattern: /^\s*DISCARD\b/i, condition: 'DISCARD (discarding the session state)' },
  { pattern: /\bCREATE\s+(GLOBAL\s+|LOCAL\s+)?(TEMP|TEMPORARY)\b/i, condition: 'a temporary table, sequence or view' },
  { pattern: /^\s*DECLARE\b/i, condition: 'a cursor (DECLARE)' },
  { pattern: /^\s*(LISTEN|UNLISTEN)\b/i, condition: 'listening on a notification channel (LISTEN)' },
  { pattern: /^\s*LOAD\b/i, condition: 'loading a library module (LOAD)' },
  { pattern: /\b(nextval|setval|currval|lastval)\s*\(/i, condition: 'sequence functions (nextval, setval, currval, lastval)' },
  { pattern: /\bpg_(try_)?advisory(_xact)?_lock(_shared)?\s*\(/i, condition: 'an advisory lock (pg_advisory_lock…)' },
  { pattern: /\bset_config\s*\(/i, condition: 'setting a parameter with set_config()' },
  {
    pattern: /^\s*(BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b/i,
    condition: 'a transaction-control statement (each statement is its own transaction)',
  },
];

/** Removes comments and string literals, so a keyword inside them is not mistaken for a statement. */
function codeOnly(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''");
}

/** The pinning conditions a statement meets, in words; empty when it keeps no session state. Pure. */
export function sessionStateConditions(sql: string): string[] {
  const code = codeOnly(sql);
  return PATTERNS.filter((p) => p.pattern.test(code)).map((p) => p.condition);
}

/** True when the text holds more than one statement (a `;` followed by more code). */
export function hasSeveralStatements(sql: string): boolean {
  return /;\s*\S/.test(codeOnly(sql));
}
