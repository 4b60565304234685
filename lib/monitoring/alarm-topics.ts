import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { alarmNamePrefix, type Severity, SEVERITIES } from './alarm-naming';

/** Who hears about alarms of one severity. */
export interface SeveritySubscriptions {
  /** E-mail addresses (each must confirm the subscription once). @default [] */
  readonly emails?: readonly string[];
  /** HTTPS endpoints (a chat webhook relay, an incident tool). @default [] */
  readonly httpsUrls?: readonly string[];
}

export interface AlarmTopicsProps {
  readonly environmentName: string;
  /**
   * Whether alarms notify anyone. Dev may run without actions; staging and prod must not.
   * @default true
   */
  readonly actionsEnabled?: boolean;
  /** Subscriptions per severity. @default - none */
  readonly subscriptions?: Partial<Record<Severity, SeveritySubscriptions>>;
  /** What happens to the topics and their key when the stack goes. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * One SNS topic per severity (`critical` pages, `warning` informs), encrypted with a customer-managed
 * key that CloudWatch may use (alarms cannot publish to a topic encrypted with the AWS-managed SNS key),
 * and a topic policy that lets this environment's alarms publish and refuses anything but TLS.
 *
 * Every alarm of the stack reaches its topic through {@link wire}.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html (encrypted topics)
 */
export class AlarmTopics extends Construct {
  readonly key: kms.Key;
  readonly topics: Readonly<Record<Severity, sns.Topic>>;
  readonly actionsEnabled: boolean;

  constructor(scope: Construct, id: string, props: AlarmTopicsProps) {
    super(scope, id);
    this.actionsEnabled = props.actionsEnabled ?? true;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.key = new kms.Key(this, 'Key', {
      description: `aurora-surge ${props.environmentName}: alarm notification topics`,
      alias: `alias/aurora-surge/${props.environmentName}/alarms`,
      enableKeyRotation: true,
      removalPolicy,
    });
    const stack = Stack.of(this);
    // The alarms of this environment, as CloudWatch names them when it acts on their behalf
    // (`aws:SourceArn`). Every alarm of the stack is named by `alarmName`, so they all match.
    const thisStacksAlarms = stack.formatArn({
      service: 'cloudwatch',
      resource: 'alarm',
      resourceName: `${alarmNamePrefix(props.environmentName)}*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    // CloudWatch publishes alarm notifications to the encrypted topics: SNS uses the key on the
    // publisher's behalf, so the SNS docs ("compatibility with AWS services") have the key policy allow
    // the service principal kms:GenerateDataKey* and kms:Decrypt. The key serves only these topics.
    // `aws:SourceAccount` (this account) is the confused-deputy guard IAM recommends for service
    // principals; it keeps another account's alarms from using the key. `aws:SourceArn` is deliberately
    // not added: the topic policy already limits publishing to this environment's alarms, and the docs
    // found do not say the KMS request carries the alarm ARN — a key condition it does not carry would
    // drop every notification, visible only in the alarm history. Safe option: deliver.
    // @see https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
    // @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
    // @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html (encrypted topics)
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );

    const topics = {} as Record<Severity, sns.Topic>;
    for (const severity of SEVERITIES) {
      const topic = new sns.Topic(this, `${severity}Topic`, {
        topicName: `aurora-surge-${props.environmentName}-alarms-${severity}`,
        displayName: `aurora-surge ${props.environmentName} ${severity} alarms`,
        masterKey: this.key,
        enforceSSL: true,
      });
      // A topic policy replaces SNS's default policy: with only the TLS Deny that `enforceSSL` adds,
      // nothing allows CloudWatch to publish, and every alarm action fails ("…is not authorized to
      // perform: SNS:Publish…" in the alarm history). So allow the CloudWatch service principal for this
      // environment's alarms only (`aws:SourceArn`) in this account (`aws:SourceAccount`); the Deny for
      // non-TLS requests stays and wins over this Allow.
      // @see https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger
      // @see https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
      topic.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowThisEnvironmentsAlarmsToPublish',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
          conditions: {
            ArnLike: { 'aws:SourceArn': thisStacksAlarms },
            StringEquals: { 'aws:SourceAccount': stack.account },
          },
        }),
      );
      topic.applyRemovalPolicy(removalPolicy);
      const wanted = props.subscriptions?.[severity];
      for (const email of wanted?.emails ?? []) topic.addSubscription(new subs.EmailSubscription(email));
      for (const url of wanted?.httpsUrls ?? [])
        topic.addSubscription(new subs.UrlSubscription(url, { protocol: sns.SubscriptionProtocol.HTTPS }));
      topics[severity] = topic;
    }
    this.topics = topics;
  }

  /**
   * Sends an alarm's ALARM and OK transitions to its severity's topic (when actions are enabled).
   * Returns the alarm for chaining.
   */
  wire<
    T extends cloudwatch.IAlarm & {
      addAlarmAction(...a: cloudwatch.IAlarmAction[]): void;
      addOkAction(...a: cloudwatch.IAlarmAction[]): void;
    },
  >(alarm: T, severity: Severity): T {
    if (this.actionsEnabled) {
      const action = new cwActions.SnsAction(this.topics[severity]);
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    return alarm;
  }
}
