import type { FailureKind } from '../types';

/**
 * The small surface the rehearsal needs from a database driver, so an engine other than PostgreSQL can be
 * added as one more implementation (MySQL through `mysql2` is not yet supported: see `driverForEngine`).
 */

/** Where and how to connect to one endpoint. */
export interface EndpointSettings {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
  /**
   * `verify`: TLS, certificate and host name checked (RDS Proxy's certificates come from ACM and chain to
   * Amazon's public roots, which Node trusts). `require`: TLS without checking the certificate.
   * `off`: plain text, for a local server only.
   */
  readonly tls: TlsMode;
  /** PEM file of extra trusted certificate authorities. @default - Node's bundled roots */
  readonly caFile?: string;
  /** Give up on a connection attempt after this long. @default 10000 */
  readonly connectTimeoutMs?: number;
}

export type TlsMode = 'verify' | 'require' | 'off';

/** The result of one statement. */
export interface StatementResult {
  readonly rowCount: number;
}

/** One open client connection. */
export interface DatabaseSession {
  /** Runs one parameterised statement (an unnamed prepared statement: no session state, no proxy pinning). */
  query(text: string, values?: readonly unknown[]): Promise<StatementResult>;
  /**
   * The same as `query`, with a callback instead of a promise: the workload engine's hot path (one promise
   * and two closures fewer per transaction). `done` is called exactly once.
   */
  execute(text: string, values: readonly unknown[], done: (error: unknown, result: StatementResult | undefined) => void): void;
  /** Runs one statement and returns its rows as objects. */
  rows<T>(text: string, values?: readonly unknown[]): Promise<T[]>;
  /** Closes the connection; never throws. */
  close(): Promise<void>;
  /** True once the connection failed and must not be reused. */
  readonly broken: boolean;
}

/**
 * Why a connection attempt failed. `refused`: the server or proxy turned it away or did not answer in
 * time (too many connections, not accepting connections, reset, timeout) — what the verdict counts.
 * `fatal`: retrying cannot help (wrong password, unknown database, TLS mismatch); the run stops.
 */
export interface ConnectFailure {
  readonly kind: 'refused' | 'fatal';
  /** A short reason for the report, e.g. `too many connections (53300)`. */
  readonly reason: string;
}

export interface DatabaseDriver {
  /** Engine name as in config, e.g. `aurora-postgresql`. */
  readonly engine: string;
  connect(endpoint: EndpointSettings): Promise<DatabaseSession>;
  classifyConnectError(error: unknown): ConnectFailure;
  classifyQueryError(error: unknown): FailureKind;
}
