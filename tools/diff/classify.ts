import { fullDiff, ResourceImpact, type ResourceDifference, type TemplateDiff } from '@aws-cdk/cloudformation-diff';
import { summariseSecurityChanges } from './security-summary';
import { STATEFUL_RESOURCE_RULES, statefulRule } from './stateful-resources';
import type { ClassifiedResourceChange, ImpactLevel, PropertyChangeSummary, ResourceChangeKind, StackDiff } from './types';

/** A synthesized CloudFormation template, as parsed JSON. */
export type CfnTemplate = { readonly Resources?: Record<string, CfnResource> } & Record<string, unknown>;

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly [key: string]: unknown;
}

/** Resources that carry no infrastructure (CDK's version-reporting resource). */
const IGNORED_TYPES = new Set(['AWS::CDK::Metadata']);

/** Stack names are `AuroraSurge-<env>`; anything else is reported under its full name. */
export function environmentOfStack(stackName: string): string {
  return stackName.startsWith('AuroraSurge-') ? stackName.slice('AuroraSurge-'.length) : stackName;
}

/**
 * Diffs two templates of one stack (offline, with `@aws-cdk/cloudformation-diff`) and classifies every
 * resource change by impact. A side that is `undefined` is a stack that does not exist there.
 */
export function diffStackTemplates(stackName: string, base: CfnTemplate | undefined, head: CfnTemplate | undefined): StackDiff {
  const diff = fullDiff(base ?? {}, head ?? {});
  const resources = classifyResourceChanges(diff, stackName);
  const outputsChanged: string[] = [];
  diff.outputs.forEachDifference((name) => outputsChanged.push(`output ${name}`));
  diff.parameters.forEachDifference((name) => outputsChanged.push(`parameter ${name}`));
  const stackChange =
    base === undefined && head !== undefined
      ? 'added'
      : head === undefined && base !== undefined
        ? 'removed'
        : resources.length > 0 || outputsChanged.length > 0
          ? 'changed'
          : 'unchanged';
  return {
    stackName,
    environment: environmentOfStack(stackName),
    stackChange,
    resources,
    security: summariseSecurityChanges(diff),
    outputsChanged,
  };
}

function classifyResourceChanges(diff: TemplateDiff, stackName: string): ClassifiedResourceChange[] {
  const out: ClassifiedResourceChange[] = [];
  diff.resources.forEachDifference((logicalId, change) => {
    const resourceType = change.newResourceType ?? change.oldResourceType ?? '(unknown type)';
    if (IGNORED_TYPES.has(resourceType) || onlyMetadataChanged(change)) return;
    out.push(classifyResourceChange(logicalId, resourceType, change, stackName));
  });
  return out.sort(
    (a, b) => IMPACT_ORDER[a.impact] - IMPACT_ORDER[b.impact] || statefulRank(a) - statefulRank(b) || a.path.localeCompare(b.path),
  );
}

const IMPACT_ORDER: Record<ImpactLevel, number> = { blocked: 0, caution: 1, routine: 2 };

/** The cluster before its instances, before keys and secrets…: the order of the rules. */
function statefulRank(change: ClassifiedResourceChange): number {
  return change.stateful ? STATEFUL_RESOURCE_RULES.indexOf(change.stateful) : STATEFUL_RESOURCE_RULES.length;
}

/** A resource whose only difference is its `Metadata` (construct path, asset path) deploys nothing. */
function onlyMetadataChanged(change: ResourceDifference): boolean {
  if (!change.isUpdate || change.resourceTypeChanged) return false;
  const others = Object.keys(change.otherChanges);
  return Object.keys(change.propertyUpdates).length === 0 && others.length > 0 && others.every((k) => k === 'Metadata');
}

const KIND_BY_IMPACT: Partial<Record<ResourceImpact, ResourceChangeKind>> = {
  [ResourceImpact.WILL_CREATE]: 'added',
  [ResourceImpact.WILL_UPDATE]: 'updated',
  [ResourceImpact.WILL_REPLACE]: 'replaced',
  [ResourceImpact.MAY_REPLACE]: 'may-be-replaced',
  [ResourceImpact.WILL_DESTROY]: 'removed',
  [ResourceImpact.WILL_ORPHAN]: 'orphaned',
  [ResourceImpact.WILL_IMPORT]: 'added',
  [ResourceImpact.NO_CHANGE]: 'updated',
};

