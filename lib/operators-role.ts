import { ArnFormat, CfnOutput, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { OVERRIDE_TAG_KEYS, SURGE_TAG_KEYS } from '../lambda/pre-scaler/contract/surge-tags';
import { wildcardResourceAcknowledger } from './private/nag-acknowledgements';

/** The operators' role of an environment: `aurora-surge-<env>-operators` (`npm run surge` names it in its errors). */
export function operatorsRoleNameFor(environment: string): string {
  return `aurora-surge-${environment}-operators`;
}

/**
 * The principal tag that makes someone an operator of an environment when the role trusts the account:
 * `aurora-surge:operator-<env>` = `true`, on the IAM user or role, or passed as a session tag.
 */
export function operatorTagKeyFor(environment: string): string {
  return `aurora-surge:operator-${environment}`;
}

export interface OperatorsRoleProps {
  readonly environmentName: string;
  /** `DBClusterIdentifier` of the environment's cluster: the only resource whose override the role may change. */
  readonly clusterIdentifier: string;
  /**
   * Who may assume the role.
   * @default - principals of this account (the account root, so identity policies decide) that carry
   * the principal tag `aurora-surge:operator-<env>` = `true` ({@link operatorTagKeyFor})
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
   */
  readonly assumedBy?: iam.IPrincipal;
}

/**
 * The role an on-call assumes to run `npm run surge` (docs/surge-override.md): it may set and clear the
 * emergency override on this cluster, and read what the command reads. Nothing else.
 *
 * - `rds:AddTagsToResource` on this cluster, only when every tag key of the request is an override key
 *   (`ForAllValues:StringEquals aws:TagKeys`), the request has tag keys at all (`Null aws:TagKeys
 *   false`: `ForAllValues` is true for a request without the key) and it carries the override tag
 *   itself (`Null aws:RequestTag/aurora-surge:override false`), so the surge record and every other
 *   key stay out of reach;
 * - `rds:RemoveTagsFromResource` on this cluster, for override keys only (`aws:TagKeys` again);
 * - reads: `rds:DescribeDBClusters` on this cluster, `rds:DescribeDBInstances` on `db:*` (the writer
 *   may be any member after an unplanned failover), `cloudformation:DescribeStacks` and
 *   `ListStackResources` on this stack. `sts:GetCallerIdentity` needs no permission.
 *
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html (AddTagsToResource, RemoveTagsFromResource: aws:RequestTag/${TagKey}, aws:TagKeys)
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_iam-add-tag-user-role.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
export class OperatorsRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: OperatorsRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const env = props.environmentName;
    this.role = new iam.Role(this, 'Role', {
      roleName: operatorsRoleNameFor(env),
      description: `aurora-surge ${env}: sets and clears the emergency capacity override on the cluster (npm run surge)`,
      assumedBy:
        props.assumedBy ??
        new iam.AccountRootPrincipal().withConditions({ StringEquals: { [`aws:PrincipalTag/${operatorTagKeyFor(env)}`]: 'true' } }),
    });
    const clusterArn = stack.formatArn({
      service: 'rds',
      resource: 'cluster',
      resourceName: props.clusterIdentifier,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const stackArn = stack.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: `${stack.stackName}/*` });
    const overrideKeys = [...OVERRIDE_TAG_KEYS];
    const statements = [
      new iam.PolicyStatement({
        sid: 'SetOverride',
        actions: ['rds:AddTagsToResource'],
        resources: [clusterArn],
        conditions: {
          'ForAllValues:StringEquals': { 'aws:TagKeys': overrideKeys },
          Null: { 'aws:TagKeys': 'false', [`aws:RequestTag/${SURGE_TAG_KEYS.override}`]: 'false' },
        },
      }),
      new iam.PolicyStatement({
        sid: 'ClearOverride',
        actions: ['rds:RemoveTagsFromResource'],
        resources: [clusterArn],
        conditions: { 'ForAllValues:StringEquals': { 'aws:TagKeys': overrideKeys }, Null: { 'aws:TagKeys': 'false' } },
      }),
      new iam.PolicyStatement({ sid: 'ReadCluster', actions: ['rds:DescribeDBClusters'], resources: [clusterArn] }),
      new iam.PolicyStatement({
        sid: 'ReadWriter',
        actions: ['rds:DescribeDBInstances'],
        resources: [stack.formatArn({ service: 'rds', resource: 'db', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      }),
      new iam.PolicyStatement({
        sid: 'ReadStack',
        actions: ['cloudformation:DescribeStacks', 'cloudformation:ListStackResources'],
        resources: [stackArn],
      }),
    ];
    for (const s of statements) this.role.addToPolicy(s);

    const acknowledge = wildcardResourceAcknowledger(this.role);
    acknowledge(
      'rds',
      'db:*',
      'rds:DescribeDBInstances reads the writer, which after an unplanned failover may be any member, auto-scaled ones included (names Aurora picks); it only reads.',
    );
    acknowledge(
      'cloudformation',
      `stack/${stack.stackName}/*`,
      "A stack ARN ends in an id CloudFormation generates; the wildcard covers only this stack's id, for the two read calls.",
    );

    new CfnOutput(this, 'RoleArnOutput', {
      key: 'OperatorsRoleArn',
      value: this.role.roleArn,
      description: 'Assume it to run npm run surge (docs/surge-override.md)',
    });
  }
}
