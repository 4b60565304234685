import { ACCOUNT, type FixtureStack, REGION } from './helpers/fixture-stack';
import { decide } from './helpers/simulate';

export function alarmNotificationCases(stack: () => FixtureStack): void {
  describe('CloudWatch alarm → SNS topic → KMS key', () => {
    /**
     * CloudWatch alarm → SNS topic → KMS key, as AWS authorizes it. An alarm action is a publish by the
     * CloudWatch service principal on behalf of the alarm (`aws:SourceArn` = the alarm's ARN,
     * `aws:SourceAccount` = its account), over TLS. The topic is encrypted, so SNS also needs the publisher
     * to be allowed `kms:GenerateDataKey*` and `kms:Decrypt` on the topic's key.
     * @see https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger
     * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
     */

    const CLOUDWATCH = 'cloudwatch.amazonaws.com';

    let fixture: FixtureStack;
    beforeAll(() => {
      fixture = stack();
    });

    interface AlarmAction {
      readonly alarmName: string;
      readonly topicLogicalId: string;
    }

    /** Every (alarm, topic) pair the template wires, ALARM and OK actions alike. */
    function alarmActions(): AlarmAction[] {
      const { resolver } = fixture;
      const out: AlarmAction[] = [];
      for (const type of ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm']) {
        for (const id of resolver.logicalIdsOfType(type)) {
          const props = resolver.resource(id).Properties ?? {};
          for (const action of [...((props.AlarmActions as unknown[]) ?? []), ...((props.OKActions as unknown[]) ?? [])]) {
            const topic = (action as { Ref?: string }).Ref;
            if (!topic) throw new Error(`${id}: an alarm action that is not a topic of this stack: ${JSON.stringify(action)}`);
            out.push({ alarmName: resolver.physicalName(id), topicLogicalId: topic });
          }
        }
      }
      return out;
    }

    const alarmArn = (name: string, account = ACCOUNT) => `arn:aws:cloudwatch:${REGION}:${account}:alarm:${name}`;

    async function publishDecision(topicLogicalId: string, sourceArn: string, sourceAccount = ACCOUNT, secureTransport = 'true') {
      const { resolver, policies } = fixture;
      return decide({
        principal: CLOUDWATCH,
        action: 'sns:Publish',
        resource: resolver.arnOf(topicLogicalId),
        resourceAccount: ACCOUNT,
        context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount, 'aws:SecureTransport': secureTransport },
        resourcePolicy: policies.topicPolicyOf(topicLogicalId),
      });
    }

    async function keyDecision(topicLogicalId: string, action: string, sourceArn: string, sourceAccount = ACCOUNT) {
      const { resolver, policies } = fixture;
      const keyArn = resolver.resolveString(resolver.resource(topicLogicalId).Properties?.KmsMasterKeyId);
      const keyLogicalId = resolver.logicalIdsOfType('AWS::KMS::Key').find((id) => resolver.arnOf(id) === keyArn);
      if (!keyLogicalId) throw new Error(`${topicLogicalId} is encrypted with ${keyArn}, which is not a key of this stack`);
      return decide({
        principal: CLOUDWATCH,
        action,
        resource: keyArn,
        resourceAccount: ACCOUNT,
        context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount, 'kms:ViaService': `sns.${REGION}.amazonaws.com` },
        resourcePolicy: policies.keyPolicyOf(keyLogicalId),
      });
    }

    describe('every alarm notification reaches its topic', () => {
      test('the stack wires alarms to topics (both severities)', () => {
        const actions = alarmActions();
        expect(actions.length).toBeGreaterThan(20);
        expect(new Set(actions.map((a) => a.topicLogicalId)).size).toBe(2);
      });

      test('CloudWatch may publish each alarm to its topic', async () => {
        const denied: string[] = [];
        for (const { alarmName, topicLogicalId } of alarmActions()) {
          const decision = await publishDecision(topicLogicalId, alarmArn(alarmName));
          if (decision !== 'Allowed') denied.push(`${alarmName} → ${fixture.resolver.physicalName(topicLogicalId)}: ${decision}`);
        }
        expect(denied).toEqual([]);
      });

      test.each(['kms:GenerateDataKey', 'kms:Decrypt'])('the topic key lets CloudWatch %s for each alarm', async (action) => {
        const denied: string[] = [];
        for (const { alarmName, topicLogicalId } of alarmActions()) {
          const decision = await keyDecision(topicLogicalId, action, alarmArn(alarmName));
          if (decision !== 'Allowed') denied.push(`${alarmName}: ${decision}`);
        }
        expect(denied).toEqual([]);
      });
    });

    describe('the simulation sees finding 1 when it is put back', () => {
      test('with only the TLS Deny that enforceSSL writes, every alarm action is denied', async () => {
        const { resolver, policies } = fixture;
        const results = new Set<string>();
        for (const { alarmName, topicLogicalId } of alarmActions()) {
          const policy = policies.topicPolicyOf(topicLogicalId);
          const denyOnly = policy && { ...policy, Statement: policy.Statement.filter((s) => s.Effect === 'Deny') };
          results.add(
            await decide({
              principal: CLOUDWATCH,
              action: 'sns:Publish',
              resource: resolver.arnOf(topicLogicalId),
              resourceAccount: ACCOUNT,
              context: { 'aws:SourceArn': alarmArn(alarmName), 'aws:SourceAccount': ACCOUNT, 'aws:SecureTransport': 'true' },
              resourcePolicy: denyOnly,
            }),
          );
        }
        expect([...results]).toEqual(['ImplicitlyDenied']);
      });
    });

    describe('nothing else may publish through that grant', () => {
      const anyTopic = () => alarmActions()[0]?.topicLogicalId ?? '';

      test("another environment's alarm in the same account is refused", async () => {
        expect(await publishDecision(anyTopic(), alarmArn('aurora-surge-other-writer-cpu-critical'))).toBe('ImplicitlyDenied');
      });

      test('an alarm of another account is refused by the topic and by the key', async () => {
        const foreign = alarmArn('aurora-surge-authz-writer-cpu-critical', '999999999999');
        expect(await publishDecision(anyTopic(), foreign, '999999999999')).toBe('ImplicitlyDenied');
        expect(await keyDecision(anyTopic(), 'kms:GenerateDataKey', foreign, '999999999999')).toBe('ImplicitlyDenied');
      });

      test('a publish without TLS is refused explicitly, even from an alarm of this stack', async () => {
        expect(await publishDecision(anyTopic(), alarmArn('aurora-surge-authz-writer-cpu-critical'), ACCOUNT, 'false')).toBe(
          'ExplicitlyDenied',
        );
      });
    });
  });
}
