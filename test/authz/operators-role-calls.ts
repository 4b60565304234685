import * as fs from 'node:fs';
import * as path from 'node:path';
import { OVERRIDE_TAG_KEYS, SURGE_TAG_KEYS } from '../../lambda/pre-scaler/contract/surge-tags';
import { operatorTagKeyFor } from '../../lib/operators-role';
import { ACCOUNT, CLUSTER_ID, type FixtureStack, REGION } from './helpers/fixture-stack';
import { decide } from './helpers/simulate';
import type { NamedPolicy, PolicyDocument } from './helpers/stack-policies';

const ROOT = path.join(__dirname, '..', '..');

/**
 * The SDK operations `npm run surge` sends: its own files and the two aws-checks helpers it calls
 * (`resolveCaller`, `describeDeployedStack`). Read from the source, so a new call without a simulated
 * permission fails the suite.
 */
function surgeCommandOperations(): string[] {
  const files = [
    ...fs.readdirSync(path.join(ROOT, 'tools', 'surge')).map((f) => path.join('tools', 'surge', f)),
    'tools/aws-checks/caller.ts',
    'tools/aws-checks/deployed-stack.ts',
  ].filter((f) => f.endsWith('.ts'));
  const operations = new Set<string>();
  for (const file of files) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/new\s+([A-Z]\w*?)Command\s*\(/g)) if (m[1]) operations.add(m[1]);
    for (const m of text.matchAll(/\bpaginate([A-Z]\w*)\s*\(/g)) if (m[1]) operations.add(m[1]);
  }
  return [...operations].sort();
}

/** The request context of a tagging call: the keys (`aws:TagKeys`) and, for AddTagsToResource, each tag (`aws:RequestTag/<key>`). */
function tagging(keys: readonly string[], withValues: boolean): Record<string, string | string[]> {
  return {
    'aws:TagKeys': [...keys],
    ...(withValues ? Object.fromEntries(keys.map((k) => [`aws:RequestTag/${k}`, 'value'])) : {}),
  };
}

/**
 * A role's policies held in the template: its inline `Policies` and the `AWS::IAM::Policy` resources
 * attached to it (managed policies are checked by name where this is called).
 */
function inlineAndAttachedPolicies(fixture: FixtureStack, roleLogicalId: string): NamedPolicy[] {
  const { resolver } = fixture;
  const doc = (raw: unknown): PolicyDocument => {
    const d = resolver.resolve(raw) as { Version?: string; Statement?: unknown };
    return { Version: d.Version ?? '2012-10-17', Statement: [d.Statement ?? []].flat() as Record<string, unknown>[] };
  };
  const refsRole = (v: unknown) => typeof v === 'object' && v !== null && (v as { Ref?: unknown }).Ref === roleLogicalId;
  const attached = resolver
    .logicalIdsOfType('AWS::IAM::Policy')
    .filter((id) => [resolver.resource(id).Properties?.Roles ?? []].flat().some(refsRole))
    .map((id) => ({ name: id, policy: doc(resolver.resource(id).Properties?.PolicyDocument) }));
  const inline = [resolver.resource(roleLogicalId).Properties?.Policies ?? []].flat().map((p, i) => ({
    name: `${roleLogicalId}-inline-${i}`,
    policy: doc((p as { PolicyDocument: unknown }).PolicyDocument),
  }));
  return [...attached, ...inline];
}

