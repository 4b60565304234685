/**
 * `npm run bench:synth`: wall time of synthesizing every environment through the CDK CLI, exactly as
 * `npm run synth` does, against a bare reference app (bench/reference-app.ts) with the same three
 * Aurora clusters and nothing else. Prints medians and the ratio (target: ≤ 1.5×).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median, formatMs, timeIt } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = path.join(__dirname, '..');
const cdk = path.join(root, 'node_modules', '.bin', 'cdk');
const env = { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' };

function synthOnce(app: string | undefined): number {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  try {
    const args = ['synth', '--quiet', '-o', out, ...(app ? ['--app', app] : [])];
    return timeIt(() => execFileSync(cdk, args, { cwd: root, env, stdio: 'pipe' }));
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

function report(label: string, times: readonly number[]): number {
  const m = median(times);
  console.log(`${label.padEnd(34)} median ${formatMs(m)}  (runs: ${times.map(formatMs).join(', ')})`);
  return m;
}

const REFERENCE_APP = 'npx --no-install tsx bench/reference-app.ts';
console.log(`Synthesizing all environments, ${RUNS} runs each after one warm-up, alternating, on ${os.cpus().length} cores\n`);
synthOnce(undefined); // warm the file cache and tsx's cache
synthOnce(REFERENCE_APP);
const projectTimes: number[] = [];
const referenceTimes: number[] = [];
for (let i = 0; i < RUNS; i++) {
  // Alternating keeps background load from favouring one side.
  projectTimes.push(synthOnce(undefined));
  referenceTimes.push(synthOnce(REFERENCE_APP));
}
const project = report('aurora-surge (npm run synth)', projectTimes);
const reference = report('reference: 3 bare Aurora clusters', referenceTimes);
const ratio = project / reference;
console.log(`\nratio ${ratio.toFixed(2)}× (target ≤ 1.50×) — ${ratio <= 1.5 ? 'within target' : 'OVER TARGET'}`);
