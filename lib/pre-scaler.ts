import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, Tags, Validations } from 'aws-cdk-lib';
import type * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { calendarRulesFor, plannerSettingsFor } from '../config/load-calendar';
import { ConfigError } from '../config/load-config';
import type { EnvironmentConfig } from '../config/schema/environment';
import { notReadyAlarmMinutesOf } from '../config/schema/pre-scaler';
import {
  ACT_WINDOW_SECONDS,
  CALENDAR_FILE_NAME,
  encodeCalendarFile,
  encodePreScalerEnvironment,
  loadPreScalerRuntimeConfig,
  minimumScheduleRateSeconds,
  PreScalerConfigurationError,
} from '../lambda/pre-scaler/contract';
import type { CampaignInput } from '../lambda/pre-scaler/core';
import type { AlarmTopics } from './monitoring/alarm-topics';
import { encryptedLogGroup } from './private/encrypted-log-group';
import { bundledHandler, esbuildCode } from './private/esbuild-code';
import { type FunctionVpcPlacement, grantVpcAccess, vpcFunctionProps } from './private/function-placement';
import { LAMBDA_ARCHITECTURE, LAMBDA_BUILD_OPTIONS, LAMBDA_RUNTIME, PRE_SCALER_ENTRY } from './private/lambda-bundling';
import { PreScalerAlarms } from './private/pre-scaler-alarms';
import { runbookLinkOf } from '../config/schema/monitoring';
import { ALL_SURGE_TAG_KEYS } from '../lambda/pre-scaler/contract/surge-tags';
import { engineMaxConnections } from './connection-budget';
import { wildcardResourceAcknowledger } from './private/nag-acknowledgements';

export interface PreScalerProps {
  /** The validated environment config: `preScaler` section, baseline writer and reader floor. */
  readonly config: EnvironmentConfig;
  /**
   * Calendar entries as written in `config/campaigns.ts`. Entries that do not list this environment
   * are left out of the function.
   */
  readonly campaigns: readonly CampaignInput[];
  /** `DBClusterIdentifier` of the cluster to reconcile (`aurora-surge-<env>`). */
  readonly clusterIdentifier: string;
  /**
   * The RDS Proxy in front of the cluster: its borrow latency and client connections count as
   * pressure for reactive scale-up (`preScaler.reactive`).
   * @default - no proxy figures are read
   */
  readonly proxyName?: string;
  /**
   * The cluster's fixed instances (writer and fixed readers, as deployed): the only instances the
   * function may resize. Auto-scaled readers are never resized.
   */
  readonly instanceIdentifiers: readonly string[];
  /** The reader scalable target (`rds:cluster:ReadReplicaCount`) whose `MinCapacity` the function raises. */
  readonly readerTarget: appscaling.ScalableTarget;
  /** Where the alarms go. */
  readonly alarmTopics: AlarmTopics;
  /**
   * Seconds a run may take. A run is a few API calls; the SDK retries throttling inside it.
   * @default 60
   */
  readonly timeoutSeconds?: number;
  /**
   * Memory of the function, MB (also buys CPU, which shortens the cold start).
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * What happens to the function's log group (its decisions) when the stack goes.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Run the function inside the VPC (`network.functionPlacement: 'isolated-subnets'`).
   * @default - outside any VPC: it only calls control-plane APIs
   */
  readonly vpcPlacement?: FunctionVpcPlacement | undefined;
}

/** The tag that marks the scalable target this function may change (IAM condition `aws:ResourceTag`). */
export const PRE_SCALER_TARGET_TAG = 'aurora-surge:pre-scaler';

/**
 * The campaign pre-scaler on AWS: a Lambda that reconciles the cluster's capacity with the calendar on
 * a fixed rate, its schedule, its least-privilege role, its log group and its alarms.
 *
 * - a function bundled by the local esbuild, in process (SDK v3 clients included and tree-shaken), newest
 *   Node.js runtime on arm64, no async retries (the next scheduled run is the retry). Two runs never
 *   take two different steps: only a scheduled run in the first minutes after its tick acts, and synth
 *   checks that the rate keeps such runs apart (`lambda/pre-scaler/contract/run-slot.ts`). No reserved
 *   concurrency by default: it fails to deploy on accounts with a low concurrency quota
 *   (`preScaler.reservedConcurrency: 1` adds it where the quota allows).
 * - The calendar and settings travel as a JSON file in the function's code asset (`calendar.json`,
 *   see `lambda/pre-scaler/contract/calendar-file.ts`), so their size is no limit; synth reads it
 *   back with the function's own decoder, which validates it with synth's calendar rules. A calendar
 *   change shows in the CloudFormation diff as a new code asset; the PR report's calendar section
 *   shows the change itself. Three scalars stay environment variables.
 * - An EventBridge rule `aurora-surge-<env>-pre-scaler` triggers it; disabling that rule stops it.
 *
 * @see docs/pre-scaler-runbook.md
 */
