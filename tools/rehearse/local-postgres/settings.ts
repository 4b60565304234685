/** How to start the throwaway local PostgreSQL server. */
export interface LocalPostgresSettings {
  /** The server's `max_connections`. @default 100 */
  readonly maxConnections?: number;
  /** Extra server settings passed as `-c name=value`, e.g. `{ fsync: 'off' }`. @default - none */
  readonly serverSettings?: Readonly<Record<string, string>>;
  /**
   * Load `pg_stat_statements` (`shared_preload_libraries`, as the stack's parameter group does) and
   * create the extension in the database, so the rehearsal can report query insights. @default false
   */
  readonly statementStats?: boolean;
}

/** What the server process prints once it accepts connections. */
export interface LocalPostgresReady {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  readonly dataDirectory: string;
}
