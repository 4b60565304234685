import { spawn } from 'node:child_process';

/** The outcome of a finished child process. */
export interface ProcessResult {
  /** Exit code; `null` when the process was killed by a signal. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options for {@link runProcess}. */
export interface RunProcessOptions {
  readonly cwd: string;
  /**
   * Environment of the child.
   * @default - the parent's environment
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Run the command through `sh -c` (for commands taken from `cdk.json`'s `app`).
   * @default false
   */
  readonly shell?: boolean;
}

/** Runs a command to completion and collects its output; never rejects on a non-zero exit. */
export function runProcess(command: string, args: readonly string[], options: RunProcessOptions): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      shell: options.shell ?? false,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
    );
  });
}

/** A step of the diff command failed for a reason outside the change under review (exit code 2). */
export class DiffToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiffToolError';
  }
}

/** The last lines of a process's output, for an error message. */
export function tail(text: string, lines = 25): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
