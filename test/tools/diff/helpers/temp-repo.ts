import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

/**
 * A throwaway git repository holding a copy of this project's sources (tracked and untracked, not
 * ignored), with the project's `node_modules` linked in so nothing is installed. The first commit is on
 * `main`, with whatever `prepare` changed in the copy; the caller makes the next ones.
 */
export function createProjectRepo(prepare: (repo: string) => void = () => {}): string {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'aurora-surge-e2e-'));
  const files = git(PROJECT_ROOT, 'ls-files', '--cached', '--others', '--exclude-standard', '-z').split('\0').filter(Boolean);
  for (const file of files) {
    const from = path.join(PROJECT_ROOT, file);
    if (!fs.existsSync(from)) continue; // deleted in the working tree
    fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    fs.copyFileSync(from, path.join(repo, file));
  }
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
  prepare(repo);
  git(repo, 'init', '--quiet', '--initial-branch=main');
  git(repo, 'config', 'user.email', 'e2e@example.com');
  git(repo, 'config', 'user.name', 'e2e');
  git(repo, 'config', 'commit.gpgsign', 'false');
  git(repo, 'add', '--all');
  git(repo, 'commit', '--quiet', '--message', 'base');
  return repo;
}

/** Edits a file of the temporary repository by replacing one exact piece of text (which must be there). */
export function editFile(repo: string, file: string, from: string, to: string): void {
  const full = path.join(repo, file);
  const text = fs.readFileSync(full, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} no longer contains ${JSON.stringify(from)}: update the end-to-end test`);
  fs.writeFileSync(full, text.replace(from, to));
}

/** Writes (or overwrites) a file of the temporary repository. */
export function writeFile(repo: string, file: string, text: string): void {
  fs.writeFileSync(path.join(repo, file), text);
}

/**
 * Keeps only these committed environments in the copy (config/environments/index.ts): each one more is
 * one more stack synthesized on both sides of every diff run, and the end-to-end test needs one that
 * changes and one that does not.
 */
export function keepEnvironments(repo: string, names: readonly string[]): void {
  const file = 'config/environments/index.ts';
  const text = fs.readFileSync(path.join(repo, file), 'utf8');
  const declaration = /export const ENVIRONMENTS = \{[^}]*\} as const;/;
  if (!declaration.test(text)) throw new Error(`${file} no longer declares ENVIRONMENTS as an object literal: update keepEnvironments`);
  writeFile(repo, file, text.replace(declaration, `export const ENVIRONMENTS = { ${names.join(', ')} } as const;`));
}

export function commitAll(repo: string, message: string): void {
  git(repo, 'add', '--all');
  git(repo, 'commit', '--quiet', '--message', message);
}

export function gitIn(repo: string, ...args: string[]): string {
  return git(repo, ...args);
}

/** Runs the diff command in the repository, as `npm run diff -- <args>` would. */
export function runDiffCli(repo: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join('tools', 'diff', 'cli.ts'), ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function removeRepo(repo: string): void {
  fs.rmSync(repo, { recursive: true, force: true });
}
