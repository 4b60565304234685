import type { Finding, GoneFinding } from './findings';
import { code, plural } from './markdown';
import { blockingFindings, type NewFinding, type StackFindingsDiff } from './stack-findings';
import type { BlockingFinding } from './verdict';

/** What to do about a new finding. */
export const FINDING_FIX =
  'Add the fix, or a NagSuppressions entry with its reason next to the construct (cdk-nag 3: `Validations.of(construct).acknowledge({ id, reason })`)';

/** What to do about a new Control Tower finding (no acknowledgement in the app silences it). */
export const GUARD_FIX =
  'meet the control, or document an exception (lib/compliance/control-tower-exceptions.ts and the README table) if the stack fails it on purpose';

/** Blocking findings listed at the top of the report; the rest are counted (all are in the environment sections). */
const MAX_VERDICT_LINES = 15;

/** Suppression lines per environment in a folded comment; the full report lists them all. */
const MAX_FOLDED_SUPPRESSIONS = 60;

const SOURCE_WORDS = { 'cdk-nag': 'cdk-nag', guard: 'Control Tower' } as const;

/** The verdict lines for new findings, or `''` when there are none. */
export function renderFindingsVerdict(findings: readonly BlockingFinding[]): string {
  if (findings.length === 0) return '';
  const sources = [...new Set(findings.map((f) => f.finding.source))];
  const fixes = [
    sources.includes('cdk-nag') ? `${FINDING_FIX}.` : '',
    sources.includes('guard') ? `For a Control Tower finding: ${GUARD_FIX}.` : '',
  ].filter((s) => s !== '');
  const head = `**⛔ BLOCKED: ${plural(findings.length, 'new security finding')} (${sources.map((s) => SOURCE_WORDS[s]).join(', ')}).** ${fixes.join(' ')} The override label does not cover findings.`;
  const lines = findings
    .slice(0, MAX_VERDICT_LINES)
    .map(
      ({ environment, finding }) => `- **${environment}: ${describeRule(finding)} on ${describeResource(finding)}** — ${finding.message}`,
    );
  if (findings.length > MAX_VERDICT_LINES)
    lines.push(`- … and ${findings.length - MAX_VERDICT_LINES} more, listed per environment in the full report`);
  return [head, ...lines].join('\n');
}

/** `+2 new, 1 fixed, 1 suppressed` for the summary table, `—` when nothing changed. */
export function describeFindingCounts(diff: StackFindingsDiff | undefined): string {
  if (!diff) return '—';
  const blocking = blockingFindings(diff).length;
  const accepted = diff.added.length - blocking;
  const fixed = diff.gone.filter((f) => !f.suppressedBy).length;
  const parts = [
    blocking > 0 ? `⛔ ${blocking} new` : '',
    accepted > 0 ? `${accepted} new (documented exception)` : '',
    fixed > 0 ? `${fixed} fixed` : '',
    diff.suppressionsAdded.length > 0 ? `${diff.suppressionsAdded.length} suppressed by this change` : '',
  ].filter((s) => s !== '');
  return parts.length > 0 ? parts.join(', ') : '—';
}

/**
 * The environment's section: a count line, the suppressions the change adds (always shown: a reviewer
 * must see them), and the new and gone findings folded in a `<details>` (left out of a folded comment).
 */
export function renderFindingsSection(diff: StackFindingsDiff | undefined, options: { readonly folded: boolean }): string {
  if (!diff) return '';
  const note = diff.nagNote ? `_${diff.nagNote}_` : '';
  if (diff.added.length === 0 && diff.gone.length === 0 && diff.suppressionsAdded.length === 0) {
    return note ? ['#### Security checks', note].join('\n\n') : '';
  }
  const count = `${describeFindingCounts(diff)} (cdk-nag AwsSolutions and AWS Control Tower rules; compared by rule and resource path).`;
  const shownSuppressions = options.folded ? diff.suppressionsAdded.slice(0, MAX_FOLDED_SUPPRESSIONS) : diff.suppressionsAdded;
  const suppressions = shownSuppressions.map(
    (a) =>
      `- 🔕 suppressed by this change: ${code(a.rule)} on ${a.path === '' ? 'the whole stack' : code(a.path)}: ${a.reason || '_(no reason given)_'}`,
  );
  if (shownSuppressions.length < diff.suppressionsAdded.length)
    suppressions.push(`- … and ${diff.suppressionsAdded.length - shownSuppressions.length} more suppressions, in the full report`);
  const lines = [...diff.added.map(describeNew), ...diff.gone.map(describeGone)];
  const details =
    lines.length === 0 || options.folded
      ? ''
      : `<details><summary>Findings new and gone (${lines.length})</summary>\n\n${lines.join('\n')}\n\n</details>`;
  return ['#### Security checks', note, count, suppressions.join('\n'), details].filter((s) => s !== '').join('\n\n');
}

function describeNew(finding: NewFinding): string {
  const mark = finding.exception ? `⚠️ **new** (${finding.exception.note})` : '⛔ **new**';
  return `- ${mark}: ${describeRule(finding)} on ${describeResource(finding)} — ${finding.message}`;
}

function describeGone(finding: GoneFinding): string {
  const mark = finding.suppressedBy ? '🔕 **no longer reported** (suppressed by this change)' : '✅ **fixed**';
  return `- ${mark}: ${describeRule(finding)} on ${describeResource(finding)} — ${finding.message}`;
}

function describeRule(finding: Finding): string {
  const level = finding.source === 'cdk-nag' ? ` ${finding.severity}` : '';
  return `${SOURCE_WORDS[finding.source]}${level} ${code(finding.rule)}`;
}

function describeResource(finding: Finding): string {
  return finding.logicalId && finding.logicalId !== finding.path ? `${code(finding.path)} (${finding.logicalId})` : code(finding.path);
}
