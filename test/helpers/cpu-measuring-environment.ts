import * as fs from 'node:fs';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import NodeEnvironment from 'jest-environment-node';

/** Set by `npm run bench:test`: the file each test file's CPU seconds are appended to, one JSON line per file. */
export const SUITE_CPU_LOG_ENV = 'AURORA_SURGE_SUITE_CPU_LOG';

/** One line of the log: a test file and the CPU seconds its run cost. */
export interface SuiteCpu {
  readonly testPath: string;
  /** User + system CPU of the jest worker while it ran this file (loading, transforming and running it). */
  readonly workerSeconds: number;
  /** User + system CPU of the child processes the file started and waited for (synths, cfn-guard, PostgreSQL). */
  readonly childSeconds: number;
}

/**
 * Linux's `/proc/self/stat` fields 16 and 17: CPU time of this process's children that have ended and
 * been waited for (and of their own waited-for children), in clock ticks (`getconf CLK_TCK`, 100 on
 * Linux). Node has no API for `RUSAGE_CHILDREN`. `undefined` where /proc is missing.
 * @see https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html
 */
function childCpuSeconds(): number | undefined {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state), so field n is fields[n - 3].
    const cutime = Number(fields[16 - 3]);
    const cstime = Number(fields[17 - 3]);
    return Number.isFinite(cutime) && Number.isFinite(cstime) ? (cutime + cstime) / 100 : undefined;
  } catch {
    return undefined;
  }
}

function workerCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/**
 * jest's Node environment, which also measures what each test file costs in CPU when
 * {@link SUITE_CPU_LOG_ENV} names a file: from the environment's setup (before the file is loaded)
 * to its teardown (after its last hook). CPU seconds rank suites steadily on a loaded machine, where
 * wall time mostly measures the other processes. Without the variable it is the plain Node environment.
 * Nothing here asserts a time: `npm run bench:test` prints the figures.
 */
export default class CpuMeasuringEnvironment extends NodeEnvironment {
  private readonly testPath: string;
  private startWorker = 0;
  private startChildren: number | undefined;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.testPath = context.testPath;
  }

  override async setup(): Promise<void> {
    this.startWorker = workerCpuSeconds();
    this.startChildren = childCpuSeconds();
    await super.setup();
  }

  override async teardown(): Promise<void> {
    await super.teardown();
    const log = process.env[SUITE_CPU_LOG_ENV];
    if (!log) return;
    const endChildren = childCpuSeconds();
    const line: SuiteCpu = {
      testPath: this.testPath,
      workerSeconds: workerCpuSeconds() - this.startWorker,
      childSeconds: endChildren !== undefined && this.startChildren !== undefined ? endChildren - this.startChildren : 0,
    };
    // One short appended line per file: whole lines from the two workers do not interleave.
    fs.appendFileSync(log, `${JSON.stringify(line)}\n`);
  }
}
