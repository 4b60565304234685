import { ACCOUNT, type FixtureStack, REGION } from './helpers/fixture-stack';
import { decide } from './helpers/simulate';

export function servicePathCases(stack: () => FixtureStack): void {
  describe('service-to-service paths', () => {
    /** Service-to-service paths of the stack, each evaluated over the identity and resource policies that apply. */

    let fixture: FixtureStack;
    beforeAll(() => {
      fixture = stack();
    });

    const getAttTarget = (value: unknown) => (value as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];

    /**
     * RDS Proxy reads the database credentials from Secrets Manager with its IAM role, and Secrets Manager
     * decrypts them with the secret's KMS key on the role's behalf (`kms:ViaService`). So the role needs
     * `secretsmanager:GetSecretValue` on the secret (and the secret's policy must not deny it) and
     * `kms:Decrypt` on the key, allowed by the key policy.
     * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-proxy-iam-setup.html
     * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
     */
    describe('the RDS Proxy role → the secret → its KMS key', () => {
      function proxyPaths() {
        const { resolver, policies } = fixture;
        const [proxyId] = resolver.logicalIdsOfType('AWS::RDS::DBProxy');
        if (!proxyId) throw new Error('no proxy in the template');
        const props = resolver.resource(proxyId).Properties ?? {};
        const roleLogicalId = getAttTarget(props.RoleArn);
        const secretArns = (props.Auth as { SecretArn: unknown }[]).map((a) => resolver.resolveString(a.SecretArn));
        const secrets = resolver.logicalIdsOfType('AWS::SecretsManager::Secret');
        return secretArns.map((secretArn) => {
          const secretId = secrets.find((id) => resolver.arnOf(id) === secretArn);
          if (!secretId) throw new Error(`the proxy reads ${secretArn}, which is not a secret of this stack`);
          const keyArn = resolver.resolveString(resolver.resource(secretId).Properties?.KmsKeyId);
          const keyId = resolver.logicalIdsOfType('AWS::KMS::Key').find((id) => resolver.arnOf(id) === keyArn);
          if (!keyId) throw new Error(`${secretArn} is encrypted with ${keyArn}, which is not a key of this stack`);
          return {
            role: policies.roleArn(roleLogicalId),
            identityPolicies: policies.identityPoliciesOf(roleLogicalId),
            secretArn,
            secretPolicy: policies.secretPolicyOf(secretArn),
            keyArn,
            keyPolicy: policies.keyPolicyOf(keyId),
          };
        });
      }

      test('the proxy logs in with at least one secret', () => {
        expect(proxyPaths().length).toBeGreaterThan(0);
      });

      test.each(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'])('%s on each of its secrets', async (action) => {
        for (const p of proxyPaths()) {
          const decision = await decide({
            principal: p.role,
            action,
            resource: p.secretArn,
            resourceAccount: ACCOUNT,
            identityPolicies: p.identityPolicies,
            resourcePolicy: p.secretPolicy,
          });
          expect(`${p.secretArn}: ${decision}`).toBe(`${p.secretArn}: Allowed`);
        }
      });

      test('kms:Decrypt of each secret, through Secrets Manager', async () => {
        for (const p of proxyPaths()) {
          const request = {
            principal: p.role,
            action: 'kms:Decrypt',
            resource: p.keyArn,
            resourceAccount: ACCOUNT,
            identityPolicies: p.identityPolicies,
            resourcePolicy: p.keyPolicy,
          };
          expect(await decide({ ...request, context: { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com` } })).toBe('Allowed');
        }
      });

      test('the proxy role cannot change or delete the secret', async () => {
        for (const p of proxyPaths()) {
          for (const action of ['secretsmanager:PutSecretValue', 'secretsmanager:DeleteSecret']) {
            const decision = await decide({
              principal: p.role,
              action,
              resource: p.secretArn,
              resourceAccount: ACCOUNT,
              identityPolicies: p.identityPolicies,
              resourcePolicy: p.secretPolicy,
            });
            expect(decision).not.toBe('Allowed');
          }
        }
      });
    });

    /**
     * An EventBridge rule invokes a Lambda function through the function's resource-based policy, which
     * allows `events.amazonaws.com` for that rule (`aws:SourceArn`).
     * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-lambda-permissions
     */
    describe('the schedule → the pre-scaler function', () => {
      function scheduleTarget() {
        const { resolver, policies } = fixture;
        const functionId = fixture.logicalId(fixture.stack.preScaler.function);
        const functionArn = resolver.arnOf(functionId);
        const rules = resolver
          .logicalIdsOfType('AWS::Events::Rule')
          .filter((id) =>
            ((resolver.resource(id).Properties?.Targets as { Arn: unknown }[]) ?? []).some((t) => resolver.resolve(t.Arn) === functionArn),
          );
        return { functionArn, rules: rules.map((id) => resolver.arnOf(id)), policy: policies.functionPolicyOf(functionId) };
      }

      const invoke = (
        functionArn: string,
        sourceArn: string,
        policy: ReturnType<typeof scheduleTarget>['policy'],
        sourceAccount = ACCOUNT,
      ) =>
        decide({
          principal: 'events.amazonaws.com',
          action: 'lambda:InvokeFunction',
          resource: functionArn,
          resourceAccount: ACCOUNT,
          context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount },
          resourcePolicy: policy,
        });

      test('the rule that targets the function may invoke it', async () => {
        const { functionArn, rules, policy } = scheduleTarget();
        expect(rules).toHaveLength(1);
        for (const rule of rules) expect(await invoke(functionArn, rule, policy)).toBe('Allowed');
      });

      test('another rule may not', async () => {
        const { functionArn, policy } = scheduleTarget();
        expect(await invoke(functionArn, `arn:aws:events:${REGION}:${ACCOUNT}:rule/someone-elses-rule`, policy)).toBe('ImplicitlyDenied');
      });
    });
  });
}
