/**
 * The security-check findings of one stack on one side (cdk-nag AwsSolutions and the AWS Control Tower
 * guard rules), and what a change does to them: findings it introduces, findings it fixes, and
 * acknowledgements (suppressions) it adds. Pure: the readers are assembly-findings.ts and guard-findings.ts.
 */

/** Which check reported a finding. */
export type FindingSource = 'cdk-nag' | 'guard';

/** One rule that one resource fails, unsuppressed. */
export interface Finding {
  readonly source: FindingSource;
  /** `AwsSolutions-IAM5[Resource::*]`, or a guard rule as `CT.LAMBDA.PR.3 (lambda_inside_vpc_check)`. */
  readonly rule: string;
  /** Construct path without the stack name (`Database/Cluster/Resource`), or the logical id when unknown. */
  readonly path: string;
  /** @default - unknown (a construct path that maps to no resource of the template) */
  readonly logicalId?: string;
  /** `error` or `warning` (cdk-nag); guard findings are `error` (Control Tower rejects the deploy). */
  readonly severity: string;
  /** What the rule says is wrong, and the fix when the rule gives one. */
  readonly message: string;
}

/** A `Validations.of(construct).acknowledge({ id, reason })` recorded in the assembly. */
export interface Acknowledgement {
  /** The acknowledged id, without CDK's `Annotation::` namespace (`AwsSolutions-RDS10`). */
  readonly rule: string;
  /** Path of the construct it was made on, without the stack name (it covers that construct and below). */
  readonly path: string;
  readonly reason: string;
}

/** The findings of one stack on one side. */
export interface SideFindings {
  readonly findings: readonly Finding[];
  readonly acknowledgements: readonly Acknowledgement[];
}

/** A finding the change removes, and why it is gone. */
export interface GoneFinding extends Finding {
  /** Set when an acknowledgement the change adds covers it: it is hidden, not fixed. */
  readonly suppressedBy?: Acknowledgement;
}

/** What a change does to one stack's findings. */
export interface FindingsDiff {
  /** Findings in the head and not in the base, by (source, rule, path). */
  readonly added: readonly Finding[];
  /** Findings in the base and not in the head. */
  readonly gone: readonly GoneFinding[];
  /** Acknowledgements in the head and not in the base, by (rule, path). */
  readonly suppressionsAdded: readonly Acknowledgement[];
}

/** How the finding is keyed: the rule and the resource, never where in the source the resource was made. */
function findingKey(f: Finding): string {
  return `${f.source}\u0000${f.rule}\u0000${f.path}`;
}

function acknowledgementKey(a: Acknowledgement): string {
  return `${a.rule}\u0000${a.path}`;
}

/**
 * Compares the findings of the base and the head of one stack. A stack missing on one side has no
 * findings there. A finding that moved in the source (same rule, same resource path) is neither new nor
 * gone; one whose resource moved to another path is both.
 */
export function diffFindings(base: SideFindings | undefined, head: SideFindings | undefined): FindingsDiff {
  const baseFindings = base?.findings ?? [];
  const headFindings = head?.findings ?? [];
  const baseKeys = new Set(baseFindings.map(findingKey));
  const headKeys = new Set(headFindings.map(findingKey));
  const baseAcks = new Set((base?.acknowledgements ?? []).map(acknowledgementKey));
  const suppressionsAdded = uniqueBy(
    (head?.acknowledgements ?? []).filter((a) => !baseAcks.has(acknowledgementKey(a))),
    acknowledgementKey,
  ).sort(byRuleThenPath);
  const added = uniqueBy(
    headFindings.filter((f) => !baseKeys.has(findingKey(f))),
    findingKey,
  ).sort(byRuleThenPath);
  const gone = uniqueBy(
    baseFindings.filter((f) => !headKeys.has(findingKey(f))),
    findingKey,
  )
    .sort(byRuleThenPath)
    .map((f): GoneFinding => {
      const suppressedBy = suppressionsAdded.find((a) => covers(a, f));
      return suppressedBy ? { ...f, suppressedBy } : f;
    });
  return { added, gone, suppressionsAdded };
}

/**
 * Whether an acknowledgement hides a cdk-nag finding: the same rule id (for a rule with findings per
 * item, such as `AwsSolutions-IAM5[Resource::*]`, that exact item) on the acknowledged construct or
 * below it, as cdk-nag 3 matches them (node_modules/cdk-nag/lib/nag-pack.js, `isAcknowledged`). Guard
 * findings have no acknowledgement in the app (the guard rules run outside it).
 */
export function covers(ack: Acknowledgement, finding: Finding): boolean {
  if (finding.source !== 'cdk-nag' || ack.rule !== finding.rule) return false;
  return ack.path === '' || finding.path === ack.path || finding.path.startsWith(`${ack.path}/`);
}

function byRuleThenPath(a: { rule: string; path: string }, b: { rule: string; path: string }): number {
  return a.rule.localeCompare(b.rule) || a.path.localeCompare(b.path);
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** True when the change adds no finding and no acknowledgement and removes none. */
export function findingsUnchanged(diff: FindingsDiff): boolean {
  return diff.added.length === 0 && diff.gone.length === 0 && diff.suppressionsAdded.length === 0;
}
