/** How to start the throwaway local PostgreSQL server. */
export interface LocalPostgresSettings {
  /** The server's `max_connections`. @default 100 */
  readonly maxConnections?: number;
  /** Extra server settings passed as `-c name=value`, e.g. `{ fsync: 'off' }`. @default - none */
  readonly serverSettings?: Readonly<Record<string, string>>;
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
