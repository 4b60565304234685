import type { CalendarDiff, CampaignChange } from './calendar-diff';
import { describeFindingCounts, renderFindingsSection, renderFindingsVerdict } from './render-findings';
import type { StackFindingsDiff } from './stack-findings';
import { startsIn } from './starts-in';
import { code, codeValue, codeValuePair, plural, table } from './markdown';
import type { ResourceChangeKind, SecurityChanges, StackDiff } from './types';
import type { Verdict } from './verdict';

/** Hidden first line of the report: CI finds its own PR comment by it, to update it instead of adding one. */
export const REPORT_MARKER = '<!-- aurora-surge:synth-diff -->';

/** The PR label that overrides the destructive-change guard in CI. */
export const OVERRIDE_LABEL = 'allow-destructive-change';

/** Everything the report shows. */
export interface DiffReport {
  /** How the base was chosen (`main`, `merge-base with main`) and its short commit id. */
  readonly base: { readonly label: string; readonly shortCommit: string };
  /** What the head side is: `working tree` (with uncommitted changes) or a ref. */
  readonly headLabel: string;
  readonly stacks: readonly StackDiff[];
  readonly calendar: CalendarDiff;
  /** Plan Markdown per environment, for the campaigns the change touches. */
  readonly plans: ReadonlyMap<string, string>;
  /** Why there is no plan, when there is none (e.g. the plan module does not exist yet). */
  readonly planNote?: string;
  readonly verdict: Verdict;
  /**
   * What the change does to each stack's cdk-nag and Control Tower findings.
   * @default - no findings section
   */
  readonly findings?: readonly StackFindingsDiff[];
  /** Each environment's reactive scale-up settings, one line (tools/diff/reactive-settings-line.ts). @default - none shown */
  readonly reactiveSettings?: ReadonlyMap<string, string>;
  /** How the base side got its dependencies, for the footer. */
  readonly baseDependencies: 'linked' | 'installed';
  /**
   * The instant "starts in N days" is counted from.
   * @default - not shown
   */
  readonly now?: Date;
}

/**
 * GitHub refuses a comment body longer than 65,536 characters.
 * @see https://github.com/orgs/community/discussions/27190
 */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** Where the workflow puts the full report when the comment has to be folded (.github/workflows/pull-request.yml). */
export const FULL_REPORT_ARTIFACT = 'synth-diff-report';

/** How much of the report to render. */
interface RenderOptions {
  /** Leave out per-resource property details and campaign plans (they are in the full report). */
  readonly folded: boolean;
}

const KIND_WORDS: Record<ResourceChangeKind, string> = {
  added: 'added',
  updated: 'updated',
  replaced: 'REPLACED',
  'may-be-replaced': 'MAY BE REPLACED',
  removed: 'DELETED',
  orphaned: 'REMOVED FROM STACK (kept in AWS)',
};

const IMPACT_WORDS = { blocked: '⛔ blocked', caution: '⚠️ caution', routine: 'routine' } as const;

/** Renders the whole report as GitHub-flavoured Markdown. */
export function renderReport(report: DiffReport, options: RenderOptions = { folded: false }): string {
  const parts = [
    REPORT_MARKER,
    `## Synth diff: ${describeBase(report.base)} → ${report.headLabel}`,
    renderVerdict(report.verdict),
    renderSummaryTable(report),
    options.folded
      ? `_This change is too large for one comment (GitHub keeps ${GITHUB_COMMENT_LIMIT.toLocaleString('en')} characters): property details, plans and finding lists are folded away. The full report is the workflow artifact \`${FULL_REPORT_ARTIFACT}\` and the job summary._`
      : '',
    ...environmentsInOrder(report).map((env) => renderEnvironment(env, report, options)),
    renderDeployedHint(report.stacks),
    `<sub>Synthesized offline with no AWS account; base dependencies ${report.baseDependencies === 'linked' ? 'shared with the working tree (same package-lock.json)' : 'installed with npm ci (package-lock.json changed)'}.</sub>`,
  ];
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}

