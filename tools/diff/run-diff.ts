import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { readAssemblyFindings } from './assembly-findings';
import { createBaseWorktree } from './base-worktree';
import { diffCalendars } from './calendar-diff';
import { diffStackTemplates } from './classify';
import { git, repositoryRoot, resolveBase, shortCommit } from './git';
import { runGuard } from './guard-findings';
import { renderPlans } from './plan-section';
import { reactiveSettingsLines } from './reactive-settings-line';
import { readCalendar } from './read-calendar';
import { renderComment, renderReport, type DiffReport } from './render-report';
import { diffStackFindings, guardSubjects } from './stack-findings';
import { synthesizeTree } from './synth-tree';
import type { StackDiff } from './types';
import { decideVerdict, type Verdict } from './verdict';

/** Options of {@link runDiff}. */
export interface DiffOptions {
  /** A folder inside the repository to diff; its working tree is the head side. */
  readonly cwd: string;
  /**
   * Git ref of the base side.
   * @default - the merge base of HEAD with `main` (or `origin/main`)
   */
  readonly base?: string;
  /**
   * Accept replacements and deletions of stateful resources (exit 0); the report still lists them.
   * @default false
   */
  readonly allowDestructive?: boolean;
  /**
   * The time the campaign plans are computed for.
   * @default - now
   */
  readonly now?: Date;
}

/** The outcome of a diff run. */
export interface DiffResult {
  /** The full report. */
  readonly markdown: string;
  /** The report as it fits in one pull-request comment (see {@link renderComment}). */
  readonly comment: string;
  readonly report: DiffReport;
  readonly verdict: Verdict;
}

/**
 * Synthesizes the base commit (in a temporary git worktree) and the working tree, offline and in
 * parallel, diffs every stack's template, its cdk-nag and Control Tower findings and the campaign
 * calendars, and renders the Markdown report.
 * Throws a `DiffToolError` when a step fails for a reason other than the change itself.
 */
export async function runDiff(options: DiffOptions): Promise<DiffResult> {
  const root = await repositoryRoot(options.cwd);
  const base = await resolveBase(root, options.base);
  const [baseShort, headLabel] = await Promise.all([shortCommit(root, base.commit), describeHead(root)]);
  const worktree = await createBaseWorktree(root, base.commit);
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'aurora-surge-synth-'));
  try {
    const baseLabel = `base ${base.label} (${baseShort})`;
    const [baseOut, headOut] = [path.join(scratch, 'base'), path.join(scratch, 'head')];
    const [baseStacks, headStacks, baseCalendar, headCalendar] = await allSettledOrThrow([
      synthesizeTree(worktree.path, baseOut, baseLabel),
      synthesizeTree(root, headOut, 'working tree'),
      readCalendar(worktree.path, root, baseLabel),
      readCalendar(root, root, 'working tree'),
    ] as const);
    const stackNames = [...new Set([...headStacks.keys(), ...baseStacks.keys()])];
    const stacks: StackDiff[] = stackNames.map((name) => diffStackTemplates(name, baseStacks.get(name), headStacks.get(name)));
    const [baseChecks, headChecks] = await Promise.all([
      readAssemblyFindings(baseOut, baseStacks, baseLabel),
      readAssemblyFindings(headOut, headStacks, 'working tree'),
    ]);
    const findings = diffStackFindings(stacks, baseChecks, headChecks, runGuard(guardSubjects(stacks, baseStacks, headStacks)));
    const calendar = diffCalendars(baseCalendar, headCalendar);
    const now = options.now ?? new Date();
    const planSection = await renderPlans(root, calendar, now);
    const verdict = decideVerdict(stacks, options.allowDestructive ?? false, findings);
    const report: DiffReport = {
      base: { label: base.label, shortCommit: baseShort },
      headLabel,
      stacks,
      findings,
      calendar,
      plans: planSection.plans,
      ...(planSection.note ? { planNote: planSection.note } : {}),
      verdict,
      baseDependencies: worktree.dependencies,
      reactiveSettings: reactiveSettingsLines(stacks.map((s) => s.environment)),
      now,
    };
    return { markdown: renderReport(report), comment: renderComment(report), report, verdict };
  } finally {
    await Promise.all([worktree.dispose(), fs.rm(scratch, { recursive: true, force: true })]);
  }
}

async function describeHead(root: string): Promise<string> {
  const [commit, status] = await Promise.all([
    git(root, ['rev-parse', '--short', 'HEAD']),
    git(root, ['status', '--porcelain', '--untracked-files=no']),
  ]);
  return status === '' ? `working tree (${commit})` : `working tree (${commit} + uncommitted changes)`;
}

/** Like `Promise.all`, but waits for every task before throwing the first error, so nothing runs on after clean-up. */
async function allSettledOrThrow<T extends readonly unknown[]>(tasks: { readonly [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(tasks);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