export function operatorsRoleCallCases(stack: () => FixtureStack): void {
  describe("the operators' role (npm run surge)", () => {
    /**
     * The override is three tags on the cluster; RDS authorizes AddTagsToResource with the request's tag
     * keys (`aws:TagKeys`) and tags (`aws:RequestTag/${TagKey}`), RemoveTagsFromResource with the keys.
     * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html
     */
    let fixture: FixtureStack;
    let role: string;
    let roleLogicalId: string;
    let identityPolicies: NamedPolicy[];
    beforeAll(() => {
      fixture = stack();
      roleLogicalId = fixture.logicalId(fixture.stack.operatorsRole.role);
      role = fixture.policies.roleArn(roleLogicalId);
      identityPolicies = fixture.policies.identityPoliciesOf(roleLogicalId);
    });

    const rds = (resource: string) => `arn:aws:rds:${REGION}:${ACCOUNT}:${resource}`;
    const clusterArn = rds(`cluster:${CLUSTER_ID}`);
    const otherClusterArn = rds('cluster:aurora-surge-other');
    const stackArn = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/AuroraSurge-authz/5c0e4a10-cc1f-11ef-9a2b-0a1b2c3d4e5f`;
    const setOverride = tagging(OVERRIDE_TAG_KEYS, true);
    const clearOverride = tagging(OVERRIDE_TAG_KEYS, false);

    interface Call {
      readonly action: string;
      readonly resource: string;
      readonly context?: Record<string, string | string[]>;
    }
    const asOperator = (call: Call) =>
      decide({ principal: role, resourceAccount: ACCOUNT, identityPolicies, context: call.context ?? {}, ...call });

    /** What each SDK operation of the command asks IAM (GetCallerIdentity needs no permission at all). */
    function callsByOperation(): Record<string, Call[]> {
      return {
        GetCallerIdentity: [],
        DescribeStacks: [{ action: 'cloudformation:DescribeStacks', resource: stackArn }],
        ListStackResources: [{ action: 'cloudformation:ListStackResources', resource: stackArn }],
        DescribeDBClusters: [{ action: 'rds:DescribeDBClusters', resource: clusterArn }],
        DescribeDBInstances: [
          { action: 'rds:DescribeDBInstances', resource: rds(`db:${CLUSTER_ID}-instance-1`) },
          // After an unplanned failover the writer may be an auto-scaled replica.
          { action: 'rds:DescribeDBInstances', resource: rds('db:application-autoscaling-0f2c5e1a-6b7d-4e2f-9a1b-3c4d5e6f7a8b') },
        ],
        AddTagsToResource: [{ action: 'rds:AddTagsToResource', resource: clusterArn, context: setOverride }],
        RemoveTagsFromResource: [{ action: 'rds:RemoveTagsFromResource', resource: clusterArn, context: clearOverride }],
      };
    }

    test('the calls simulated here are the calls the command makes', () => {
      expect(Object.keys(callsByOperation()).sort()).toEqual(surgeCommandOperations());
    });

    test('every call of the command is allowed: it may set and clear the override on this cluster', async () => {
      const denied: string[] = [];
      for (const [operation, calls] of Object.entries(callsByOperation())) {
        for (const call of calls) {
          const decision = await asOperator(call);
          if (decision !== 'Allowed') denied.push(`${operation}: ${call.action} on ${call.resource}: ${decision}`);
        }
      }
      expect(denied).toEqual([]);
    });

    describe('it may not', () => {
      test.each<[string, Call]>([
        ['set the override on another cluster', { action: 'rds:AddTagsToResource', resource: otherClusterArn, context: setOverride }],
        [
          'clear the override on another cluster',
          { action: 'rds:RemoveTagsFromResource', resource: otherClusterArn, context: clearOverride },
        ],
        [
          'tag an instance with the override keys',
          { action: 'rds:AddTagsToResource', resource: rds(`db:${CLUSTER_ID}-instance-1`), context: setOverride },
        ],
        ['set the surge tag', { action: 'rds:AddTagsToResource', resource: clusterArn, context: tagging([SURGE_TAG_KEYS.surge], true) }],
        [
          'set the surge tag along with the override',
          { action: 'rds:AddTagsToResource', resource: clusterArn, context: tagging([...OVERRIDE_TAG_KEYS, SURGE_TAG_KEYS.surge], true) },
        ],
        [
          'remove the surge tag',
          { action: 'rds:RemoveTagsFromResource', resource: clusterArn, context: tagging([SURGE_TAG_KEYS.surge], false) },
        ],
        ['set any other key', { action: 'rds:AddTagsToResource', resource: clusterArn, context: tagging(['Environment'], true) }],
        ['remove any other key', { action: 'rds:RemoveTagsFromResource', resource: clusterArn, context: tagging(['Owner'], false) }],
        [
          'write who or why without the override itself',
          { action: 'rds:AddTagsToResource', resource: clusterArn, context: tagging([SURGE_TAG_KEYS.overrideReason], true) },
        ],
        ['tag with no tag keys in the request', { action: 'rds:AddTagsToResource', resource: clusterArn, context: {} }],
        ['change the cluster', { action: 'rds:ModifyDBCluster', resource: clusterArn }],
        ['fail over', { action: 'rds:FailoverDBCluster', resource: clusterArn }],
        ['resize an instance', { action: 'rds:ModifyDBInstance', resource: rds(`db:${CLUSTER_ID}-instance-1`) }],
        ['read another cluster', { action: 'rds:DescribeDBClusters', resource: otherClusterArn }],
        [
          'read another stack',
          {
            action: 'cloudformation:DescribeStacks',
            resource: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/Other/5c0e4a10-cc1f-11ef-9a2b-0a1b2c3d4e5f`,
          },
        ],
      ])('%s', async (_, call) => {
        expect(await asOperator(call)).not.toBe('Allowed');
      });
    });

    describe('who may assume it: principals of the account tagged as operators of the environment', () => {
      const trust = (): PolicyDocument => {
        const doc = fixture.resolver.resolve(
          fixture.resolver.resource(roleLogicalId).Properties?.AssumeRolePolicyDocument,
        ) as PolicyDocument;
        return { Version: doc.Version, Statement: [doc.Statement].flat() };
      };
      /** The caller's own policy allows sts:AssumeRole (an account-root trust delegates the decision to the account's identity policies). */
      const callerPolicy = (account: string): NamedPolicy[] =>
        [
          {
            name: 'CallerMayAssume',
            policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role }] },
          },
        ].map((p) => ({ ...p, name: `${p.name}-${account}` }));
      const assume = (principal: string, account: string, context: Record<string, string>) =>
        decide({
          principal,
          action: 'sts:AssumeRole',
          resource: role,
          resourceAccount: ACCOUNT,
          identityPolicies: callerPolicy(account),
          resourcePolicy: trust(),
          context,
        });
      const tag = `aws:PrincipalTag/${operatorTagKeyFor('authz')}`;

      test('an on-call role of the account tagged for this environment', async () => {
        expect(await assume(`arn:aws:iam::${ACCOUNT}:role/oncall`, ACCOUNT, { [tag]: 'true' })).toBe('Allowed');
      });

      test.each<[string, string, string, Record<string, string>]>([
        ['an untagged principal of the account', `arn:aws:iam::${ACCOUNT}:role/developer`, ACCOUNT, {}],
        [
          'a principal tagged for another environment',
          `arn:aws:iam::${ACCOUNT}:role/oncall`,
          ACCOUNT,
          { [`aws:PrincipalTag/${operatorTagKeyFor('prod')}`]: 'true' },
        ],
        ['a tagged principal of another account', 'arn:aws:iam::999999999999:role/oncall', '999999999999', { [tag]: 'true' }],
      ])('not %s', async (_, principal, account, context) => {
        expect(await assume(principal, account, context)).not.toBe('Allowed');
      });
    });

    describe('the other roles of the stack may not change the override', () => {
      /** Every role of the stack but the two that may write the override tags. */
      function otherRoles(): string[] {
        const fn = fixture.resolver.resource(fixture.logicalId(fixture.stack.preScaler.function)).Properties ?? {};
        const preScalerRole = (fn.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
        // The pre-scaler is the other writer of these tags (it removes an expired override): its grants are tested with it.
        return fixture.resolver.logicalIdsOfType('AWS::IAM::Role').filter((id) => id !== roleLogicalId && id !== preScalerRole);
      }

      test('neither set nor clear, on this cluster', async () => {
        const allowed: string[] = [];
        for (const id of otherRoles()) {
          const props = fixture.resolver.resource(id).Properties ?? {};
          const managed = [props.ManagedPolicyArns ?? []].flat().map((a) => fixture.resolver.resolveString(a));
          // AWS managed execution and monitoring policies grant logs, ENIs and X-Ray, never RDS tagging.
          expect(
            managed.filter(
              (arn) =>
                !/policy\/service-role\/(AWSLambdaBasicExecutionRole|AWSLambdaVPCAccessExecutionRole|AmazonRDSEnhancedMonitoringRole)$/.test(
                  arn,
                ),
            ),
          ).toEqual([]);
          const policies = inlineAndAttachedPolicies(fixture, id);
          for (const call of [
            { action: 'rds:AddTagsToResource', context: setOverride },
            { action: 'rds:RemoveTagsFromResource', context: clearOverride },
          ]) {
            const decision = await decide({
              principal: fixture.policies.roleArn(id),
              resourceAccount: ACCOUNT,
              identityPolicies: policies,
              resource: clusterArn,
              ...call,
            });
            if (decision === 'Allowed') allowed.push(`${id}: ${call.action}`);
          }
        }
        expect(otherRoles().length).toBeGreaterThan(0);
        expect(allowed).toEqual([]);
      });
    });
  });
}