/**
 * The report as a pull-request comment: the whole report when it fits in GitHub's limit, else the
 * folded one (verdict, summary, every resource row, no property details or plans), and as a last resort
 * the folded one cut at a line with a pointer to the full report.
 */
export function renderComment(report: DiffReport, limit = GITHUB_COMMENT_LIMIT): string {
  const full = renderReport(report);
  if (full.length <= limit) return full;
  const folded = renderReport(report, { folded: true });
  if (folded.length <= limit) return folded;
  const note = `\n\n… cut to fit a comment: the full report is the workflow artifact \`${FULL_REPORT_ARTIFACT}\`.\n`;
  const cut = folded.slice(0, limit - note.length);
  return `${cut.slice(0, cut.lastIndexOf('\n'))}${note}`;
}

/** `main` (abc1234), or just `abc1234` when the base was given as a commit id (as CI does). */
function describeBase(base: DiffReport['base']): string {
  return /^[0-9a-f]{7,40}$/i.test(base.label) ? code(base.shortCommit) : `${code(base.label)} (${base.shortCommit})`;
}

function renderVerdict(verdict: Verdict): string {
  return [renderDestructiveVerdict(verdict), renderFindingsVerdict(verdict.findings)].filter((s) => s !== '').join('\n\n');
}

function renderDestructiveVerdict(verdict: Verdict): string {
  if (verdict.blocked.length === 0) {
    return '**✅ No replacement or deletion of a stateful resource.**';
  }
  const head = verdict.overridden
    ? `**⚠️ Destructive change allowed on purpose (override given): ${plural(verdict.blocked.length, 'stateful resource')} will be replaced or deleted.**`
    : `**⛔ BLOCKED: ${plural(verdict.blocked.length, 'stateful resource')} would be replaced or deleted.** If this is intended, add the PR label ${code(OVERRIDE_LABEL)} (or run locally with ${code('--allow-destructive')}); otherwise change the code so the resource is kept.`;
  const lines = verdict.blocked.map(
    ({ environment, change }) =>
      `- **${environment}: ${code(change.path)} (${change.resourceType}) ${KIND_WORDS[change.kind]}** — ${change.reason}` +
      (change.stateful ? `\n  - Safe procedure: ${change.stateful.safeProcedure}.` : ''),
  );
  return [head, ...lines].join('\n');
}

function environmentsInOrder(report: DiffReport): string[] {
  const envs = report.stacks.map((s) => s.environment);
  for (const env of report.calendar.byEnvironment.keys()) if (!envs.includes(env)) envs.push(env);
  return envs;
}

function counts(stack: StackDiff | undefined): { added: number; updated: number; replaced: number; removed: number } {
  const by = (kinds: readonly ResourceChangeKind[]) => (stack?.resources ?? []).filter((r) => kinds.includes(r.kind)).length;
  return {
    added: by(['added']),
    updated: by(['updated']),
    replaced: by(['replaced', 'may-be-replaced']),
    removed: by(['removed', 'orphaned']),
  };
}

function environmentVerdict(
  stack: StackDiff | undefined,
  campaignChanges: number,
  blockingFindings: number,
  findings: StackFindingsDiff | undefined,
): string {
  const impacts = new Set((stack?.resources ?? []).map((r) => r.impact));
  if (impacts.has('blocked') || blockingFindings > 0) return IMPACT_WORDS.blocked;
  if (impacts.has('caution')) return IMPACT_WORDS.caution;
  const findingsChanged = findings !== undefined && describeFindingCounts(findings) !== '—';
  if (impacts.size > 0 || campaignChanges > 0 || findingsChanged || (stack && stack.stackChange !== 'unchanged')) return 'changes';
  return 'no change';
}

