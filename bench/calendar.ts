/**
 * `npm run bench:calendar`: how the prod stack grows with its calendar. For 10, 100 and 500 campaigns
 * (one-off entries a week apart, from a fixture generator, not the committed calendar) it synthesizes
 * the stack in process (median of BENCH_RUNS runs), then prints the template's size, its resource count,
 * the calendar file's size and the deploy-size checks of lib/deploy-limits.ts (CloudFormation's 1 MB
 * template in S3, 500 resources, Lambda's 4 KB of environment variables).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { loadConfig } from '../config';
import { loadCalendar } from '../config/load-calendar';
import type { CampaignInput } from '../lambda/pre-scaler/core';
import { AuroraSurgeStack, stackNameFor } from '../lib/aurora-surge-stack';
import { DEPLOY_LIMITS, deployLimitProblems, templateFigures } from '../lib/deploy-limits';
import { formatMs, median, timeIt } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COUNTS = (process.env.BENCH_COUNTS ?? '10,100,500').split(',').map(Number);
const NOW = new Date('2026-11-01T09:00:00Z');
const WEEK = 7 * 86_400_000;
const cdkContext = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8')).context;
const prod = loadConfig('prod');

/** `count` prod campaigns, one a week from 2027-01-04, 10:00–22:00 UTC, a class above the baseline. */
function campaigns(count: number): CampaignInput[] {
  const first = Date.parse('2027-01-04T10:00:00Z');
  return Array.from({ length: count }, (_, i) => ({
    id: `bench-campaign-${String(i).padStart(3, '0')}`,
    environments: ['prod'],
    start: new Date(first + i * WEEK).toISOString().slice(0, 16).concat('Z'),
    end: new Date(first + i * WEEK + 12 * 3_600_000).toISOString().slice(0, 16).concat('Z'),
    writer: { instanceClass: 'db.r6g.2xlarge' },
    readerFloor: 2,
  }));
}

/** CDK's annotations and validation report go to the console; the table is what this prints. */
function quietly<T>(fn: () => T): T {
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = (() => true) as typeof out;
  process.stderr.write = (() => true) as typeof err;
  try {
    return fn();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

function synth(inputs: CampaignInput[]): { template: object; calendarFileBytes: number } {
  return quietly(() => synthLoud(inputs));
}

function synthLoud(inputs: CampaignInput[]): { template: object; calendarFileBytes: number } {
  const app = new App({ context: cdkContext, builtinCloudFormationValidation: false });
  const stack = new AuroraSurgeStack(app, stackNameFor('prod'), {
    config: prod,
    calendar: loadCalendar(prod, { now: NOW, campaigns: inputs }),
  });
  const assembly = app.synth();
  return {
    template: assembly.getStackByName(stack.stackName).template,
    calendarFileBytes: Buffer.byteLength(stack.preScaler.calendarFile),
  };
}

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
console.log(`prod stack by calendar size (in-process synth, median of ${RUNS} runs)\n`);
console.log('campaigns  synth      template    resources  calendar.json  env vars  deploy-size checks');
let failed = false;
for (const count of COUNTS) {
  const inputs = campaigns(count);
  synth(inputs); // warm-up: module load and the bundle, built once per process
  let last: ReturnType<typeof synth> | undefined;
  const times = Array.from({ length: RUNS }, () => timeIt(() => (last = synth(inputs))));
  if (!last) throw new Error('no synth ran');
  const figures = templateFigures(last.template);
  const problems = deployLimitProblems(stackNameFor('prod'), last.template);
  failed ||= problems.length > 0;
  const env = Math.max(...Object.values(figures.lambdaEnvironmentBytes));
  console.log(
    `${String(count).padStart(9)}  ${formatMs(median(times)).padStart(9)}  ${kb(figures.templateBytes).padStart(10)}  ${String(figures.resources).padStart(9)}  ${kb(last.calendarFileBytes).padStart(13)}  ${String(env).padStart(6)} B  ${problems.length === 0 ? 'pass' : `FAIL: ${problems.join(' ')}`}`,
  );
}
console.log(
  `\nlimits: template ${DEPLOY_LIMITS.templateBytes} bytes, ${DEPLOY_LIMITS.resources} resources, ${DEPLOY_LIMITS.lambdaEnvironmentBytes} bytes of environment variables per function`,
);
if (failed) process.exitCode = 1;
