import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileAtCommit, git } from './git';
import { DiffToolError, runProcess, tail } from './run-process';

/** How the base worktree got its `node_modules`. */
export type DependencyMode = 'linked' | 'installed';

/** A checkout of the base commit in a temporary folder, ready to synthesize. */
export interface BaseWorktree {
  readonly path: string;
  readonly dependencies: DependencyMode;
  /** Removes the worktree (folder and git's record of it). Safe to call twice. */
  dispose(): Promise<void>;
}

const LOCK_FILE = 'package-lock.json';

/**
 * Checks the base commit out in a temporary git worktree and gives it dependencies: when its lock file
 * is the same as the head's, the head's `node_modules` is linked in (no install); otherwise `npm ci`
 * runs in the worktree, so the base is built with the dependencies it was written for.
 */
export async function createBaseWorktree(root: string, commit: string): Promise<BaseWorktree> {
  const parent = await fs.mkdtemp(path.join(os.tmpdir(), 'aurora-surge-diff-'));
  const worktree = path.join(parent, 'base');
  await git(root, ['worktree', 'add', '--detach', '--quiet', worktree, commit]);
  let disposed = false;
  const dispose = async (): Promise<void> => {
    if (disposed) return;
    disposed = true;
    await runProcess('git', ['worktree', 'remove', '--force', worktree], { cwd: root });
    await fs.rm(parent, { recursive: true, force: true });
    await runProcess('git', ['worktree', 'prune'], { cwd: root });
  };
  try {
    const dependencies = await provideDependencies(root, commit, worktree);
    return { path: worktree, dependencies, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

async function provideDependencies(root: string, commit: string, worktree: string): Promise<DependencyMode> {
  const [baseLock, headLock] = await Promise.all([
    fileAtCommit(root, commit, LOCK_FILE),
    fs.readFile(path.join(root, LOCK_FILE), 'utf8').catch(() => undefined),
  ]);
  const headModules = path.join(root, 'node_modules');
  if (chooseDependencyMode(baseLock, headLock, await exists(headModules)) === 'linked') {
    await fs.symlink(headModules, path.join(worktree, 'node_modules'), 'dir');
    return 'linked';
  }
  const install = await runProcess('npm', ['ci', '--no-audit', '--no-fund'], { cwd: worktree });
  if (install.code !== 0) {
    throw new DiffToolError(
      `npm ci failed in the base worktree (${commit.slice(0, 12)}), whose ${LOCK_FILE} differs from the working tree's:\n${tail(install.stderr || install.stdout)}`,
    );
  }
  return 'installed';
}

/**
 * The head's `node_modules` serves the base only when both lock files exist and are identical (then
 * `npm ci` would install exactly the same tree); anything else gets its own `npm ci`.
 */
export function chooseDependencyMode(baseLock: string | undefined, headLock: string | undefined, headHasModules: boolean): DependencyMode {
  return baseLock !== undefined && baseLock === headLock && headHasModules ? 'linked' : 'installed';
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}