export class PreScaler extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly schedule: events.Rule;
  readonly alarms: PreScalerAlarms;
  /** The environment variables the function receives. */
  readonly environmentVariables: Readonly<Record<string, string>>;
  /** The calendar file's text, as bundled next to the function's code (`calendar.json`). */
  readonly calendarFile: string;

  constructor(scope: Construct, id: string, props: PreScalerProps) {
    super(scope, id);
    const { config } = props;
    const env = config.name;
    const pre = config.preScaler;
    const functionName = `aurora-surge-${env}-pre-scaler`;
    const rate = Duration.minutes(pre.scheduleRateMinutes);
    const notReadyAlarmMinutes = notReadyAlarmMinutesOf(pre);
    const timeoutSeconds = props.timeoutSeconds ?? 60;
    checkScheduleLeavesRunsApart(env, pre.scheduleRateMinutes, timeoutSeconds);

    this.environmentVariables = encodePreScalerEnvironment({
      clusterIdentifier: props.clusterIdentifier,
      dryRun: pre.dryRun,
      notReadyAlarmMinutes,
      ...(props.proxyName ? { proxyName: props.proxyName } : {}),
    });
    this.calendarFile = encodeCalendarFile({
      settings: plannerSettingsFor(config, { maxConnectionsOf: (capacity) => engineMaxConnections(config.database.engine, capacity) }),
      rules: calendarRulesFor(config),
      campaigns: props.campaigns.filter((c) => c.environments.includes(env)),
    });
    checkAsTheFunctionWill(env, this.environmentVariables, this.calendarFile);

    this.logGroup = encryptedLogGroup(this, 'LogGroup', {
      logGroupName: `/aws/lambda/${functionName}`,
      retentionDays: pre.logRetentionDays,
      keep: (props.logRemovalPolicy ?? RemovalPolicy.RETAIN) !== RemovalPolicy.DESTROY,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `aurora-surge ${env}: the campaign pre-scaler (reads the cluster, resizes its fixed instances, fails over, sets the reader floor)`,
    });
    this.grantLeastPrivilege(props);
    grantVpcAccess(this.role, props.vpcPlacement);
    Tags.of(props.readerTarget).add(PRE_SCALER_TARGET_TAG, props.clusterIdentifier);

    this.function = new lambda.Function(this, 'Function', {
      functionName,
      description: `aurora-surge ${env}: reconciles the Aurora cluster's capacity with the campaign calendar every ${pre.scheduleRateMinutes} minutes`,
      code: esbuildCode(PRE_SCALER_ENTRY, LAMBDA_BUILD_OPTIONS, { [CALENDAR_FILE_NAME]: this.calendarFile }),
      handler: bundledHandler('handler'),
      runtime: LAMBDA_RUNTIME,
      architecture: LAMBDA_ARCHITECTURE,
      memorySize: props.memorySize ?? 256,
      timeout: Duration.seconds(timeoutSeconds),
      // No reserved concurrency unless config asks for it: on accounts with a low concurrency quota
      // Lambda refuses it and the deploy fails. The act window keeps runs apart instead (contract/run-slot.ts).
      ...(pre.reservedConcurrency !== undefined ? { reservedConcurrentExecutions: pre.reservedConcurrency } : {}),
      retryAttempts: 0,
      maxEventAge: rate,
      role: this.role,
      logGroup: this.logGroup,
      ...vpcFunctionProps(props.vpcPlacement),
      environment: { ...this.environmentVariables },
    });

    this.schedule = new events.Rule(this, 'Schedule', {
      ruleName: functionName,
      description: `Runs the aurora-surge ${env} pre-scaler every ${pre.scheduleRateMinutes} minutes. Disable this rule to stop it (docs/pre-scaler-runbook.md).`,
      schedule: events.Schedule.rate(rate),
      targets: [new targets.LambdaFunction(this.function, { maxEventAge: rate, retryAttempts: 2 })],
    });

    this.alarms = new PreScalerAlarms(this, 'Alarms', {
      environmentName: env,
      function: this.function,
      rate,
      notReadyAlarmMinutes,
      topics: props.alarmTopics,
      runbookUrl: runbookLinkOf(props.config.monitoring),
    });

    new CfnOutput(this, 'ScheduleRuleOutput', {
      key: 'PreScalerScheduleRule',
      value: this.schedule.ruleName,
      description: 'Emergency stop: aws events disable-rule --name <this>',
    });
    new CfnOutput(this, 'FunctionNameOutput', { key: 'PreScalerFunctionName', value: this.function.functionName });
  }

  /**
   * The role's permissions, each scoped as far as the API allows:
   * - logs: its own log group only;
   * - RDS reads: `DescribeDBClusters` on this cluster; `DescribeDBInstances` needs `db:*` (it is
   *   called with a cluster filter, and the auto-scaled readers' names are not known in advance);
   * - RDS changes: `ModifyDBInstance` on the fixed instances only (never an auto-scaled reader),
   *   `FailoverDBCluster` on this cluster and a fixed instance as target, `ModifyDBCluster` on this
   *   cluster only;
   * - Application Auto Scaling: `RegisterScalableTarget` only on a target tagged for this cluster
   *   (`aws:ResourceTag`); `DescribeScalableTargets` has no resource-level permissions;
   * - `RegisterScalableTarget` on an Aurora cluster makes Application Auto Scaling check, with the
   *   caller's own credentials, that the caller could create, delete and tag instances and manage
   *   CloudWatch alarms (it calls those APIs with invalid parameters). Those are granted only for
   *   calls an AWS service makes on the function's behalf (`aws:ViaAWSService`), never for the
   *   function's own calls. The service-linked role already exists (the stack's target created it),
   *   so `iam:CreateServiceLinkedRole` is not granted;
   * - CloudWatch: `GetMetricData` (no resource-level permissions): the guard's CPU, replica lag, and
   *   the reactive pressure figures (writer CPU, connections, Serverless v2 capacity, proxy borrow
   *   latency and client connections). No `PutMetricData`: metrics go out as Embedded Metric Format
   *   log lines through the log group;
   * - RDS tags (issue 15): `AddTagsToResource` / `RemoveTagsFromResource` on this cluster only, and
   *   only for the surge and override keys (`aws:TagKeys`, every key of the request among them, and a
   *   request that names keys): it records the surge and removes an expired override.
   */
  private grantLeastPrivilege(props: PreScalerProps): void {
    const stack = Stack.of(this);
    const rdsArn = (resource: 'cluster' | 'db', name: string) =>
      stack.formatArn({ service: 'rds', resource, resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const clusterArn = rdsArn('cluster', props.clusterIdentifier);
    const anyInstanceArn = rdsArn('db', '*');
    const fixedInstanceArns = props.instanceIdentifiers.map((id) => rdsArn('db', id));
    const scalableTargetArn = stack.formatArn({
      service: 'application-autoscaling',
      resource: 'scalable-target',
      resourceName: '*',
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });

    const statements = [
      new iam.PolicyStatement({
        sid: 'OwnLogGroup',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
      new iam.PolicyStatement({ sid: 'ReadCluster', actions: ['rds:DescribeDBClusters'], resources: [clusterArn] }),
      new iam.PolicyStatement({ sid: 'ReadClusterInstances', actions: ['rds:DescribeDBInstances'], resources: [anyInstanceArn] }),
      new iam.PolicyStatement({ sid: 'ResizeFixedInstances', actions: ['rds:ModifyDBInstance'], resources: fixedInstanceArns }),
      // FailoverDBCluster takes the `cluster` resource (required) and the `db` resource (the target
      // instance, which the pre-scaler always names): both must be allowed, or the failover is denied.
      // Any fixed instance can be the target (after a failover the old writer is the standby).
      // @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html
      new iam.PolicyStatement({
        sid: 'FailOverToAFixedInstance',
        actions: ['rds:FailoverDBCluster'],
        resources: [clusterArn, ...fixedInstanceArns],
      }),
      new iam.PolicyStatement({ sid: 'SetServerlessRange', actions: ['rds:ModifyDBCluster'], resources: [clusterArn] }),
      new iam.PolicyStatement({ sid: 'ReadReaderTarget', actions: ['application-autoscaling:DescribeScalableTargets'], resources: ['*'] }),
      new iam.PolicyStatement({
        sid: 'SetReaderFloor',
        actions: ['application-autoscaling:RegisterScalableTarget'],
        resources: [scalableTargetArn],
        conditions: { StringEquals: { [`aws:ResourceTag/${PRE_SCALER_TARGET_TAG}`]: props.clusterIdentifier } },
      }),
      new iam.PolicyStatement({
        sid: 'ReaderTargetPermissionChecks',
        actions: [
          'rds:CreateDBInstance',
          'rds:DeleteDBInstance',
          'rds:AddTagsToResource',
          'cloudwatch:PutMetricAlarm',
          'cloudwatch:DescribeAlarms',
          'cloudwatch:DeleteAlarms',
        ],
        resources: ['*'],
        conditions: { Bool: { 'aws:ViaAWSService': 'true' } },
      }),
      new iam.PolicyStatement({ sid: 'ReadGuardMetrics', actions: ['cloudwatch:GetMetricData'], resources: ['*'] }),
      // AddTagsToResource and RemoveTagsFromResource take the `cluster` resource type (among others) and
      // the `aws:TagKeys` condition key (the keys in the request). ForAllValues alone also matches a request
      // with no keys, so the Null check requires keys to be named.
      // @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html
      // @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
      new iam.PolicyStatement({
        sid: 'RecordSurgeOnClusterTags',
        actions: ['rds:AddTagsToResource', 'rds:RemoveTagsFromResource'],
        resources: [clusterArn],
        conditions: {
          'ForAllValues:StringEquals': { 'aws:TagKeys': [...ALL_SURGE_TAG_KEYS] },
          Null: { 'aws:TagKeys': 'false' },
        },
      }),
    ];
    for (const s of statements) this.role.addToPolicy(s);

    const acknowledge = wildcardResourceAcknowledger(this.role);
    acknowledge(
      'rds',
      'db:*',
      'rds:DescribeDBInstances is called with a db-cluster-id filter and must see the auto-scaled readers, whose names Aurora picks; it only reads. Every change to an instance is scoped to the fixed instances by name.',
    );
    acknowledge(
      'application-autoscaling',
      'scalable-target/*',
      'Scalable target ARNs carry an id Application Auto Scaling generates, unknown at synth; RegisterScalableTarget is limited by the aws:ResourceTag condition to the target tagged for this cluster.',
    );
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Three statements need "*": application-autoscaling:DescribeScalableTargets and cloudwatch:GetMetricData have no resource-level permissions (read only); the permission checks Application Auto Scaling makes for RegisterScalableTarget on Aurora use invalid or dummy resources, and are limited to calls AWS services make on the function\'s behalf (aws:ViaAWSService). See https://docs.aws.amazon.com/autoscaling/application/userguide/security_iam_permission_validation.html',
    });
  }
}

/**
 * Throws a ConfigError when a run of one schedule tick could still be going when the next tick's run
 * starts: the rate must leave room for the act window, the function timeout and the schedule's
 * one-minute precision (see lambda/pre-scaler/contract/run-slot.ts).
 */
function checkScheduleLeavesRunsApart(env: string, rateMinutes: number, timeoutSeconds: number): void {
  const minimumSeconds = minimumScheduleRateSeconds(timeoutSeconds);
  if (rateMinutes * 60 >= minimumSeconds) return;
  throw new ConfigError(env, [
    `[${env}] preScaler.scheduleRateMinutes: ${rateMinutes} minutes is too short for one run at a time: a run may act up to ${ACT_WINDOW_SECONDS} s after its tick and last ${timeoutSeconds} s, and EventBridge schedules are precise to the minute. Fix: set scheduleRateMinutes to ${Math.ceil(minimumSeconds / 60)} or more.`,
  ]);
}

/**
 * Reads the variables and the calendar file back with the function's own loader (the calendar rules
 * synth applies), so what deploys is what the function accepts. Throws a ConfigError naming the
 * environment and every problem.
 */
function checkAsTheFunctionWill(env: string, variables: Readonly<Record<string, string>>, calendarFile: string): void {
  try {
    loadPreScalerRuntimeConfig(variables, calendarFile);
  } catch (err) {
    if (err instanceof PreScalerConfigurationError)
      throw new ConfigError(
        env,
        err.problems.map((p) => `[${env}] pre-scaler ${p}`),
      );
    throw err;
  }
}
