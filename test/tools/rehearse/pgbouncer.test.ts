/**
 * The rehearsal through a real pooler: PgBouncer in transaction pooling mode, the closest local stand-in
 * for RDS Proxy's multiplexing (each transaction borrows a server connection and gives it back). Started
 * here like the embedded PostgreSQL behind it; `.ci/run` installs it where it is missing.
 *
 * It shows what the RDS Proxy documentation asks of a client that must not be pinned: more client
 * connections than server connections all get served, and no statement the rehearsal sent (set-up, load,
 * data check, insights) meets one of the documented pinning conditions for PostgreSQL (SET, named
 * prepared statements, temporary objects, cursors, LISTEN, LOAD, sequence functions, advisory locks,
 * set_config, DISCARD).
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-proxy-pinning.html#rds-proxy-pinning.postgres
 */
import { Client } from 'pg';
import { validateEnvironment } from '../../../config';
import { dev } from '../../../config/environments/dev';
import type { EndpointSettings } from '../../../tools/rehearse/driver/driver';
import { postgresDriver } from '../../../tools/rehearse/driver/postgres-driver';
import { startLocalPostgres, type LocalPostgres } from '../../../tools/rehearse/local-postgres/start-local-postgres';
import { planRehearsal } from '../../../tools/rehearse/plan';
import { runRehearsal } from '../../../tools/rehearse/run-rehearsal';
import { sessionStateConditions } from '../../../tools/rehearse/workload/session-state';
import { findPgBouncer, PGBOUNCER_INSTALL, startPgBouncer, type LocalPgBouncer } from './helpers/pgbouncer';

jest.setTimeout(90_000);

const pgbouncer = findPgBouncer();
if (!pgbouncer) process.stderr.write(`SKIPPED the PgBouncer rehearsal test: pgbouncer is not installed. Fix: ${PGBOUNCER_INSTALL}\n`);

const POOL_SIZE = 3;

(pgbouncer ? describe : describe.skip)(
  `the rehearsal through PgBouncer in transaction pooling mode (skipped without it: ${PGBOUNCER_INSTALL})`,
  () => {
    let server: LocalPostgres;
    let pooler: LocalPgBouncer;

    beforeAll(async () => {
      server = await startLocalPostgres({ maxConnections: 50, statementStats: true });
      pooler = await startPgBouncer(pgbouncer ?? 'pgbouncer', server, POOL_SIZE);
    });

    afterAll(async () => {
      await pooler?.stop();
      await server?.stop();
    });

    const direct = async <T>(database: string, port: number, use: (c: Client) => Promise<T>): Promise<T> => {
      const client = new Client({ host: server.host, port, database, user: server.user, password: server.password });
      await client.connect();
      try {
        return await use(client);
      } finally {
        await client.end();
      }
    };

    test('more client connections than server connections are all served, and no statement it sent would pin a session', async () => {
      const config = validateEnvironment({
        ...dev,
        rehearsal: {
          profile: {
            baselineConnections: 4,
            baselineTransactionsPerSecond: 40,
            connectionsPerAppInstance: 4,
            seedProducts: 500,
            phases: { warmUp: 0, rampUp: 0.3, hold: 0.7, rampDown: 0 },
          },
        },
      });
      const plan = planRehearsal(
        config,
        {
          env: 'dev',
          endpoint: pooler.host,
          port: pooler.port,
          keep: false,
          allowProduction: false,
          tls: 'off',
          reportDir: 'reports',
          quiet: true,
          local: false,
          explainTop: 0,
          regressionThresholdPercent: 50,
          failOnRegression: false,
          help: false,
          durationMs: 3000,
          peakConnections: 16,
          peakTransactionsPerSecond: 120,
        },
        undefined,
      );
      const through: EndpointSettings = {
        host: pooler.host,
        port: pooler.port,
        database: server.database,
        user: server.user,
        password: server.password,
        tls: 'off',
      };
      await direct(server.database, server.port, (c) => c.query('SELECT pg_stat_statements_reset()'));

      // PgBouncer's own view of its pools, read from its admin console while the load runs.
      const pools: Array<{ clients: number; servers: number }> = [];
      const readPools = () =>
        direct('pgbouncer', pooler.port, async (c) => {
          const { rows } = await c.query<Record<string, string>>('SHOW POOLS');
          const pool = rows.find((r) => r.database === server.database);
          if (pool)
            pools.push({
              clients: Number(pool.cl_active) + Number(pool.cl_waiting),
              servers:
                Number(pool.sv_active) + Number(pool.sv_idle) + Number(pool.sv_used) + Number(pool.sv_tested) + Number(pool.sv_login),
            });
        });
      const reads: Promise<void>[] = [];
      const { report, fatalError } = await runRehearsal({
        plan,
        driver: postgresDriver,
        writer: through,
        reader: through,
        onLive: () => {
          reads.push(readPools());
        },
      });
      await Promise.all(reads);
      const m = report.measurements;

      expect(fatalError).toBeUndefined();
      expect(m.connections.peakOpen).toBe(16);
      expect(m.completedTotal).toBeGreaterThan(0);
      // A session-state statement would fail here (a named statement on another server connection), as
      // would a lost connection: none did. Pool timeouts (speed) are not judged here.
      expect(m.failed.query).toBe(0);
      expect(m.failed['connection-lost']).toBe(0);
      expect(report.consistency?.every((line) => line.matches)).toBe(true);
      // Multiplexed: more clients than server connections, never more servers than the pool.
      expect(pools.length).toBeGreaterThan(0);
      expect(Math.max(...pools.map((p) => p.clients))).toBeGreaterThan(POOL_SIZE);
      expect(Math.max(...pools.map((p) => p.servers))).toBeLessThanOrEqual(POOL_SIZE);

      // Every statement the server ran since the reset: the rehearsal's set-up, load, data check and
      // insights (and this test's reset). None meets a pinning condition. The one exception is PgBouncer's
      // own: it tracks the client's startup parameter application_name (the tool names itself
      // "aurora-surge-rehearsal" in the startup message, not with SQL) and replays it with
      // `SET application_name` when it hands a server connection to another client.
      // @see https://www.pgbouncer.org/config.html (PgBouncer tracks client_encoding, DateStyle, TimeZone,
      // standard_conforming_strings and application_name for each client)
      const statements = await direct(server.database, server.port, async (c) =>
        (await c.query<{ query: string }>('SELECT query FROM pg_stat_statements')).rows.map((r) => r.query),
      );
      const pgbouncerOwn = 'SET application_name=$1';
      expect(statements.length).toBeGreaterThan(10);
      expect(statements.some((q) => q.includes('INSERT INTO') && q.includes('.carts'))).toBe(true);
      expect(statements.filter((q) => q !== pgbouncerOwn).flatMap((q) => sessionStateConditions(q).map((c) => `${c}: ${q}`))).toEqual([]);
    });
  },
);
