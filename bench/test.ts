/**
 * `npm run bench:test`: what `npm test` costs on this machine, phase by phase (`tsc --noEmit`, the
 * lint, jest, run one after the other as `npm test` chains them), in wall time and in CPU seconds
 * (user + system of the phase's processes and their children), the ten test files that cost the most
 * CPU, and `npm run test:unit` (the pure tier). A benchmark that prints figures, never a timed test.
 *
 * Wall time moves with the machine's load (printed beside it); CPU seconds move much less, so they say
 * where the time goes even when other work shares the cores. On an unloaded machine the wall time of a
 * phase is at least its CPU seconds divided by the cores it can use: jest runs two workers (2 cores),
 * tsc and the lint mostly one.
 * Target for `npm test`: ≤ 120 s wall on 2 cores, unloaded. BENCH_RUNS (default 1) repeats the rounds
 * (test:unit, then the three phases) and prints medians. Linux only for the CPU figures (/proc).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { childCpuSeconds } from '../test/helpers/child-cpu';
import { SUITE_CPU_LOG_ENV, type SuiteCpu } from '../test/helpers/cpu-measuring-environment';
import { formatMs, median } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const TARGET_MS = 120_000;
const root = path.join(__dirname, '..');

interface Measured {
  readonly wallMs: number;
  /** CPU seconds of the command and everything it started and waited for. */
  readonly cpuSeconds: number;
  readonly ok: boolean;
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Measured {
  const cpuBefore = childCpuSeconds() ?? Number.NaN;
  const start = performance.now();
  const result = spawnSync(command, args, { cwd: root, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = performance.now() - start;
  const cpuSeconds = (childCpuSeconds() ?? Number.NaN) - cpuBefore;
  if (result.status !== 0) {
    // A benchmark of a red suite is no figure: say what failed.
    const tail = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    console.log(`${command} ${args.join(' ')} FAILED (exit ${result.status ?? result.signal}); the end of its output:\n${tail}\n`);
  }
  return { wallMs, cpuSeconds, ok: result.status === 0 };
}

interface JestJson {
  readonly testResults: ReadonlyArray<{ readonly name: string; readonly startTime: number; readonly endTime: number }>;
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'aurora-surge-bench-test-'));
/** `npm test`'s commands as package.json chains them (`a && b && c`), so the phases are exactly its own. */
const testScript =
  (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.test ?? '';
const testPhases = testScript.split('&&').map((c) => c.trim());
if (!testPhases.some((c) => /^jest\b/.test(c)))
  throw new Error(`package.json's test script (${testScript}) has no jest phase: update bench/test.ts`);
/** As `npm run` does: the project's tools first on the PATH. */
const scriptEnv = { ...process.env, PATH: `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}` };
const unit: Measured[] = [];
const phases = new Map<string, Measured[]>(testPhases.map((c) => [c, []]));
/** CPU seconds and wall seconds per test file, over the rounds. */
const suiteCpu = new Map<string, number[]>();
const suiteWall = new Map<string, number[]>();

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
console.log(`${RUNS} round(s) on ${os.cpus().length} cores; load average (1/5/15 min) at start ${load()}\n`);
try {
  for (let i = 0; i < RUNS; i++) {
    unit.push(run('npm', ['run', '--silent', 'test:unit', '--', '--silent']));
    const cpuLog = path.join(scratch, `suite-cpu-${i}.jsonl`);
    const jestJson = path.join(scratch, `jest-${i}.json`);
    for (const command of testPhases) {
      // jest also writes its per-file results and each file's CPU seconds (test/helpers/cpu-measuring-environment.ts).
      const line = /^jest\b/.test(command) ? `${command} --silent --json --outputFile=${jestJson}` : command;
      const measured = run('sh', ['-c', line], { ...scriptEnv, [SUITE_CPU_LOG_ENV]: cpuLog });
      phases.set(command, [...(phases.get(command) ?? []), measured]);
    }
    if (fs.existsSync(cpuLog)) {
      for (const line of fs.readFileSync(cpuLog, 'utf8').trim().split('\n')) {
        const entry = JSON.parse(line) as SuiteCpu;
        const name = path.relative(root, entry.testPath);
        suiteCpu.set(name, [...(suiteCpu.get(name) ?? []), entry.workerSeconds + entry.childSeconds]);
      }
    }
    if (fs.existsSync(jestJson)) {
      for (const result of (JSON.parse(fs.readFileSync(jestJson, 'utf8')) as JestJson).testResults) {
        const name = path.relative(root, result.name);
        suiteWall.set(name, [...(suiteWall.get(name) ?? []), (result.endTime - result.startTime) / 1000]);
      }
    }
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}

const seconds = (s: number) => `${s.toFixed(1)} s`;
const row = (label: string, runs: readonly Measured[]) => {
  const failed = runs.filter((r) => !r.ok).length;
  const wall = median(runs.map((r) => r.wallMs));
  const cpu = median(runs.map((r) => r.cpuSeconds));
  return `${label.padEnd(20)} wall ${formatMs(wall).padStart(9)}   CPU ${seconds(cpu).padStart(8)}${failed > 0 ? `   — ${failed} run(s) FAILED` : ''}`;
};
console.log(row('npm run test:unit', unit));
console.log(`\nnpm test (${testScript}), by phase:`);
for (const [command, runs] of phases) console.log(`  ${row(command.length > 20 ? `${command.slice(0, 17)}...` : command, runs)}`);
const totals: Measured[] = Array.from({ length: RUNS }, (_, i) => {
  const parts = [...phases.values()].flatMap((runs) => runs.slice(i, i + 1));
  return {
    wallMs: parts.reduce((sum, p) => sum + p.wallMs, 0),
    cpuSeconds: parts.reduce((sum, p) => sum + p.cpuSeconds, 0),
    ok: parts.every((p) => p.ok),
  };
});
const totalWall = median(totals.map((t) => t.wallMs));
console.log(
  `  ${row('npm test (total)', totals)}   (target ≤ ${formatMs(TARGET_MS)} wall, unloaded: ${totalWall <= TARGET_MS ? 'within' : 'over'} at this load)`,
);
// jest spreads over its two workers; the phases before it run one after the other, mostly on one core.
const cpuOf = (command: string) => median((phases.get(command) ?? []).map((r) => r.cpuSeconds));
const floorSeconds = testPhases.reduce((sum, c) => sum + (/^jest\b/.test(c) ? cpuOf(c) / 2 : cpuOf(c)), 0);
console.log(
  `  unloaded floor on 2 cores: the other phases' CPU + jest's CPU ÷ 2 workers = ${seconds(floorSeconds)} (expect a little more)`,
);

console.log('\nThe 10 test files that cost the most CPU (median over the rounds; jest wall time beside it):');
const ranked = [...suiteCpu.entries()].map(([name, values]) => ({ name, cpu: median(values), wall: median(suiteWall.get(name) ?? []) }));
ranked.sort((a, b) => b.cpu - a.cpu);
const allCpu = ranked.reduce((sum, s) => sum + s.cpu, 0);
for (const s of ranked.slice(0, 10)) console.log(`  CPU ${seconds(s.cpu).padStart(8)}   wall ${seconds(s.wall).padStart(8)}   ${s.name}`);
console.log(`  (${ranked.length} files, ${seconds(allCpu)} of CPU in all; the rest of jest's CPU is its own start-up and scheduling)`);
console.log(`\nload average at end ${load()}`);
