/**
 * `npm run bench:synth`: wall time of `npm run synth` (every environment, through the CDK CLI, with
 * CDK's built-in template validation off, as the script runs it) against a bare reference app
 * (bench/reference-app.ts) with the same three Aurora clusters and nothing else, run through the CLI
 * with CDK's defaults. Runs alternate (project, reference, reference without validation, …) so
 * background load falls on every side alike; prints medians and ratios. Target: ≤ 1.00×.
 *
 * The third side, the reference app with validation off too, is printed for comparison only: it shows
 * what the project's own constructs (proxy, monitoring, pre-scaler, cdk-nag) cost on top of the clusters.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatMs, median, timeIt } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_RATIO = 1;
const root = path.join(__dirname, '..');
const cdk = path.join(root, 'node_modules', '.bin', 'cdk');
const baseEnv = { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
const REFERENCE_APP = 'node --import tsx bench/reference-app.ts';

interface Side {
  readonly label: string;
  readonly run: () => number;
  readonly times: number[];
}

/** `npm run synth` as written in package.json, into a temporary output folder. */
function projectSynth(): number {
  return inTempOutdir((out) =>
    execFileSync('npm', ['run', '--silent', 'synth', '--', '-o', out], { cwd: root, env: baseEnv, stdio: 'pipe' }),
  );
}

function referenceSynth(validation: boolean): number {
  const env = validation ? baseEnv : { ...baseEnv, CDK_VALIDATION: 'false' };
  return inTempOutdir((out) =>
    execFileSync(cdk, ['synth', '--quiet', '-o', out, '--app', REFERENCE_APP], { cwd: root, env, stdio: 'pipe' }),
  );
}

function inTempOutdir(run: (out: string) => unknown): number {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  try {
    return timeIt(() => run(out));
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

const sides: Side[] = [
  { label: 'aurora-surge (npm run synth)', run: projectSynth, times: [] },
  { label: 'reference: 3 bare clusters, CDK defaults', run: () => referenceSynth(true), times: [] },
  { label: 'reference, validation off (comparison)', run: () => referenceSynth(false), times: [] },
];

const load = () => (os.loadavg()[0] ?? Number.NaN).toFixed(2);
console.log(`Synthesizing all environments: ${RUNS} runs per side after one warm-up, interleaved, on ${os.cpus().length} cores`);
console.log(`load average at start ${load()}\n`);
for (const side of sides) side.run(); // warm the file cache and tsx's transform cache
for (let i = 0; i < RUNS; i++) for (const side of sides) side.times.push(side.run());

const medians = sides.map((side) => {
  const m = median(side.times);
  console.log(`${side.label.padEnd(42)} median ${formatMs(m)}  (runs: ${side.times.map(formatMs).join(', ')})`);
  return m;
});
const [project = Number.NaN, reference = Number.NaN, referenceNoValidation = Number.NaN] = medians;
const ratio = project / reference;
console.log(`\nload average at end ${load()}`);
console.log(
  `ratio ${ratio.toFixed(2)}× the reference with CDK defaults (target ≤ ${TARGET_RATIO.toFixed(2)}×) — ${ratio <= TARGET_RATIO ? 'within target' : 'OVER TARGET'}`,
);
console.log(`ratio ${(project / referenceNoValidation).toFixed(2)}× the reference with validation off too (comparison only)`);
