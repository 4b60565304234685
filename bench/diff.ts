/**
 * `npm run bench:diff`: wall time of a full `npm run diff` (base synthesized in a git worktree that
 * shares node_modules because the lock file did not change, head synthesized in parallel, templates and
 * calendars diffed, report rendered) against a single `npm run synth`. Medians of BENCH_RUNS runs
 * (default 3) after one warm-up each. Target: the diff under 2× the synth.
 *
 * The base is HEAD: both sides are synthesized in full whatever the change, so this measures the same
 * work as a pull request whose lock file is unchanged.
 */
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatMs, median, timeIt } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGET_RATIO = 2;
const root = path.join(__dirname, '..');
const env = { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

function npmRun(args: readonly string[]): number {
  return timeIt(() => execFileSync('npm', ['run', '--silent', ...args], { cwd: root, env, stdio: 'pipe' }));
}

function measure(label: string, args: readonly string[]): number {
  npmRun(args); // warm-up: file cache, esbuild, tsx's transform cache
  const times = Array.from({ length: RUNS }, () => npmRun(args));
  const m = median(times);
  console.log(`${label.padEnd(44)} median ${formatMs(m)}  (runs: ${times.map(formatMs).join(', ')})`);
  return m;
}

console.log(
  `${RUNS} runs each after one warm-up, on ${os.cpus().length} cores (load average ${(os.loadavg()[0] ?? Number.NaN).toFixed(2)})\n`,
);
const synth = measure('npm run synth (one side, CDK CLI)', ['synth']);
const diff = measure('npm run diff -- --base HEAD (both sides)', ['diff', '--', '--base', 'HEAD']);
const ratio = diff / synth;
console.log(
  `\nratio ${ratio.toFixed(2)}× (target < ${TARGET_RATIO.toFixed(2)}×) — ${ratio < TARGET_RATIO ? 'within target' : 'OVER TARGET'}`,
);
