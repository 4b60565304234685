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

function measure(label: string, app: string | undefined): number {
  synthOnce(app); // warm the file cache and esbuild
  const times = Array.from({ length: RUNS }, () => synthOnce(app));
  const m = median(times);
  console.log(`${label.padEnd(34)} median ${formatMs(m)}  (runs: ${times.map(formatMs).join(', ')})`);
  return m;
}

console.log(`Synthesizing all environments, ${RUNS} runs each after one warm-up, on ${os.cpus().length} cores\n`);
const project = measure('aurora-surge (npm run synth)', undefined);
const reference = measure('reference: 3 bare Aurora clusters', 'npx --no-install tsx bench/reference-app.ts');
const ratio = project / reference;
console.log(`\nratio ${ratio.toFixed(2)}× (target ≤ 1.50×) — ${ratio <= 1.5 ? 'within target' : 'OVER TARGET'}`);
