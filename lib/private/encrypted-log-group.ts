import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** Construct id of the stack's log encryption key (one per stack, created by the first log group). */
const LOG_KEY_ID = 'LogEncryptionKey';

export interface EncryptedLogGroupProps {
  /**
   * Fixed name of the log group (`/aws/rds/cluster/<id>/postgresql`, `/aws/lambda/<function>`).
   * @default - a name CloudFormation generates
   */
  readonly logGroupName?: string;
  /** Days the log events are kept: one of CloudWatch Logs' retention periods (validated in config). */
  readonly retentionDays: number;
  /**
   * Whether the log group outlives the stack. A kept log group is `RetainExceptOnCreate`: a failed
   * first create deletes it, so the retry does not fail on a fixed name that "already exists".
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html
   */
  readonly keep: boolean;
}

/**
 * The customer-managed key every log group of the stack is encrypted with (AWS Control Tower
 * CT.CLOUDWATCH.PR.3: the database's logs hold query text). CloudWatch Logs may use it only for log
 * groups of this account and Region (the `kms:EncryptionContext:aws:logs:arn` condition).
 * The key outlives the stack: retained log groups stay readable.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 * @see https://docs.aws.amazon.com/controltower/latest/controlreference/cloudwatch-rules.html
 */
export function logEncryptionKey(scope: Construct): kms.Key {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(LOG_KEY_ID);
  if (existing instanceof kms.Key) return existing;
  const key = new kms.Key(stack, LOG_KEY_ID, {
    description: `${stack.stackName}: CloudWatch Logs log groups (database logs, flow logs, function logs)`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
    pendingWindow: Duration.days(30),
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogsForThisAccountsLogGroups',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` },
      },
    }),
  );
  return key;
}

/** A log group encrypted with the stack's {@link logEncryptionKey}, with the configured retention. */
export function encryptedLogGroup(scope: Construct, id: string, props: EncryptedLogGroupProps): logs.LogGroup {
  const group = new logs.LogGroup(scope, id, {
    ...(props.logGroupName === undefined ? {} : { logGroupName: props.logGroupName }),
    retention: props.retentionDays as logs.RetentionDays,
    encryptionKey: logEncryptionKey(scope),
    removalPolicy: props.keep ? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE : RemovalPolicy.DESTROY,
  });
  return group;
}
