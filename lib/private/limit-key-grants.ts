import type { IAspect } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { IConstruct } from 'constructs';

/** Sid of the statement added to every key policy. */
export const LIMIT_GRANTS_SID = 'DenyGrantsExceptForAwsServices';

/**
 * Adds to every customer-managed key of the stack the statement AWS Control Tower CT.KMS.PR.3 asks for:
 * deny `kms:CreateGrant` unless an AWS service integrated with KMS asks on a principal's behalf
 * (`kms:GrantIsForAWSResource`) or the caller is an AWS service principal (`aws:PrincipalIsAWSService`).
 * RDS (storage, Performance Insights) creates its grants that way; nothing in this stack creates a grant
 * directly.
 *
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/grant-authorization.html
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-grant-is-for-aws-resource
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalisawsservice
 */
export class LimitKeyGrantsToAwsServices implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof kms.Key)) return;
    node.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: LIMIT_GRANTS_SID,
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      }),
    );
  }
}
