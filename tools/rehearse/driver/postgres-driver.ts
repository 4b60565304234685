import { readFileSync } from 'node:fs';
import { Client, type ClientConfig } from 'pg';
import type { FailureKind } from '../types';
import type { ConnectFailure, DatabaseDriver, DatabaseSession, EndpointSettings, StatementResult } from './driver';
import { DirectChannel } from './direct-channel';
import { InPlaceSocket } from './in-place-socket';
import { ExtendedStatement, statementMessages } from './extended-statement';

/**
 * PostgreSQL through `pg`. Statements are sent as unnamed prepared statements with parameters and the
 * session is never altered (no `SET`, no named `PREPARE`): both would pin the client connection to one
 * database connection in RDS Proxy and make the rehearsal measure something the web app does not do.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-proxy-pinning.html
 * @see https://aws.amazon.com/blogs/database/amazon-rds-proxy-multiplexing-support-for-postgresql-extended-query-protocol/
 */

/** SQLSTATEs and socket errors that mean "the server turned the connection away" — retrying later may work. */
const REFUSED_CODES: Readonly<Record<string, string>> = {
  '53300': 'too many connections (53300)',
  '53000': 'insufficient resources (53000)',
  '57P03': 'the server is not accepting connections (57P03)',
  '08006': 'connection failure (08006)',
  '08001': 'the server rejected the connection (08001)',
  '08004': 'the server rejected the connection (08004)',
  ECONNREFUSED: 'connection refused (ECONNREFUSED)',
  ECONNRESET: 'connection reset (ECONNRESET)',
  ETIMEDOUT: 'connect timed out (ETIMEDOUT)',
  EPIPE: 'connection closed (EPIPE)',
  EHOSTUNREACH: 'host unreachable (EHOSTUNREACH)',
};

/** SQLSTATEs that no retry can fix. */
const FATAL_CODES: Readonly<Record<string, string>> = {
  '28P01': 'password authentication failed (28P01). Fix: check PGUSER / PGPASSWORD',
  '28000': 'not authorised to connect (28000). Fix: check the user, pg_hba rules or IAM authentication',
  '3D000': 'the database does not exist (3D000). Fix: pass --database or check database.databaseName',
  ENOTFOUND:
    'the host name does not resolve (ENOTFOUND). Fix: check --endpoint / --read-endpoint (the stack outputs ProxyEndpoint and ProxyReadOnlyEndpoint)',
};

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function classifyPostgresConnectError(error: unknown): ConnectFailure {
  const code = codeOf(error);
  const message = messageOf(error);
  if (code && FATAL_CODES[code]) return { kind: 'fatal', reason: FATAL_CODES[code] };
  if (/does not support SSL|self[- ]signed|certificate|SSL|TLS/i.test(message) && !/timeout/i.test(message)) {
    return {
      kind: 'fatal',
      reason: `TLS problem: ${message}. Fix: RDS Proxy needs --tls verify (the default); a local server without TLS needs --tls off`,
    };
  }
  if (code && REFUSED_CODES[code]) return { kind: 'refused', reason: REFUSED_CODES[code] };
  if (/timeout/i.test(message)) return { kind: 'refused', reason: 'connect timed out' };
  if (/terminated|closed|reset/i.test(message)) return { kind: 'refused', reason: 'connection closed by the server while connecting' };
  return { kind: 'refused', reason: code ? `${message} (${code})` : message };
}

export function classifyPostgresQueryError(error: unknown): FailureKind {
  const code = codeOf(error);
  if (code === '40001' || code === '40P01' || code === '55P03') return 'conflict';
  if (code === '57014') return 'statement-timeout';
  if (code?.startsWith('08') || code === '57P01' || code === '57P02' || code === 'ECONNRESET' || code === 'EPIPE') return 'connection-lost';
  if (!code && /terminated|not queryable|closed|ended/i.test(messageOf(error))) return 'connection-lost';
  return 'query';
}

type StatementCallback = (error: unknown, result: StatementResult | undefined) => void;

