/**
 * `npm run bench:lambda`: the pre-scaler Lambda's bundle and cold start, and the AWS calls of an idle run.
 *
 * 1. Bundles lambda/pre-scaler/handler.ts with esbuild exactly as the construct does (the options come
 *    from lib/private/lambda-bundling.ts) and prints its size, minified and zipped (`zip -9` when the CLI
 *    is there, else zlib deflate level 9, which is what a zip entry holds).
 * 2. Cold module load, as whole processes: `node` requiring the bundle (with the prod environment
 *    variables set and the prod calendar file next to it, so the configuration is read and validated
 *    and the clients are created) against bare `node`, interleaved, medians of each and their difference.
 * 3. An idle run (prod baseline, an empty calendar so no campaign is in force whatever the date) through the handler with aws-sdk-client-mock answering
 *    the SDK: how many AWS calls, and how many of them change something.
 *
 * Targets: ≤ 1 MB minified, ≤ 300 KB zipped, cold load ≤ +100 ms over bare node, idle run ≤ 3 calls and none mutating.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as esbuild from 'esbuild';
import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { loadConfig } from '../config';
import { calendarRulesFor, plannerSettingsFor } from '../config/load-calendar';
import { CAMPAIGNS } from '../config/campaigns';
import { notReadyAlarmMinutesOf } from '../config/schema/pre-scaler';
import { createPreScalerClients } from '../lambda/pre-scaler/adapters/aws-clients';
import { AwsClusterPort } from '../lambda/pre-scaler/adapters/aws-cluster-port';
import {
  CALENDAR_FILE_NAME,
  encodeCalendarFile,
  encodePreScalerEnvironment,
  loadPreScalerRuntimeConfig,
} from '../lambda/pre-scaler/contract';
import type { CampaignInput } from '../lambda/pre-scaler/core';
import { createPreScalerHandler } from '../lambda/pre-scaler/pre-scaler-handler';
import { preScalerEsbuildOptions } from '../lib/private/lambda-bundling';
import { median, formatMs } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const MUTATING = new Set([
  'ModifyDBInstanceCommand',
  'FailoverDBClusterCommand',
  'ModifyDBClusterCommand',
  'RegisterScalableTargetCommand',
]);
const verdict = (ok: boolean) => (ok ? 'within target' : 'OVER TARGET');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const prod = loadConfig('prod');
const clusterIdentifier = `aurora-surge-${prod.name}`;
const variables = encodePreScalerEnvironment({
  clusterIdentifier,
  dryRun: prod.preScaler.dryRun,
  notReadyAlarmMinutes: notReadyAlarmMinutesOf(prod.preScaler),
});
const calendarFileFor = (campaigns: readonly CampaignInput[]) =>
  encodeCalendarFile({
    settings: plannerSettingsFor(prod),
    rules: calendarRulesFor(prod),
    campaigns: campaigns.filter((c) => c.environments.includes(prod.name)),
  });
const lambdaLikeEnv = {
  ...variables,
  AWS_REGION: prod.region,
  AWS_ACCESS_KEY_ID: 'AKIDBENCH',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

// --- 1. bundle -----------------------------------------------------------------------------------
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lambda-'));
const bundle = path.join(dir, 'index.js');
const result = esbuild.buildSync(preScalerEsbuildOptions(bundle));
fs.writeFileSync(path.join(dir, CALENDAR_FILE_NAME), calendarFileFor(CAMPAIGNS));
const minified = fs.statSync(bundle).size;
let zipped: number;
let zipHow: string;
try {
  execFileSync('zip', ['-q', '-9', '-j', path.join(dir, 'index.zip'), bundle]);
  zipped = fs.statSync(path.join(dir, 'index.zip')).size;
  zipHow = 'zip -9';
} catch {
  zipped = zlib.deflateRawSync(fs.readFileSync(bundle), { level: 9 }).length;
  zipHow = 'deflate -9 estimate';
}
const inputs = Object.values(result.metafile?.outputs ?? {})[0]?.inputs ?? {};
const byPackage = new Map<string, number>();
for (const [file, info] of Object.entries(inputs)) {
  const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? '(this project)';
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + info.bytesInOutput);
}
console.log('Pre-scaler Lambda bundle (esbuild, same options as the construct)');
console.log(`  minified  ${kb(minified).padStart(9)}   target ≤ 1024 KB — ${verdict(minified <= 1024 * 1024)}`);
console.log(`  zipped    ${kb(zipped).padStart(9)}   target ≤  300 KB — ${verdict(zipped <= 300 * 1024)}  (${zipHow})`);
console.log(
  '  largest parts: ' +
    [...byPackage]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([p, b]) => `${p} ${kb(b)}`)
      .join(', '),
);

// --- 2. cold module load ---------------------------------------------------------------------------
// Whole processes, bare node and node + the bundle interleaved, so a machine's load shifts both alike.
const wallMs = (args: string[]): number => {
  const t = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { env: { PATH: process.env.PATH, ...lambdaLikeEnv }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed:\n${run.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const withBundle = ['-e', `require(${JSON.stringify(bundle)})`];
const bare = ['-e', ''];
wallMs(withBundle); // warm the file cache
wallMs(bare);
const bareRuns: number[] = [];
const bundleRuns: number[] = [];
for (let i = 0; i < RUNS; i++) {
  bareRuns.push(wallMs(bare));
  bundleRuns.push(wallMs(withBundle));
}
const overBare = median(bundleRuns) - median(bareRuns);
// The CPU time of the require itself, inside the process: steadier than wall time on a busy machine.
const cpuProbe = `const c = process.cpuUsage(); require(${JSON.stringify(bundle)}); const d = process.cpuUsage(c); process.stdout.write(String((d.user + d.system) / 1000));`;
const cpuRuns = Array.from({ length: RUNS }, () => {
  const run = spawnSync(process.execPath, ['-e', cpuProbe], { env: { PATH: process.env.PATH, ...lambdaLikeEnv }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`loading the bundle failed:\n${run.stderr}`);
  return Number(run.stdout);
});
console.log(`\nCold module load (whole node ${process.version} processes, ${RUNS} interleaved runs each, ${os.cpus().length} cores)`);
console.log(`  bare node     median ${formatMs(median(bareRuns))}   (runs: ${bareRuns.map((t) => t.toFixed(0)).join(', ')} ms)`);
console.log(`  with bundle   median ${formatMs(median(bundleRuns))}   (runs: ${bundleRuns.map((t) => t.toFixed(0)).join(', ')} ms)`);
console.log(`  over bare node ${formatMs(overBare)}   target ≤ +100 ms — ${verdict(overBare <= 100)}`);
console.log(
  `  CPU time of the require (user + system, in process) median ${formatMs(median(cpuRuns))}   (runs: ${cpuRuns.map((t) => t.toFixed(0)).join(', ')} ms)`,
);

// --- 3. idle run ------------------------------------------------------------------------------------
async function idleRun(): Promise<string[]> {
  Object.assign(process.env, lambdaLikeEnv);
  const rds = mockClient(RDSClient);
  const autoScaling = mockClient(ApplicationAutoScalingClient);
  const cloudWatch = mockClient(CloudWatchClient);
  // Reactive scale-up (on in prod) reads the writer's pressure figures on every run outside campaigns:
  // a quiet minute, far below every threshold.
  cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
  const base = prod.database.writer.kind === 'provisioned' ? prod.database.writer.instanceClass : 'db.serverless';
  rds.on(DescribeDBClustersCommand).resolves({
    DBClusters: [
      {
        DBClusterIdentifier: clusterIdentifier,
        Status: 'available',
        DBClusterMembers: [
          { DBInstanceIdentifier: `${clusterIdentifier}-instance-1`, IsClusterWriter: true, PromotionTier: 1 },
          { DBInstanceIdentifier: `${clusterIdentifier}-standby`, IsClusterWriter: false, PromotionTier: 0 },
        ],
      },
    ],
  });
  rds.on(DescribeDBInstancesCommand).resolves({
    DBInstances: [
      { DBInstanceIdentifier: `${clusterIdentifier}-instance-1`, DBInstanceClass: base, DBInstanceStatus: 'available' },
      { DBInstanceIdentifier: `${clusterIdentifier}-standby`, DBInstanceClass: base, DBInstanceStatus: 'available' },
    ],
  });
  autoScaling.on(DescribeScalableTargetsCommand).resolves({
    ScalableTargets: [
      {
        ServiceNamespace: 'rds',
        ResourceId: `cluster:${clusterIdentifier}`,
        ScalableDimension: 'rds:cluster:ReadReplicaCount',
        MinCapacity: prod.readerAutoScaling.minReplicas,
        MaxCapacity: prod.readerAutoScaling.maxReplicas,
        RoleARN: 'arn',
        CreationTime: new Date(),
      },
    ],
  });
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write; // the run's log line and EMF
  try {
    // The run happens now, by the system clock: with no campaign in the function's calendar, none is in force.
    const config = loadPreScalerRuntimeConfig(variables, calendarFileFor([]));
    const quiet = { info: () => {}, error: () => {} };
    const handler = createPreScalerHandler({
      configuration: { ok: true, config, port: new AwsClusterPort(createPreScalerClients(), config.clusterIdentifier) },
      logger: quiet,
      metrics: { addMetric: () => {}, publishStoredMetrics: () => {} },
    });
    // As EventBridge invokes it (a scheduled event of this minute): only such a run may act.
    const outcome = await handler({ source: 'aws.events', 'detail-type': 'Scheduled Event', time: new Date().toISOString() });
    if ((outcome as { action?: string }).action !== 'none') throw new Error(`the idle run was not idle: ${JSON.stringify(outcome)}`);
  } finally {
    process.stdout.write = write;
  }
  return [...rds.calls(), ...autoScaling.calls(), ...cloudWatch.calls()].map((c) => (c.args[0] as object).constructor.name);
}

void idleRun().then((calls) => {
  const mutating = calls.filter((c) => MUTATING.has(c));
  // Three reads observe the capacity; with reactive scale-up on (prod), a fourth reads the pressure figures.
  const limit = prod.preScaler.reactive?.enabled ? 4 : 3;
  console.log('\nIdle run (no campaign in force), the handler over the AWS adapter with the SDK mocked');
  console.log(
    `  AWS calls ${calls.length} (${calls.map((c) => c.replace(/Command$/, '')).join(', ')}); mutating ${mutating.length}   target ≤ ${limit} and 0 (3 reads${limit === 4 ? ' + the pressure figures of reactive scale-up' : ''}) — ${verdict(calls.length <= limit && mutating.length === 0)}`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
});
