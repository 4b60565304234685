import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { ACCOUNT, CLUSTER_ID, type FixtureStack, REGION } from './helpers/fixture-stack';
import { sdkOperationsIn } from './helpers/sdk-calls';
import { decide } from './helpers/simulate';
import type { NamedPolicy } from './helpers/stack-policies';

export function replicaCleanupCallCases(stack: () => FixtureStack): void {
  describe("the replica clean-up's calls", () => {
    /**
     * Every AWS call of the auto-scaled replica clean-up (lambda/autoscaled-replica-cleanup), as IAM
     * authorizes it over the role policies the template gives its two handler functions.
     * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html
     */

    interface Handler {
      readonly name: string;
      readonly role: string;
      readonly identityPolicies: NamedPolicy[];
      readonly logGroup: string;
    }

    let fixture: FixtureStack;
    let handlers: Handler[];
    beforeAll(() => {
      fixture = stack();
      const { resolver, policies } = fixture;
      handlers = ['OnEventHandler', 'IsCompleteHandler'].map((child) => {
        const fn = fixture.stack.replicaCleanup.node.findChild(child) as lambda.Function;
        const props = resolver.resource(fixture.logicalId(fn)).Properties ?? {};
        const roleLogicalId = (props.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
        return {
          name: child,
          role: policies.roleArn(roleLogicalId),
          identityPolicies: policies.identityPoliciesOf(roleLogicalId),
          logGroup: resolver.resolveString((props.LoggingConfig as { LogGroup: unknown }).LogGroup),
        };
      });
    });

    const rds = (resource: string) => `arn:aws:rds:${REGION}:${ACCOUNT}:${resource}`;
    const autoscaledReplica = 'application-autoscaling-0f2c5e1a-6b7d-4e2f-9a1b-3c4d5e6f7a8b';

    interface Call {
      readonly action: string;
      readonly resource: string;
    }

    const callsByOperation = (): Record<string, Call[]> => ({
      DescribeScalableTargets: [{ action: 'application-autoscaling:DescribeScalableTargets', resource: '*' }],
      // Listed by the db-cluster-id filter: authorized against each instance returned.
      DescribeDBInstances: [`${CLUSTER_ID}-instance-1`, autoscaledReplica].map((id) => ({
        action: 'rds:DescribeDBInstances',
        resource: rds(`db:${id}`),
      })),
      DeleteDBInstance: [{ action: 'rds:DeleteDBInstance', resource: rds(`db:${autoscaledReplica}`) }],
    });

    const as = (handler: Handler, call: Call) =>
      decide({ principal: handler.role, resourceAccount: ACCOUNT, identityPolicies: handler.identityPolicies, ...call });

    test('the calls simulated here are the calls the clean-up code makes', () => {
      expect(Object.keys(callsByOperation()).sort()).toEqual(sdkOperationsIn('autoscaled-replica-cleanup'));
    });

    test('both handlers may make every call, and write their logs', async () => {
      const denied: string[] = [];
      for (const handler of handlers) {
        const logStream = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${handler.logGroup}:log-stream:2030/03/01/[$LATEST]abc`;
        const calls = [
          ...Object.values(callsByOperation()).flat(),
          { action: 'logs:CreateLogStream', resource: logStream },
          { action: 'logs:PutLogEvents', resource: logStream },
        ];
        for (const call of calls) {
          const decision = await as(handler, call);
          if (decision !== 'Allowed') denied.push(`${handler.name}: ${call.action} on ${call.resource}: ${decision}`);
        }
      }
      expect(handlers).toHaveLength(2);
      expect(denied).toEqual([]);
    });

    describe('it can delete nothing but auto-scaled replicas', () => {
      test.each<[string, Call]>([
        ['the writer', { action: 'rds:DeleteDBInstance', resource: rds(`db:${CLUSTER_ID}-instance-1`) }],
        ['the standby', { action: 'rds:DeleteDBInstance', resource: rds(`db:${CLUSTER_ID}-standby`) }],
        ['the cluster', { action: 'rds:DeleteDBCluster', resource: rds(`cluster:${CLUSTER_ID}`) }],
        ['a resize', { action: 'rds:ModifyDBInstance', resource: rds(`db:${autoscaledReplica}`) }],
      ])('%s is denied', async (_, call) => {
        for (const handler of handlers) expect(await as(handler, call)).not.toBe('Allowed');
      });
    });
  });
}