function sslOptions(endpoint: EndpointSettings): ClientConfig['ssl'] {
  switch (endpoint.tls) {
    case 'off':
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify':
      return {
        rejectUnauthorized: true,
        servername: endpoint.host,
        ...(endpoint.caFile ? { ca: readFileSync(endpoint.caFile, 'utf8') } : {}),
      };
  }
}

class PostgresSession implements DatabaseSession {
  private failed = false;
  /** Queries sent through pg and not yet answered (the direct channel may only send when there are none). */
  private viaPg = 0;
  /** The workload statements' fast path (see direct-channel.ts); undefined: everything goes through pg. */
  private readonly channel: DirectChannel | undefined;
  /** The caller of the statement in flight on the channel. */
  private directDone: StatementCallback | undefined;

  constructor(private readonly client: Client) {
    this.channel = DirectChannel.attach(client);
    // An idle connection the server drops emits 'error'; without a listener Node would crash.
    client.on('error', () => {
      this.failed = true;
    });
    client.on('end', () => {
      this.failed = true;
    });
  }

  get broken(): boolean {
    return this.failed;
  }

  query(text: string, values?: readonly unknown[]): Promise<StatementResult> {
    return new Promise((resolve, reject) => {
      this.execute(text, values ?? [], (error, result) => (error === undefined && result ? resolve(result) : reject(error)));
    });
  }

  execute(text: string, values: readonly unknown[], done: StatementCallback): void {
    const messages = statementMessages(text, values);
    if (this.channel && !this.channel.busy && this.viaPg === 0) {
      // The hot path: no closure or promise per statement (see direct-channel.ts).
      this.directDone = done;
      this.channel.send(messages, this.onDirectReply);
      return;
    }
    // A submittable: pg queues it like a query and routes the replies to it (see extended-statement.ts).
    this.viaPg++;
    const statement = new ExtendedStatement(messages, (error, rowCount) => {
      this.viaPg--;
      this.answer(done, error, rowCount);
    });
    try {
      this.client.query(statement as unknown as Parameters<Client['query']>[0]);
    } catch (error) {
      this.viaPg--;
      this.failed = true;
      done(error, undefined);
    }
  }

  private readonly onDirectReply = (error: unknown, rowCount: number): void => {
    const done = this.directDone;
    this.directDone = undefined;
    if (done) this.answer(done, error, rowCount);
  };

  private answer(done: StatementCallback, error: unknown, rowCount: number): void {
    if (error === undefined) {
      done(undefined, { rowCount });
      return;
    }
    if (classifyPostgresQueryError(error) === 'connection-lost') this.failed = true;
    done(error, undefined);
  }

  async rows<T>(text: string, values?: readonly unknown[]): Promise<T[]> {
    this.viaPg++;
    try {
      const result = await this.client.query(text, values as unknown[] | undefined);
      return result.rows as T[];
    } finally {
      this.viaPg--;
    }
  }

  async close(): Promise<void> {
    this.failed = true;
    try {
      await this.client.end();
    } catch {
      // already closed or broken: nothing more to release
    }
  }
}

export const postgresDriver: DatabaseDriver = {
  engine: 'aurora-postgresql',
  async connect(endpoint) {
    const client = new Client({
      host: endpoint.host,
      port: endpoint.port,
      database: endpoint.database,
      user: endpoint.user,
      password: endpoint.password,
      ssl: sslOptions(endpoint),
      connectionTimeoutMillis: endpoint.connectTimeoutMs ?? 10_000,
      application_name: 'aurora-surge-rehearsal',
      // Plain TCP reads into a reused buffer (see in-place-socket.ts); TLS keeps pg's own socket.
      ...(endpoint.tls === 'off' ? { stream: () => new InPlaceSocket() } : {}),
    });
    // Swallow errors emitted before connect() settles; connect() rejects with the same error.
    const early = () => undefined;
    client.on('error', early);
    try {
      await client.connect();
    } catch (error) {
      client.end().catch(() => undefined);
      throw error;
    } finally {
      client.off('error', early);
    }
    return new PostgresSession(client);
  },
  classifyConnectError: classifyPostgresConnectError,
  classifyQueryError: classifyPostgresQueryError,
};
