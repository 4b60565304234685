import type { TemplateResolver } from './template-resolver';

/** An IAM policy document, resolved to plain strings. */
export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: readonly Record<string, unknown>[];
}

export interface NamedPolicy {
  readonly name: string;
  readonly policy: PolicyDocument;
}

const isRefTo = (logicalId: string) => (v: unknown) => typeof v === 'object' && v !== null && (v as { Ref?: unknown }).Ref === logicalId;
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * The policies of the synthesized template, resolved for one deployment target: identity policies of a
 * role, and the resource policies that apply to a topic, a key, a secret or a function.
 */
export class StackPolicies {
  constructor(readonly resolver: TemplateResolver) {}

  /**
   * Every identity policy of a role: `AWS::IAM::Policy` resources attached to it and its inline
   * `Policies`. AWS-managed policies (`ManagedPolicyArns`) are not in the template; a role that has any
   * is refused, so a test cannot pass on permissions it did not see.
   */
  identityPoliciesOf(roleLogicalId: string): NamedPolicy[] {
    const role = this.resolver.resource(roleLogicalId);
    if (role.Type !== 'AWS::IAM::Role') throw new Error(`${roleLogicalId} is a ${role.Type}, not a role`);
    if (list(role.Properties?.ManagedPolicyArns).length > 0) {
      throw new Error(`${roleLogicalId} has managed policies, whose statements are not in the template`);
    }
    const attached = this.resolver
      .logicalIdsOfType('AWS::IAM::Policy')
      .filter((id) => list(this.resolver.resource(id).Properties?.Roles).some(isRefTo(roleLogicalId)))
      .map((id) => ({ name: id, policy: this.document(this.resolver.resource(id).Properties?.PolicyDocument) }));
    const inline = list(role.Properties?.Policies).map((p) => {
      const { PolicyName, PolicyDocument } = p as { PolicyName: unknown; PolicyDocument: unknown };
      return { name: this.resolver.resolveString(PolicyName), policy: this.document(PolicyDocument) };
    });
    return [...attached, ...inline];
  }

  /** The principal ARN of a role (`arn:aws:iam::<account>:role/<name>`). */
  roleArn(roleLogicalId: string): string {
    return this.resolver.arnOf(roleLogicalId);
  }

  /** The topic's policy: every `AWS::SNS::TopicPolicy` that lists it, merged (undefined when none does). */
  topicPolicyOf(topicLogicalId: string): PolicyDocument | undefined {
    const docs = this.resolver
      .logicalIdsOfType('AWS::SNS::TopicPolicy')
      .filter((id) => list(this.resolver.resource(id).Properties?.Topics).some(isRefTo(topicLogicalId)))
      .map((id) => this.document(this.resolver.resource(id).Properties?.PolicyDocument));
    return docs.length === 0 ? undefined : { Version: '2012-10-17', Statement: docs.flatMap((d) => d.Statement) };
  }

  /** The key policy of a KMS key. */
  keyPolicyOf(keyLogicalId: string): PolicyDocument {
    const key = this.resolver.resource(keyLogicalId);
    if (key.Type !== 'AWS::KMS::Key') throw new Error(`${keyLogicalId} is a ${key.Type}, not a KMS key`);
    return this.document(key.Properties?.KeyPolicy);
  }

  /** The resource policy of a secret (`AWS::SecretsManager::ResourcePolicy` whose SecretId resolves to its ARN). */
  secretPolicyOf(secretArn: string): PolicyDocument | undefined {
    const docs = this.resolver
      .logicalIdsOfType('AWS::SecretsManager::ResourcePolicy')
      .filter((id) => this.resolver.resolve(this.resolver.resource(id).Properties?.SecretId) === secretArn)
      .map((id) => this.document(this.resolver.resource(id).Properties?.ResourcePolicy));
    return docs.length === 0 ? undefined : { Version: '2012-10-17', Statement: docs.flatMap((d) => d.Statement) };
  }

  /**
   * A function's resource-based policy, as Lambda builds it from the `AWS::Lambda::Permission`
   * resources: a service principal with `SourceArn` becomes an `ArnLike aws:SourceArn` condition,
   * `SourceAccount` a `StringEquals aws:SourceAccount` condition.
   * @see https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
   */
  functionPolicyOf(functionLogicalId: string): PolicyDocument | undefined {
    const functionArn = this.resolver.arnOf(functionLogicalId);
    const statements = this.resolver
      .logicalIdsOfType('AWS::Lambda::Permission')
      .map((id) => this.resolver.resolve(this.resolver.resource(id).Properties) as Record<string, string | undefined>)
      .filter((p) => p.FunctionName === functionArn || p.FunctionName === this.resolver.physicalName(functionLogicalId))
      .map((p) => {
        const principal = p.Principal ?? '';
        const condition: Record<string, Record<string, string>> = {};
        if (p.SourceArn) condition.ArnLike = { 'AWS:SourceArn': p.SourceArn };
        if (p.SourceAccount) condition.StringEquals = { 'AWS:SourceAccount': p.SourceAccount };
        return {
          Effect: 'Allow',
          Principal: principal.endsWith('.amazonaws.com') ? { Service: principal } : { AWS: principal },
          Action: p.Action,
          Resource: functionArn,
          ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
        };
      });
    return statements.length === 0 ? undefined : { Version: '2012-10-17', Statement: statements };
  }

  private document(raw: unknown): PolicyDocument {
    const doc = this.resolver.resolve(raw) as { Version?: string; Statement?: unknown };
    return { Version: doc.Version ?? '2012-10-17', Statement: list(doc.Statement) as Record<string, unknown>[] };
  }
}
