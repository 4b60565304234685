import type { CheckResult } from './check-result';

const MARK = { pass: '✅', fail: '❌', skip: '⏭️ ' } as const;

/** The outcome of a preflight or verify run. */
export interface ChecklistReport {
  /** `preflight` or `verify`. */
  readonly command: string;
  readonly environment: string;
  readonly checks: readonly CheckResult[];
}

/** True when no check failed (skipped checks do not fail a run; a missing-credentials check fails). */
export function reportPassed(report: ChecklistReport): boolean {
  return report.checks.every((c) => c.status !== 'fail');
}

/**
 * The human checklist: one ✅/❌/⏭️ line per check, its details indented, then each problem with its
 * fix. The verdict line comes first and names the first failing check.
 */
export function renderChecklist(report: ChecklistReport): string {
  const failures = report.checks.filter((c) => c.status === 'fail');
  const counts = (['pass', 'fail', 'skip'] as const).map((s) => `${report.checks.filter((c) => c.status === s).length} ${LABEL[s]}`);
  const head =
    failures.length === 0
      ? `${report.command} ${report.environment}: ✅ all checks passed (${counts.join(', ')})`
      : `${report.command} ${report.environment}: ❌ ${failures[0]?.title ?? ''}${failures.length > 1 ? ` and ${failures.length - 1} more` : ''} failed (${counts.join(', ')})`;
  const lines = [head, ''];
  for (const check of report.checks) {
    lines.push(`${MARK[check.status]} ${check.title}`);
    for (const d of check.details) lines.push(`   ${d}`);
    for (const p of check.problems) {
      lines.push(`   - ${p.problem}`);
      lines.push(`     ${p.fix}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const LABEL = { pass: 'passed', fail: 'failed', skip: 'skipped' } as const;

/** The machine-readable report (`--json`). */
export function checklistJson(report: ChecklistReport): string {
  return `${JSON.stringify({ command: report.command, environment: report.environment, ok: reportPassed(report), checks: report.checks }, null, 2)}\n`;
}
