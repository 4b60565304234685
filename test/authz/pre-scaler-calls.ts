import { ACCOUNT, CLUSTER_ID, type FixtureStack, REGION } from './helpers/fixture-stack';
import { sdkOperationsIn } from './helpers/sdk-calls';
import { decide } from './helpers/simulate';
import type { NamedPolicy } from './helpers/stack-policies';
import { OVERRIDE_TAG_KEYS, SURGE_TAG_KEYS } from '../../lambda/pre-scaler/contract/surge-tags';

export function preScalerCallCases(stack: () => FixtureStack): void {
  describe("the pre-scaler's calls", () => {
    /**
     * Every AWS call the pre-scaler makes (lambda/pre-scaler/adapters), as IAM authorizes it: the action,
     * each resource the Service Authorization Reference lists for it, and the request context, evaluated
     * over the role policies the template gives the function.
     * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html
     * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_applicationautoscaling.html
     */

    let fixture: FixtureStack;
    let role: string;
    let identityPolicies: NamedPolicy[];
    beforeAll(() => {
      fixture = stack();
      const props = fixture.resolver.resource(fixture.logicalId(fixture.stack.preScaler.function)).Properties ?? {};
      const roleLogicalId = (props.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      role = fixture.policies.roleArn(roleLogicalId);
      identityPolicies = fixture.policies.identityPoliciesOf(roleLogicalId);
    });

    const rds = (resource: string) => `arn:aws:rds:${REGION}:${ACCOUNT}:${resource}`;
    const clusterArn = rds(`cluster:${CLUSTER_ID}`);
    /** An instance Aurora Auto Scaling created (it names them `application-autoscaling-<uuid>`). */
    const autoscaledReplica = 'application-autoscaling-0f2c5e1a-6b7d-4e2f-9a1b-3c4d5e6f7a8b';
    const scalableTargetArn = `arn:aws:application-autoscaling:${REGION}:${ACCOUNT}:scalable-target/0ec9f2a1b3c4d5e6f7a8b9c0d1e2f3a4b5c6`;

    /** The fixed instances as the template deploys them (writer and fixed readers). */
    function fixedInstances(): string[] {
      const { resolver } = fixture;
      return resolver.logicalIdsOfType('AWS::RDS::DBInstance').map((id) => resolver.physicalName(id));
    }

    /** The tags the template puts on the reader scalable target, as `aws:ResourceTag/<key>` context. */
    function readerTargetTags(): Record<string, string> {
      const { resolver } = fixture;
      const [target] = resolver.logicalIdsOfType('AWS::ApplicationAutoScaling::ScalableTarget');
      if (!target) throw new Error('no scalable target in the template');
      const tags = (resolver.resolve(resolver.resource(target).Properties?.Tags) ?? []) as { Key: string; Value: string }[];
      return Object.fromEntries(tags.map((t) => [`aws:ResourceTag/${t.Key}`, t.Value]));
    }

    /** The log group the function writes to (its LoggingConfig), as a log-stream ARN. */
    function ownLogStream(): string {
      const { resolver } = fixture;
      const props = resolver.resource(fixture.logicalId(fixture.stack.preScaler.function)).Properties ?? {};
      const group = resolver.resolveString((props.LoggingConfig as { LogGroup: unknown }).LogGroup);
      return `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group}:log-stream:2030/03/01/[$LATEST]0123456789abcdef`;
    }

    interface Call {
      readonly action: string;
      readonly resource: string;
      readonly context?: Record<string, string | string[]>;
    }

    const asFunction = (call: Call) =>
      decide({ principal: role, resourceAccount: ACCOUNT, identityPolicies, context: call.context ?? {}, ...call });

    /**
     * What each SDK operation of the adapter asks IAM, one entry per operation. Instances: every fixed
     * instance (each can be the standby once a failover has swapped the roles).
     */
    function callsByOperation(): Record<string, Call[]> {
      const instances = fixedInstances();
      return {
        DescribeDBClusters: [{ action: 'rds:DescribeDBClusters', resource: clusterArn }],
        // A filtered describe names no instance: it is authorized against each instance it returns,
        // auto-scaled replicas included.
        DescribeDBInstances: [...instances, autoscaledReplica].map((id) => ({
          action: 'rds:DescribeDBInstances',
          resource: rds(`db:${id}`),
        })),
        DescribeScalableTargets: [{ action: 'application-autoscaling:DescribeScalableTargets', resource: '*' }],
        GetMetricData: [{ action: 'cloudwatch:GetMetricData', resource: '*' }],
        ModifyDBInstance: instances.map((id) => ({ action: 'rds:ModifyDBInstance', resource: rds(`db:${id}`) })),
        // FailoverDBCluster takes the `cluster` resource and, with TargetDBInstanceIdentifier, the `db` one.
        FailoverDBCluster: [
          { action: 'rds:FailoverDBCluster', resource: clusterArn },
          ...instances.map((id) => ({ action: 'rds:FailoverDBCluster', resource: rds(`db:${id}`) })),
        ],
        ModifyDBCluster: [{ action: 'rds:ModifyDBCluster', resource: clusterArn }],
        // Issue 15: the surge record is one tag on the cluster; an expired override's tags are removed.
        AddTagsToResource: [{ action: 'rds:AddTagsToResource', resource: clusterArn, context: { 'aws:TagKeys': [SURGE_TAG_KEYS.surge] } }],
        RemoveTagsFromResource: [
          {
            action: 'rds:RemoveTagsFromResource',
            resource: clusterArn,
            context: { 'aws:TagKeys': [SURGE_TAG_KEYS.surge, ...OVERRIDE_TAG_KEYS] },
          },
        ],
        RegisterScalableTarget: [
          {
            action: 'application-autoscaling:RegisterScalableTarget',
            resource: scalableTargetArn,
            context: {
              ...readerTargetTags(),
              'application-autoscaling:service-namespace': 'rds',
              'application-autoscaling:scalable-dimension': 'rds:cluster:ReadReplicaCount',
            },
          },
        ],
      };
    }

    test('the calls simulated here are the calls the pre-scaler code makes', () => {
      expect(Object.keys(callsByOperation()).sort()).toEqual(sdkOperationsIn('pre-scaler'));
    });

    describe('every call the pre-scaler makes is allowed', () => {
      test('each SDK operation, on each resource it names', async () => {
        const denied: string[] = [];
        for (const [operation, calls] of Object.entries(callsByOperation())) {
          for (const call of calls) {
            const decision = await asFunction(call);
            if (decision !== 'Allowed') denied.push(`${operation}: ${call.action} on ${call.resource}: ${decision}`);
          }
        }
        expect(denied).toEqual([]);
      });

      test('the failover to the standby: the cluster and the target instance', async () => {
        const standby = fixedInstances().find((id) => id.endsWith('-standby'));
        expect(standby).toBeDefined();
        expect(await asFunction({ action: 'rds:FailoverDBCluster', resource: clusterArn })).toBe('Allowed');
        expect(await asFunction({ action: 'rds:FailoverDBCluster', resource: rds(`db:${standby}`) })).toBe('Allowed');
      });

      test.each(['logs:CreateLogStream', 'logs:PutLogEvents'])('%s to its own log group', async (action) => {
        expect(await asFunction({ action, resource: ownLogStream() })).toBe('Allowed');
      });
    });

    /**
     * The surge tags (issue 15): AddTagsToResource / RemoveTagsFromResource take the `cluster` resource
     * and the `aws:TagKeys` condition key (the keys the request names).
     * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html
     */
    describe('the surge tags: this cluster, the surge and override keys only', () => {
      const keys = (...k: string[]) => ({ 'aws:TagKeys': k });
      test.each<[string, Call]>([
        ['recording the surge', { action: 'rds:AddTagsToResource', resource: clusterArn, context: keys(SURGE_TAG_KEYS.surge) }],
        ['clearing the surge', { action: 'rds:RemoveTagsFromResource', resource: clusterArn, context: keys(SURGE_TAG_KEYS.surge) }],
        [
          'removing an expired override',
          { action: 'rds:RemoveTagsFromResource', resource: clusterArn, context: keys(...OVERRIDE_TAG_KEYS) },
        ],
      ])('%s on this cluster is allowed', async (_, call) => {
        expect(await asFunction(call)).toBe('Allowed');
      });

      test.each<[string, Call]>([
        [
          'recording a surge on another cluster',
          { action: 'rds:AddTagsToResource', resource: rds('cluster:aurora-surge-other'), context: keys(SURGE_TAG_KEYS.surge) },
        ],
        [
          'clearing a surge on another cluster',
          { action: 'rds:RemoveTagsFromResource', resource: rds('cluster:aurora-surge-other'), context: keys(SURGE_TAG_KEYS.surge) },
        ],
        ['setting a tag that is not a surge key', { action: 'rds:AddTagsToResource', resource: clusterArn, context: keys('environment') }],
        [
          'a surge key together with another key',
          { action: 'rds:AddTagsToResource', resource: clusterArn, context: keys(SURGE_TAG_KEYS.surge, 'costCentre') },
        ],
        ['removing a tag that is not a surge key', { action: 'rds:RemoveTagsFromResource', resource: clusterArn, context: keys('owner') }],
        [
          'tagging a fixed instance with the surge key',
          { action: 'rds:AddTagsToResource', resource: rds(`db:${CLUSTER_ID}-instance-1`), context: keys(SURGE_TAG_KEYS.surge) },
        ],
      ])('%s is denied', async (_, call) => {
        expect(await asFunction(call)).not.toBe('Allowed');
      });
    });

    describe('the simulation sees finding 2 when it is put back', () => {
      /** The role's policies with FailoverDBCluster granted on the cluster alone, as before the fix. */
      const clusterOnly = (): NamedPolicy[] =>
        identityPolicies.map(({ name, policy }) => ({
          name,
          policy: {
            ...policy,
            Statement: policy.Statement.map((s) =>
              [s.Action].flat().includes('rds:FailoverDBCluster') ? { ...s, Resource: clusterArn } : s,
            ),
          },
        }));

      test('a failover granted on the cluster only is denied on its target instance', async () => {
        const standby = rds(`db:${CLUSTER_ID}-standby`);
        const asBefore = (resource: string) =>
          decide({ principal: role, resourceAccount: ACCOUNT, identityPolicies: clusterOnly(), action: 'rds:FailoverDBCluster', resource });
        expect(await asBefore(clusterArn)).toBe('Allowed');
        expect(await asBefore(standby)).toBe('ImplicitlyDenied');
      });
    });

    describe('calls outside the design are denied', () => {
      const otherCluster = 'aurora-surge-other';
      test.each<[string, Call]>([
        ['reading another cluster', { action: 'rds:DescribeDBClusters', resource: rds(`cluster:${otherCluster}`) }],
        ['resizing an auto-scaled replica', { action: 'rds:ModifyDBInstance', resource: rds(`db:${autoscaledReplica}`) }],
        ["resizing another cluster's instance", { action: 'rds:ModifyDBInstance', resource: rds(`db:${otherCluster}-instance-1`) }],
        ['failing over another cluster', { action: 'rds:FailoverDBCluster', resource: rds(`cluster:${otherCluster}`) }],
        ['failing over to an auto-scaled replica', { action: 'rds:FailoverDBCluster', resource: rds(`db:${autoscaledReplica}`) }],
        ['changing another cluster', { action: 'rds:ModifyDBCluster', resource: rds(`cluster:${otherCluster}`) }],
        ['deleting the cluster', { action: 'rds:DeleteDBCluster', resource: clusterArn }],
        ['deleting a fixed instance itself', { action: 'rds:DeleteDBInstance', resource: rds(`db:${CLUSTER_ID}-instance-1`) }],
        ['creating an instance itself', { action: 'rds:CreateDBInstance', resource: rds('db:extra') }],
        ['rebooting an instance', { action: 'rds:RebootDBInstance', resource: rds(`db:${CLUSTER_ID}-instance-1`) }],
        ['creating an alarm itself', { action: 'cloudwatch:PutMetricAlarm', resource: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:x` }],
        [
          'setting the floor of a scalable target without the tag',
          { action: 'application-autoscaling:RegisterScalableTarget', resource: scalableTargetArn, context: {} },
        ],
        [
          "setting the floor of another cluster's tagged target",
          {
            action: 'application-autoscaling:RegisterScalableTarget',
            resource: scalableTargetArn,
            context: { 'aws:ResourceTag/aurora-surge:pre-scaler': otherCluster },
          },
        ],
        [
          "writing another function's logs",
          { action: 'logs:PutLogEvents', resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/other:log-stream:s` },
        ],
      ])('%s', async (_, call) => {
        expect(await asFunction(call)).not.toBe('Allowed');
      });
    });

    /**
     * RegisterScalableTarget on an Aurora cluster: Application Auto Scaling checks, with the caller's
     * permissions, that the caller could create, delete and tag instances and manage the alarms of target
     * tracking. It makes those calls itself, with invalid parameters (an empty instance id, a dummy ARN in
     * account 12345), so they reach IAM as calls an AWS service makes for the role (`aws:ViaAWSService`).
     * @see https://docs.aws.amazon.com/autoscaling/application/userguide/security_iam_permission_validation.html
     */
    describe("Application Auto Scaling's permission checks when the pre-scaler sets the reader floor", () => {
      const viaService = { 'aws:ViaAWSService': 'true' };
      const checks: Call[] = [
        { action: 'rds:CreateDBInstance', resource: rds('db:non-existing-db'), context: viaService },
        { action: 'rds:DeleteDBInstance', resource: rds('db:non-existing-db'), context: viaService },
        { action: 'rds:AddTagsToResource', resource: 'arn:aws:rds:us-east-1:12345:db:non-existing-db', context: viaService },
        { action: 'rds:DescribeDBClusters', resource: clusterArn, context: viaService },
        { action: 'rds:DescribeDBInstances', resource: rds(`db:${CLUSTER_ID}-instance-1`), context: viaService },
        {
          action: 'cloudwatch:PutMetricAlarm',
          resource: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:TargetTracking-x`,
          context: viaService,
        },
        {
          action: 'cloudwatch:DescribeAlarms',
          resource: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:TargetTracking-x`,
          context: viaService,
        },
        {
          action: 'cloudwatch:DeleteAlarms',
          resource: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:TargetTracking-x`,
          context: viaService,
        },
      ];

      test.each(checks.map((c) => [c.action, c] as const))('%s, checked by the service, is allowed', async (_, call) => {
        expect(await asFunction(call)).toBe('Allowed');
      });

      test.each(
        checks
          .filter((c) => !c.action.startsWith('rds:Describe'))
          .map((c) => [c.action, { ...c, context: { 'aws:ViaAWSService': 'false' } }] as const),
      )('%s, called by the function itself, is denied', async (_, call) => {
        expect(await asFunction(call)).not.toBe('Allowed');
      });
    });
  });
}
