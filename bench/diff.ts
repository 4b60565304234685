/**
 * `npm run bench:diff`: wall time of a full `npm run diff` (base synthesized in a git worktree that
 * shares node_modules because the lock file did not change, head synthesized in parallel, templates and
 * calendars diffed, report rendered) against one `npm run synth`. The two alternate run by run, so
 * background load falls on both alike; medians of BENCH_RUNS runs each (default 3) after one warm-up
 * each. Target: the diff ≤ 1.3× the synth.
 *
 * The base is HEAD: both sides are synthesized in full whatever the change, so this measures the same
 * work as a pull request whose lock file is unchanged.
 */
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatMs, median, timeIt } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGET_RATIO = 1.3;
const root = path.join(__dirname, '..');
const env = { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

function npmRun(args: readonly string[]): number {
  return timeIt(() => execFileSync('npm', ['run', '--silent', ...args], { cwd: root, env, stdio: 'pipe' }));
}

const sides = [
  { label: 'npm run synth (one side, CDK CLI)', args: ['synth'], times: [] as number[] },
  { label: 'npm run diff -- --base HEAD (both sides)', args: ['diff', '--', '--base', 'HEAD'], times: [] as number[] },
];

const load = () => (os.loadavg()[0] ?? Number.NaN).toFixed(2);
console.log(`${RUNS} runs per side after one warm-up each, interleaved, on ${os.cpus().length} cores (load average ${load()})\n`);
for (const side of sides) npmRun(side.args); // warm-up: file cache, esbuild, tsx's transform cache
for (let i = 0; i < RUNS; i++) for (const side of sides) side.times.push(npmRun(side.args));
const [synth = Number.NaN, diff = Number.NaN] = sides.map((side) => {
  const m = median(side.times);
  console.log(`${side.label.padEnd(44)} median ${formatMs(m)}  (runs: ${side.times.map(formatMs).join(', ')})`);
  return m;
});
const ratio = diff / synth;
console.log(`\nload average at end ${load()}`);
console.log(
  `ratio ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO.toFixed(2)}×) — ${ratio <= TARGET_RATIO ? 'within target' : 'OVER TARGET'}`,
);
