import type { TemplateDiff } from '@aws-cdk/cloudformation-diff';
import type { IamStatementChange, ManagedPolicyChange, SecurityChanges, SecurityGroupRuleChange } from './types';

/** Multi-value cells come back one value a line; a Markdown table cell needs them on one line. */
function oneLine(text: string): string {
  return text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
    .join(', ');
}

/**
 * IAM statements, managed-policy attachments and security-group rules added or removed, from the
 * analysis `@aws-cdk/cloudformation-diff` already does (the same one `cdk diff` prints as tables).
 */
export function summariseSecurityChanges(diff: TemplateDiff): SecurityChanges {
  const iam = diff.iamChanges;
  const statements: IamStatementChange[] = [
    ...iam.statements.additions.map((s) => ({ change: 'added' as const, s })),
    ...iam.statements.removals.map((s) => ({ change: 'removed' as const, s })),
  ].map(({ change, s }) => {
    const r = s.render();
    return {
      change,
      effect: r.effect,
      actions: oneLine(r.action),
      resources: oneLine(r.resource),
      principals: oneLine(r.principal),
      condition: oneLine(r.condition),
    };
  });
  const managedPolicies: ManagedPolicyChange[] = [
    ...iam.managedPolicies.additions.map((p) => ({ change: 'added' as const, identity: p.identityArn, policy: p.managedPolicyArn })),
    ...iam.managedPolicies.removals.map((p) => ({ change: 'removed' as const, identity: p.identityArn, policy: p.managedPolicyArn })),
  ];
  const sg = diff.securityGroupChanges;
  const securityGroupRules: SecurityGroupRuleChange[] = [
    ...sg.ingress.additions.map((r) => ({ change: 'added' as const, direction: 'ingress' as const, r })),
    ...sg.ingress.removals.map((r) => ({ change: 'removed' as const, direction: 'ingress' as const, r })),
    ...sg.egress.additions.map((r) => ({ change: 'added' as const, direction: 'egress' as const, r })),
    ...sg.egress.removals.map((r) => ({ change: 'removed' as const, direction: 'egress' as const, r })),
  ].map(({ change, direction, r }) => ({ change, direction, group: r.groupId, protocol: r.describeProtocol(), peer: r.describePeer() }));
  return { permissionsBroadened: diff.permissionsBroadened, statements, managedPolicies, securityGroupRules };
}