/** Kinds that lose the physical resource (or CloudFormation's hold on it). */
const DESTRUCTIVE_KINDS: ReadonlySet<ResourceChangeKind> = new Set(['replaced', 'may-be-replaced', 'removed', 'orphaned']);

export function classifyResourceChange(
  logicalId: string,
  resourceType: string,
  change: ResourceDifference,
  stackName: string,
): ClassifiedResourceChange {
  const kind = KIND_BY_IMPACT[change.changeImpact] ?? 'updated';
  const rule = statefulRule(resourceType);
  const properties = change.isUpdate ? propertyChanges(change) : [];
  const path = constructPath(change, stackName) ?? logicalId;
  const destructive = DESTRUCTIVE_KINDS.has(kind);
  const classChange = changesInstanceClassInPlace(resourceType, kind, properties);
  const impact: ImpactLevel =
    (destructive && rule) || classChange
      ? 'blocked'
      : destructive || (rule && kind === 'updated' && touchesState(properties))
        ? 'caution'
        : 'routine';
  return {
    logicalId,
    resourceType,
    path,
    kind,
    impact,
    reason: classChange ? INSTANCE_CLASS_CHANGE_REASON : explain(kind, properties, change, rule?.loses),
    properties,
    ...(rule ? { stateful: rule } : {}),
  };
}

/**
 * Why a fixed instance's class change through CloudFormation is blocked. With `writer`/`readers`,
 * aws-cdk-lib ignores `instanceUpdateBehaviour` (aws/aws-cdk#27694), so CloudFormation modifies each
 * instance in place, and a class change is an outage of that instance ("An outage occurs", Aurora User
 * Guide, "Modifying an Aurora DB cluster"). After a failover the template's "writer" may be either
 * instance (aws/aws-cdk#26726), so any fixed instance may be today's writer.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Modifying.html
 */
export const INSTANCE_CLASS_CHANGE_REASON =
  'Instance class changes in place: CloudFormation resizes this instance directly (no rolling update with writer/readers), an outage of it, and it may be the writer today. Follow docs/pre-scaler-runbook.md, "Change the baseline writer class": resize the reader, fail over, resize the old writer, then merge with the override label.';

function changesInstanceClassInPlace(
  resourceType: string,
  kind: ResourceChangeKind,
  properties: readonly PropertyChangeSummary[],
): boolean {
  return resourceType === 'AWS::RDS::DBInstance' && kind === 'updated' && properties.some((p) => p.name === 'DBInstanceClass');
}

function propertyChanges(change: ResourceDifference): PropertyChangeSummary[] {
  const props = Object.entries(change.propertyUpdates).flatMap(([name, d]) =>
    expandObjectChange(
      name,
      d.oldValue,
      d.newValue,
      d.changeImpact === ResourceImpact.WILL_REPLACE ? 'always' : d.changeImpact === ResourceImpact.MAY_REPLACE ? 'maybe' : 'no',
    ),
  );
  const attributes = Object.entries(change.otherChanges)
    .filter(([name]) => name !== 'Metadata')
    .map(([name, d]) => ({ name: `(${name})`, oldValue: d.oldValue, newValue: d.newValue, replaces: 'no' as const }));
  const byReplacement = (a: PropertyChangeSummary, b: PropertyChangeSummary) =>
    replaceRank(a.replaces) - replaceRank(b.replaces) || a.name.localeCompare(b.name);
  return [...props.sort(byReplacement), ...attributes.sort(byReplacement)];
}

const MAX_EXPANSION_DEPTH = 3;

/**
 * A change inside a map-like property (cluster `Parameters`, `Tags`-like objects) is shown key by key
 * (`Parameters.log_min_duration_statement: "200" → "300"`) instead of as two long, cut JSON values.
 * Intrinsics (`Ref`, `Fn::…`) and arrays are kept whole.
 */
function expandObjectChange(
  name: string,
  oldValue: unknown,
  newValue: unknown,
  replaces: PropertyChangeSummary['replaces'],
  depth = 0,
): PropertyChangeSummary[] {
  if (depth >= MAX_EXPANSION_DEPTH || !isPlainMap(oldValue) || !isPlainMap(newValue)) {
    return [{ name, oldValue, newValue, replaces }];
  }
  const keys = [...new Set([...Object.keys(oldValue), ...Object.keys(newValue)])];
  return keys
    .filter((key) => JSON.stringify(oldValue[key]) !== JSON.stringify(newValue[key]))
    .flatMap((key) => expandObjectChange(`${name}.${key}`, oldValue[key], newValue[key], replaces, depth + 1));
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !Object.keys(value).some((key) => key === 'Ref' || key.startsWith('Fn::'))
  );
}

