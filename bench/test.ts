/**
 * `npm run bench:test`: wall time of `npm test` (type check, lint, every test) and of
 * `npm run test:unit` (the pure tier) on this machine. A benchmark that prints figures, never a timed
 * test: the figures move with the machine's load, so the load average is printed beside them.
 * Target for `npm test`: ≤ 120 s on 2 cores, unloaded. BENCH_RUNS (default 1) alternates the two.
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatMs, median } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const TARGET_MS = 120_000;
const root = path.join(__dirname, '..');

function npmRun(script: string): { ms: number; ok: boolean } {
  const start = performance.now();
  const result = spawnSync('npm', ['run', '--silent', script], {
    cwd: root,
    env: process.env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  if (result.status !== 0) {
    // A benchmark of a red suite is no figure: say what failed.
    const tail = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    console.log(`npm run ${script} FAILED (exit ${result.status ?? result.signal}); the end of its output:\n${tail}\n`);
  }
  return { ms, ok: result.status === 0 };
}

const sides = [
  { label: 'npm run test:unit', script: 'test:unit', times: [] as number[], failed: 0 },
  { label: 'npm test', script: 'test', times: [] as number[], failed: 0 },
];
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
console.log(`${RUNS} run(s) each, alternating, on ${os.cpus().length} cores; load average (1/5/15 min) at start ${load()}\n`);
for (let i = 0; i < RUNS; i++) {
  for (const side of sides) {
    const { ms, ok } = npmRun(side.script);
    side.times.push(ms);
    if (!ok) side.failed++;
  }
}
for (const side of sides) {
  const m = median(side.times);
  const verdict = side.script === 'test' ? ` (target ≤ ${formatMs(TARGET_MS)}: ${m <= TARGET_MS ? 'within' : 'OVER'})` : '';
  const failures = side.failed > 0 ? `  — ${side.failed} run(s) FAILED` : '';
  console.log(`${side.label.padEnd(20)} median ${formatMs(m)}${verdict}  (runs: ${side.times.map(formatMs).join(', ')})${failures}`);
}
console.log(`\nload average at end ${load()}`);
