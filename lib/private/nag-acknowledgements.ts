import { Stack, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag's AwsSolutions-IAM5 finding on one wildcard resource of `scope`'s policy, with
 * the reason next to the construct. cdk-nag names the resource by its ARN, an unresolved partition
 * written `<AWS::Partition>`; spelling the id as a plain string keeps it free of tokens (a token cannot
 * key the acknowledgement map).
 *
 * @returns `acknowledge(service, resource, reason)`, for `arn:<partition>:<service>:<region>:<account>:<resource>`
 */
export function wildcardResourceAcknowledger(scope: IConstruct): (service: string, resource: string, reason: string) => void {
  const stack = Stack.of(scope);
  const partition = Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
  return (service, resource, reason) =>
    Validations.of(scope).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${partition}:${service}:${stack.region}:${stack.account}:${resource}]`,
      reason,
    });
}
