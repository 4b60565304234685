/**
 * `npm run bench:lambda`: the pre-scaler Lambda's bundle and cold start, and the AWS calls of an idle run.
 *
 * 1. Bundles lambda/pre-scaler/handler.ts with esbuild exactly as the construct does (the options come
 *    from lib/private/lambda-bundling.ts) and prints its size, minified and zipped (`zip -9` when the CLI
 *    is there, else zlib deflate level 9, which is what a zip entry holds).
 * 2. Cold module load: the median over fresh `node` processes of `require()` of the bundle, with the
 *    prod environment variables set (so the configuration is decoded and the clients are created).
 * 3. An idle run (prod baseline, an empty calendar so no campaign is in force whatever the date) through the deployed module with aws-sdk-client-mock answering
 *    the SDK: how many AWS calls, and how many of them change something.
 *
 * Targets: ≤ 1 MB minified, ≤ 300 KB zipped, cold load ≤ 150 ms, idle run ≤ 3 calls and none mutating.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as esbuild from 'esbuild';
import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { loadConfig } from '../config';
import { plannerSettingsFor } from '../config/load-calendar';
import { CAMPAIGNS } from '../config/campaigns';
import { notReadyAlarmMinutesOf } from '../config/schema/pre-scaler';
import { encodePreScalerEnvironment } from '../lambda/pre-scaler/runtime-environment';
import { preScalerEsbuildOptions } from '../lib/private/lambda-bundling';
import { median, formatMs } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
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
  settings: plannerSettingsFor(prod),
  campaigns: CAMPAIGNS,
  dryRun: prod.preScaler.dryRun,
  notReadyAlarmMinutes: notReadyAlarmMinutesOf(prod.preScaler),
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
const probe = `const t = process.hrtime.bigint(); require(${JSON.stringify(bundle)}); process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
const loadOnce = (): number => {
  const run = spawnSync(process.execPath, ['-e', probe], { env: { PATH: process.env.PATH, ...lambdaLikeEnv }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`loading the bundle failed:\n${run.stderr}`);
  return Number(run.stdout);
};
loadOnce(); // warm the file cache
const loads = Array.from({ length: RUNS }, loadOnce);
const coldLoad = median(loads);
console.log(`\nCold module load (require of the bundle in a fresh node ${process.version}, ${RUNS} runs, ${os.cpus().length} cores)`);
console.log(
  `  median ${formatMs(coldLoad)}   target ≤ 150 ms — ${verdict(coldLoad <= 150)}   (runs: ${loads.map((t) => t.toFixed(0)).join(', ')} ms)`,
);

// --- 3. idle run ------------------------------------------------------------------------------------
async function idleRun(): Promise<string[]> {
  Object.assign(
    process.env,
    lambdaLikeEnv,
    encodePreScalerEnvironment({
      clusterIdentifier,
      settings: plannerSettingsFor(prod),
      campaigns: [],
      dryRun: false,
      notReadyAlarmMinutes: notReadyAlarmMinutesOf(prod.preScaler),
    }),
  );
  for (const name of Object.keys(variables)) if (name.startsWith('CAMPAIGN_')) delete process.env[name];
  const rds = mockClient(RDSClient);
  const autoScaling = mockClient(ApplicationAutoScalingClient);
  const cloudWatch = mockClient(CloudWatchClient);
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
    const { handler } = require('../lambda/pre-scaler/handler') as typeof import('../lambda/pre-scaler/handler');
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
  console.log('\nIdle run (no campaign in force), the deployed handler with the SDK mocked');
  console.log(
    `  AWS calls ${calls.length} (${calls.map((c) => c.replace(/Command$/, '')).join(', ')}); mutating ${mutating.length}   target ≤ 3 and 0 — ${verdict(calls.length <= 3 && mutating.length === 0)}`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
});
