import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { Template } from 'aws-cdk-lib/assertions';

/** Tests only: @cloud-copilot/iam-simulate is AGPL-3.0 and never imported outside test/. */

type Json = unknown;

/**
 * Resolves the intrinsics a synthesized policy holds into plain strings, so the simulator sees a
 * literal policy: pseudo parameters become the stack's account, Region and partition; `Fn::Join`
 * is joined; a `Ref`/`Fn::GetAtt` to a resource of the stack becomes a distinct placeholder ARN
 * (`arn:aws:stack-resource:<region>:<account>:<logicalId>`) that matches no real resource the tests ask about.
 */
function resolve(value: Json, env: { account: string; region: string }): Json {
  if (Array.isArray(value)) return value.map((v) => resolve(v, env));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, Json>;
  if ('Ref' in obj) {
    const ref = obj.Ref as string;
    if (ref === 'AWS::Partition') return 'aws';
    if (ref === 'AWS::Region') return env.region;
    if (ref === 'AWS::AccountId') return env.account;
    if (ref === 'AWS::URLSuffix') return 'amazonaws.com';
    return `arn:aws:stack-resource:${env.region}:${env.account}:${ref}`;
  }
  if ('Fn::GetAtt' in obj) {
    const [id] = obj['Fn::GetAtt'] as [string, string];
    return `arn:aws:stack-resource:${env.region}:${env.account}:${id}`;
  }
  if ('Fn::Join' in obj) {
    const [sep, parts] = obj['Fn::Join'] as [string, Json[]];
    return parts.map((p) => resolve(p, env)).join(sep);
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, resolve(v, env)]));
}

/** Every identity policy the template attaches to the role with this logical id, resolved. */
export function identityPoliciesOf(
  template: Template,
  roleLogicalId: string,
  env: { account: string; region: string },
): Array<{ name: string; policy: any }> {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.entries(policies)
    .filter(([, p]) => (p.Properties.Roles as Json[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleLogicalId })))
    .map(([id, p]) => ({ name: id, policy: resolve(p.Properties.PolicyDocument, env) }));
}

/** The logical id of the only role whose trust policy or properties match `predicate`. */
export function roleLogicalId(template: Template, predicate: (logicalId: string, props: Record<string, any>) => boolean): string {
  const ids = Object.entries(template.findResources('AWS::IAM::Role'))
    .filter(([id, r]) => predicate(id, r.Properties))
    .map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected one matching role, found ${ids.length}: ${ids.join(', ')}`);
  return ids[0] as string;
}

/**
 * The simulator's verdict ('Allowed', 'ImplicitlyDenied', 'ExplicitlyDenied') for the role calling
 * `action` on `resource`, with the role's identity policies only (same account; no resource policy).
 */
export async function decide(
  policies: Array<{ name: string; policy: any }>,
  request: { roleArn: string; action: string; resource: string; account: string; context?: Record<string, string | string[]> },
  /** @default - none (a resource without a resource policy) */
  resourcePolicy?: any,
): Promise<string> {
  const response = await runSimulation(
    {
      request: {
        principal: request.roleArn,
        action: request.action,
        resource: { resource: request.resource, accountId: request.account },
        contextVariables: request.context ?? {},
      },
      identityPolicies: policies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy,
    } as any,
    {},
  );
  if (response.resultType === 'error') throw new Error(`simulation error: ${JSON.stringify(response.errors)}`);
  return response.overallResult;
}
