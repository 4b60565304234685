/** What one check found: passed, failed (with a fix per problem), or skipped (not applicable here, or could not run). */
export type CheckStatus = 'pass' | 'fail' | 'skip';

/** A problem a check found and what to do about it. */
export interface Problem {
  /** What is wrong, naming the environment, the resource or config field, and the value seen. */
  readonly problem: string;
  /** What to do, starting with `Fix:`. */
  readonly fix: string;
}

/** One line of the preflight or verify checklist. */
export interface CheckResult {
  /** Stable id for machines (`--json`): `placeholders`, `orderable-classes`, … */
  readonly id: string;
  /** What was checked, as the checklist prints it. */
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found, one line each (shown for every status). */
  readonly details: readonly string[];
  /** Problems with their fixes; empty unless the check failed. */
  readonly problems: readonly Problem[];
}

/** A check that holds. */
export function passed(id: string, title: string, ...details: string[]): CheckResult {
  return { id, title, status: 'pass', details, problems: [] };
}

/** A check that does not apply, or could not run (the reason says which). */
export function skipped(id: string, title: string, reason: string): CheckResult {
  return { id, title, status: 'skip', details: [`skipped: ${reason}`], problems: [] };
}

/** A check that found problems. Each fix gets the `Fix: ` prefix when it lacks one. */
export function failed(id: string, title: string, problems: readonly Problem[], ...details: string[]): CheckResult {
  return {
    id,
    title,
    status: 'fail',
    details,
    problems: problems.map((p) => ({ problem: p.problem, fix: p.fix.startsWith('Fix:') ? p.fix : `Fix: ${p.fix}` })),
  };
}

/** Pass with `details` when there are no problems, else fail with them (and the same details). */
export function verdict(id: string, title: string, problems: readonly Problem[], details: readonly string[]): CheckResult {
  return problems.length === 0 ? passed(id, title, ...details) : failed(id, title, problems, ...details);
}