function replaceRank(r: PropertyChangeSummary['replaces']): number {
  return r === 'always' ? 0 : r === 'maybe' ? 1 : 2;
}

/** Attributes whose change matters for a stateful resource even when no property changes. */
const RETENTION_ATTRIBUTES = new Set(['(DeletionPolicy)', '(UpdateReplacePolicy)']);

/** A stateful resource needs a look when a property or its retention changes; a `DependsOn` change alone is harmless. */
function touchesState(properties: readonly PropertyChangeSummary[]): boolean {
  return properties.some((p) => !p.name.startsWith('(') || RETENTION_ATTRIBUTES.has(p.name));
}

function constructPath(change: ResourceDifference, stackName: string): string | undefined {
  const metadata = (change.newValue ?? change.oldValue)?.Metadata as Record<string, unknown> | undefined;
  const path = metadata?.['aws:cdk:path'];
  if (typeof path !== 'string') return undefined;
  return path.startsWith(`${stackName}/`) ? path.slice(stackName.length + 1) : path;
}

/**
 * cloudformation-diff marks a reference to a resource that is itself replaced by appending
 * `(replaced)` to the logical id in the new value: the change then follows from that replacement.
 */
const REPLACED_REFERENCE = /"([A-Za-z0-9]+) ?\(replaced\)"/;

function replacedReference(property: PropertyChangeSummary): string | undefined {
  return REPLACED_REFERENCE.exec(JSON.stringify(property.newValue) ?? '')?.[1];
}

function explain(
  kind: ResourceChangeKind,
  properties: readonly PropertyChangeSummary[],
  change: ResourceDifference,
  loses: string | undefined,
): string {
  const forcingProperties = properties.filter((p) => p.replaces !== 'no');
  const followed = [...new Set(forcingProperties.map(replacedReference).filter((id): id is string => id !== undefined))];
  const forcing = forcingProperties.map((p) => `${p.name}${p.replaces === 'maybe' ? ' (may)' : ''}`);
  const lost = loses ? ` Loses ${loses}.` : '';
  switch (kind) {
    case 'added':
      return 'New resource.';
    case 'updated': {
      const retention = properties
        .filter((p) => RETENTION_ATTRIBUTES.has(p.name))
        .map((p) => `${p.name.slice(1, -1)} ${String(p.oldValue ?? 'Delete')} → ${String(p.newValue ?? 'Delete')}`);
      if (loses && retention.length > 0)
        return `Updated in place; ${retention.join(', ')}: this decides what a later removal or replacement does to the data.`;
      if (loses && touchesState(properties)) return 'Updated in place; check the change for a restart or downtime.';
      return properties.length > 0 && properties.every((p) => p.name === '(DependsOn)')
        ? 'Only its deployment order (DependsOn) changes.'
        : 'Updated in place.';
    }
    case 'replaced':
    case 'may-be-replaced': {
      const why = change.resourceTypeChanged
        ? 'its type changes'
        : forcingProperties.length > 0 && forcingProperties.every((p) => replacedReference(p) !== undefined)
          ? `it refers to ${followed.join(', ')}, which is replaced (${forcing.join(', ')})`
          : forcing.length > 0
            ? `${forcing.join(', ')} change${forcing.length === 1 ? 's' : ''}`
            : 'a property that forces replacement changes';
      const keep = change.oldValue?.UpdateReplacePolicy;
      const kept =
        keep === 'Retain'
          ? ' The old one is kept outside the stack (UpdateReplacePolicy Retain); the stack goes on with the new one.'
          : keep === 'Snapshot'
            ? ' A snapshot of the old one is taken (UpdateReplacePolicy Snapshot); the stack goes on with the new, empty one.'
            : '';
      return `${kind === 'replaced' ? 'Replaced' : 'May be replaced'}: ${why}.${lost}${kept}`;
    }
    case 'removed':
      return `Deleted: it is no longer in the template.${lost}`;
    case 'orphaned':
      return `Removed from the stack but kept in AWS (DeletionPolicy Retain): CloudFormation stops managing it.${loses ? ' The stack would lose control of it.' : ''}`;
  }
}
