import { DiffToolError, runProcess } from './run-process';

/** Runs git in `cwd` and returns its trimmed stdout; throws a {@link DiffToolError} on failure. */
export async function git(cwd: string, args: readonly string[]): Promise<string> {
  const result = await runProcess('git', args, { cwd });
  if (result.code !== 0) {
    throw new DiffToolError(`git ${args.join(' ')} failed in ${cwd}: ${result.stderr.trim() || `exit ${result.code}`}`);
  }
  return result.stdout.trim();
}

/** The top folder of the repository holding `cwd`. */
export function repositoryRoot(cwd: string): Promise<string> {
  return git(cwd, ['rev-parse', '--show-toplevel']);
}

/** The base commit to diff against, and how it was chosen (for the report header). */
export interface ResolvedBase {
  /** Full commit id. */
  readonly commit: string;
  /** What the user asked for, or how the default was found: `merge-base with main`. */
  readonly label: string;
}

/** Branches tried, in order, when no `--base` is given. */
export const DEFAULT_BASE_BRANCHES = ['main', 'origin/main'] as const;

/**
 * Resolves `--base <ref>` to a commit; without a ref, the merge base of HEAD with `main`
 * (falling back to `origin/main`, as in a CI checkout that has only the remote branch).
 */
export async function resolveBase(root: string, ref: string | undefined): Promise<ResolvedBase> {
  if (ref !== undefined) {
    const result = await runProcess('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root });
    if (result.code !== 0) {
      throw new DiffToolError(
        `--base "${ref}" is not a commit, branch or tag in this repository. Fix: pass an existing ref (run "git fetch" first if it is a remote branch).`,
      );
    }
    return { commit: result.stdout.trim(), label: ref };
  }
  for (const branch of DEFAULT_BASE_BRANCHES) {
    const result = await runProcess('git', ['merge-base', 'HEAD', branch], { cwd: root });
    if (result.code === 0) return { commit: result.stdout.trim(), label: `merge-base with ${branch}` };
  }
  throw new DiffToolError(
    `no --base given and HEAD has no merge base with ${DEFAULT_BASE_BRANCHES.join(' or ')}. Fix: pass --base <ref> (a branch, tag or commit).`,
  );
}

/** A file's content at a commit, or `undefined` when the file does not exist there. */
export async function fileAtCommit(root: string, commit: string, path: string): Promise<string | undefined> {
  const result = await runProcess('git', ['show', `${commit}:${path}`], { cwd: root });
  return result.code === 0 ? result.stdout : undefined;
}

/** The short form of a commit id, as git prints it. */
export function shortCommit(root: string, commit: string): Promise<string> {
  return git(root, ['rev-parse', '--short', commit]);
}
