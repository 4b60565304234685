import type { StatefulResourceRule } from './stateful-resources';

/** What happens to one resource when the new template is deployed over the old one. */
export type ResourceChangeKind = 'added' | 'updated' | 'replaced' | 'may-be-replaced' | 'removed' | 'orphaned';

/**
 * How much attention a change needs:
 * - `blocked`: replaces, may replace, deletes or orphans a stateful resource; the command exits 1
 *   unless overridden;
 * - `caution`: worth a careful look (a stateless resource replaced or removed, a stateful one whose
 *   properties or retention policies change in place);
 * - `routine`: resources added, stateless ones updated in place, a stateful one whose only change is
 *   its `DependsOn`.
 */
export type ImpactLevel = 'blocked' | 'caution' | 'routine';

/** One changed property (or resource attribute such as `DeletionPolicy`) of a resource. */
export interface PropertyChangeSummary {
  /** Property name, e.g. `StorageEncrypted`; attributes are shown as `(DeletionPolicy)`. */
  readonly name: string;
  /** `undefined` when the property is added. */
  readonly oldValue: unknown;
  /** `undefined` when the property is removed. */
  readonly newValue: unknown;
  /** Whether changing this property replaces the resource, as CloudFormation documents it. */
  readonly replaces: 'always' | 'maybe' | 'no';
}

/** One resource that differs between the base and the head template, with its classification. */
export interface ClassifiedResourceChange {
  readonly logicalId: string;
  /** CloudFormation type (the new one, or the old one when the resource is removed). */
  readonly resourceType: string;
  /** Construct path without the stack name (`Database/Cluster/Resource`), or the logical id when unknown. */
  readonly path: string;
  readonly kind: ResourceChangeKind;
  readonly impact: ImpactLevel;
  /** One sentence a reviewer can act on. */
  readonly reason: string;
  /** Changed properties (updates and replacements only; empty for additions and removals). */
  readonly properties: readonly PropertyChangeSummary[];
  /** Set when the resource type holds state. */
  readonly stateful?: StatefulResourceRule;
}

/** An IAM policy statement added or removed. */
export interface IamStatementChange {
  readonly change: 'added' | 'removed';
  readonly effect: string;
  readonly actions: string;
  readonly resources: string;
  readonly principals: string;
  readonly condition: string;
}

/** A managed policy attached to or detached from a role. */
export interface ManagedPolicyChange {
  readonly change: 'added' | 'removed';
  readonly identity: string;
  readonly policy: string;
}

/** A security group rule added or removed. */
export interface SecurityGroupRuleChange {
  readonly change: 'added' | 'removed';
  readonly direction: 'ingress' | 'egress';
  readonly group: string;
  /** e.g. `TCP 5432`. */
  readonly protocol: string;
  /** e.g. `10.0.0.0/16` or the peer security group. */
  readonly peer: string;
}

/** IAM and security-group changes of one stack, summarised. */
export interface SecurityChanges {
  /** True when statements granting more were added, denials removed, or managed policies attached. */
  readonly permissionsBroadened: boolean;
  readonly statements: readonly IamStatementChange[];
  readonly managedPolicies: readonly ManagedPolicyChange[];
  readonly securityGroupRules: readonly SecurityGroupRuleChange[];
}

/** Everything that differs in one stack (one environment). */
export interface StackDiff {
  readonly stackName: string;
  /** Environment name, from the stack name `AuroraSurge-<env>`. */
  readonly environment: string;
  /** `added`/`removed` when the whole stack exists on one side only. */
  readonly stackChange: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly resources: readonly ClassifiedResourceChange[];
  readonly security: SecurityChanges;
  /** Outputs and parameters whose value changed, by name. */
  readonly outputsChanged: readonly string[];
}
