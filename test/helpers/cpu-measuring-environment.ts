import * as fs from 'node:fs';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import NodeEnvironment from 'jest-environment-node';
import { childCpuSeconds, ownCpuSeconds } from './child-cpu';

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
    this.startWorker = ownCpuSeconds();
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
      workerSeconds: ownCpuSeconds() - this.startWorker,
      childSeconds: endChildren !== undefined && this.startChildren !== undefined ? endChildren - this.startChildren : 0,
    };
    // One short appended line per file: whole lines from the two workers do not interleave.
    fs.appendFileSync(log, `${JSON.stringify(line)}\n`);
  }
}
