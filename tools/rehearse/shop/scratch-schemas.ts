import type { DatabaseSession } from '../driver/driver';
import { quoteSchema } from './shop-sql';

/** Scratch schemas left in the database by earlier runs (a second Ctrl-C, a killed process, `--keep`). */
export async function listScratchSchemas(session: DatabaseSession): Promise<string[]> {
  const rows = await session.rows<{ name: string }>(
    `SELECT nspname AS name FROM pg_namespace WHERE nspname ~ '^rehearsal_[a-z0-9_]*_[0-9]{14}$' ORDER BY nspname`,
  );
  return rows.map((r) => r.name);
}

/** The command that drops them, for the message at start and the report. */
export function dropScratchSchemasCommand(schemas: readonly string[], target: string): string {
  return `psql "${target}" -c '${schemas.map((s) => `DROP SCHEMA ${quoteSchema(s)} CASCADE;`).join(' ')}'`;
}