function renderSummaryTable(report: DiffReport): string {
  const rows = environmentsInOrder(report).map((env) => {
    const stack = report.stacks.find((s) => s.environment === env);
    const campaigns = report.calendar.byEnvironment.get(env) ?? [];
    const c = counts(stack);
    const findings = findingsOf(report, env);
    return [
      env,
      environmentVerdict(stack, campaigns.length, report.verdict.findings.filter((f) => f.environment === env).length, findings),
      String(c.added),
      String(c.updated),
      String(c.replaced),
      String(c.removed),
      describeCampaignCounts(campaigns),
      describeFindingCounts(findings),
    ];
  });
  return table(['environment', 'verdict', 'added', 'updated', 'replaced', 'deleted', 'calendar', 'findings'], rows);
}

function findingsOf(report: DiffReport, env: string): StackFindingsDiff | undefined {
  return report.findings?.find((f) => f.environment === env);
}

function describeCampaignCounts(changes: readonly CampaignChange[]): string {
  if (changes.length === 0) return '—';
  const kinds = ['added', 'moved', 'changed', 'removed'] as const;
  return kinds
    .map((k) => [k, changes.filter((c) => c.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${plural(n, 'campaign')} ${k}`)
    .join(', ');
}

function renderEnvironment(env: string, report: DiffReport, options: RenderOptions): string {
  const stack = report.stacks.find((s) => s.environment === env);
  const title = `### ${env}${stack ? ` (${code(stack.stackName)})` : ''}`;
  const sections = [
    title,
    stack?.stackChange === 'added' ? '_New stack: every resource below is created._' : '',
    stack?.stackChange === 'removed' ? '**The whole stack is gone from the app: deploying would delete it.**' : '',
    renderCalendar(env, report, options),
    stack ? renderResources(stack, options) : '',
    stack ? renderSecurity(stack.security) : '',
    renderFindingsSection(findingsOf(report, env), options),
    stack && stack.outputsChanged.length > 0 ? `Outputs and parameters changed: ${stack.outputsChanged.map(code).join(', ')}.` : '',
  ].filter((s) => s !== '');
  if (sections.length === 1) sections.push('No change.');
  return [...sections, report.reactiveSettings?.get(env) ?? ''].filter((s) => s !== '').join('\n\n');
}

function renderCalendar(env: string, report: DiffReport, options: RenderOptions): string {
  const changes = report.calendar.byEnvironment.get(env) ?? [];
  if (changes.length === 0) return '';
  const lines = changes.map((c) => {
    const when = report.now && c.kind !== 'removed' && c.headEntry ? startsIn(c.headEntry, report.now) : undefined;
    return `${describeCampaignChange(c)}${when ? ` (${when})` : ''}`;
  });
  const sideNote = !report.calendar.basePresent
    ? '_The base has no campaign calendar (config/campaigns.ts), so every campaign shows as added._'
    : !report.calendar.headPresent
      ? '_The working tree has no campaign calendar (config/campaigns.ts), so every campaign shows as removed._'
      : '';
  const plan = options.folded ? undefined : report.plans.get(env);
  const planBlock = plan
    ? `<details><summary>Plan for the affected campaigns in ${env}</summary>\n\n${plan.trim()}\n\n</details>`
    : report.planNote
      ? `_${report.planNote}_`
      : '';
  return ['#### Calendar', sideNote, lines.join('\n'), planBlock].filter((s) => s !== '').join('\n\n');
}

const MAX_FIELDS = 12;

function describeCampaignChange(change: CampaignChange): string {
  const id = code(change.campaignId);
  const fields = change.fields.slice(0, MAX_FIELDS);
  const more = change.fields.length > MAX_FIELDS ? `; and ${change.fields.length - MAX_FIELDS} more` : '';
  switch (change.kind) {
    case 'added':
      return `- **Campaign added**: ${id} — ${fields.map((f) => `${f.field} ${codeValue(f.newValue)}`).join(', ')}${more}`;
    case 'removed':
      return `- **Campaign removed**: ${id} (was ${fields.map((f) => `${f.field} ${codeValue(f.oldValue)}`).join(', ')}${more})`;
    case 'moved':
    case 'changed':
      return `- **Campaign ${change.kind}**: ${id} — ${fields.map((f) => `${f.field} ${codeValuePair(f.oldValue, f.newValue).join(' → ')}`).join('; ')}${more}`;
  }
}

const MAX_PROPERTIES = 15;

/** Rows shown per environment in a folded report; blocked and caution rows come first and are always shown. */
const MAX_FOLDED_ROUTINE_ROWS = 20;

function renderResources(stack: StackDiff, options: RenderOptions): string {
  if (stack.resources.length === 0) return '';
  const notable = stack.resources.filter((r) => r.impact !== 'routine');
  const routine = stack.resources.filter((r) => r.impact === 'routine');
  const listed = options.folded ? [...notable, ...routine.slice(0, MAX_FOLDED_ROUTINE_ROWS)] : stack.resources;
  const rows = listed.map((r) => [IMPACT_WORDS[r.impact], KIND_WORDS[r.kind], code(r.path), r.resourceType, r.reason]);
  if (listed.length < stack.resources.length)
    rows.push([
      '',
      '',
      `… and ${stack.resources.length - listed.length} more routine changes`,
      '',
      `in the \`${FULL_REPORT_ARTIFACT}\` artifact`,
    ]);
  const withProperties = options.folded ? [] : stack.resources.filter((r) => r.properties.length > 0);
  const details = withProperties.map((r) => {
    const shown = r.properties.slice(0, MAX_PROPERTIES).map((p) => {
      const [before, after] = codeValuePair(p.oldValue, p.newValue);
      return `  - ${code(p.name)}: ${before} → ${after}${p.replaces === 'always' ? ' **(forces replacement)**' : p.replaces === 'maybe' ? ' **(may force replacement)**' : ''}`;
    });
    const more = r.properties.length > MAX_PROPERTIES ? [`  - … and ${r.properties.length - MAX_PROPERTIES} more`] : [];
    return [`- ${code(r.path)} (${r.resourceType})`, ...shown, ...more].join('\n');
  });
  const propertyBlock =
    details.length > 0
      ? `<details><summary>Properties changed (${plural(withProperties.length, 'resource')})</summary>\n\n${details.join('\n')}\n\n</details>`
      : '';
  return ['#### Resources', table(['impact', 'change', 'resource', 'type', 'why'], rows), propertyBlock]
    .filter((s) => s !== '')
    .join('\n\n');
}

function renderSecurity(security: SecurityChanges): string {
  const parts: string[] = [];
  if (security.statements.length > 0 || security.managedPolicies.length > 0) {
    parts.push(`#### IAM${security.permissionsBroadened ? ' — ⚠️ permissions broadened' : ''}`);
    if (security.statements.length > 0) {
      parts.push(
        table(
          ['', 'effect', 'actions', 'resources', 'principal', 'condition'],
          security.statements.map((s) => [s.change === 'added' ? '+' : '−', s.effect, s.actions, s.resources, s.principals, s.condition]),
        ),
      );
    }
    if (security.managedPolicies.length > 0) {
      parts.push(
        table(
          ['', 'role', 'managed policy'],
          security.managedPolicies.map((p) => [p.change === 'added' ? '+' : '−', p.identity, p.policy]),
        ),
      );
    }
  }
  if (security.securityGroupRules.length > 0) {
    parts.push('#### Security groups');
    parts.push(
      table(
        ['', 'direction', 'group', 'protocol', 'peer'],
        security.securityGroupRules.map((r) => [r.change === 'added' ? '+' : '−', r.direction, r.group, r.protocol, r.peer]),
      ),
    );
  }
  return parts.join('\n\n');
}

function renderDeployedHint(stacks: readonly StackDiff[]): string {
  const names = stacks.filter((s) => s.stackChange !== 'removed').map((s) => s.stackName);
  if (names.length === 0) return '';
  return [
    '#### Compare with what is deployed',
    "This report compares two commits offline; it does not look at AWS. With credentials for an environment's account, compare the working tree with the deployed stack:",
    ['```sh', ...names.map((n) => `npx cdk diff ${n}`), '```'].join('\n'),
  ].join('\n\n');
}
