import { Aws, CfnResource, CustomResource, Duration, Lazy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as rds from 'aws-cdk-lib/aws-rds';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, type IConstruct } from 'constructs';
import { AUTOSCALED_REPLICA_PREFIX, CLUSTER_IDENTIFIER_PATTERN, PROPERTY } from '../lambda/autoscaled-replica-cleanup/contract';
import { encryptedLogGroup } from './private/encrypted-log-group';
import { bundledHandler, esbuildCode } from './private/esbuild-code';
import { type FunctionVpcPlacement, grantVpcAccess, vpcFunctionProps } from './private/function-placement';
import { LAMBDA_ARCHITECTURE, LAMBDA_BUILD_OPTIONS, LAMBDA_RUNTIME, REPLICA_CLEANUP_ENTRY } from './private/lambda-bundling';

export interface AutoscaledReplicaCleanupProps {
  /** The cluster whose auto-scaled replicas are deleted before it is. The clean-up resource depends on it. */
  readonly cluster: rds.IDatabaseCluster;
  /** The cluster's identifier (`DBClusterIdentifier`), as Aurora Auto Scaling and DescribeDBInstances know it. */
  readonly clusterIdentifier: string;
  /**
   * Days the clean-up's logs (handler, Provider framework, waiter state machine) are kept.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Run the functions inside the VPC (`network.functionPlacement: 'isolated-subnets'`).
   * @default - outside any VPC: they only call control-plane APIs
   */
  readonly vpcPlacement?: FunctionVpcPlacement | undefined;
}

/**
 * Deletes the replicas Aurora Auto Scaling created in a cluster — and only those — before the cluster is
 * deleted, and waits until they are gone. Without it a stack deletion fails: the replicas are not in the
 * template, removing the scalable target does not remove them, and a cluster that still has instances
 * cannot be deleted (hashicorp/terraform-provider-aws#19536, claranet/terraform-aws-aurora#13).
 *
 * A `Custom::AutoscaledReplicaCleanup` resource that depends on the cluster: on stack deletion
 * CloudFormation deletes it, and so runs the clean-up, before it deletes the cluster. Create and Update do
 * nothing. The functions run outside any VPC: they only call the RDS and Application Auto Scaling APIs.
 *
 * Wire the reader scalable target with {@link protectScalableTarget}: the target is then deregistered
 * before the clean-up runs, so autoscaling cannot add a replica mid-teardown — and the clean-up, which
 * deletes nothing while a scalable target still manages the cluster, knows the teardown is real.
 *
 * @see docs/teardown.md
 */
export class AutoscaledReplicaCleanup extends Construct {
  /** The clean-up resource. Anything that must be gone before the clean-up runs should depend on it. */
  readonly resource: CustomResource;
  /** Logs of the clean-up handler (what it deleted, what it waits for, why it failed). */
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AutoscaledReplicaCleanupProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.clusterIdentifier) && !CLUSTER_IDENTIFIER_PATTERN.test(props.clusterIdentifier)) {
      throw new Error(
        `${this.node.path}: clusterIdentifier "${props.clusterIdentifier}" is not an RDS cluster identifier. Fix: 1–63 letters, digits or single hyphens, starting with a letter and not ending with a hyphen.`,
      );
    }
    const retentionDays = props.logRetentionDays ?? 365;

    // Kept after the stack is gone (encrypted, like every log group of the stack): when a teardown fails, these logs say why.
    this.logGroup = encryptedLogGroup(this, 'HandlerLogs', { retentionDays, keep: true });
    const frameworkLogs = encryptedLogGroup(this, 'FrameworkLogs', { retentionDays, keep: true });
    const waiterLogs = encryptedLogGroup(this, 'WaiterLogs', { retentionDays, keep: true });

    const role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Deletes the Aurora Auto Scaling replicas of ${props.clusterIdentifier} on stack deletion`,
    });
    this.logGroup.grantWrite(role);
    grantVpcAccess(role, props.vpcPlacement);
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ListClusterInstances',
        actions: ['rds:DescribeDBInstances'],
        // DescribeDBInstances authorizes against the `db` resource type. Listing by the db-cluster-id filter
        // names no instance, so IAM evaluates it against every instance ARN: db:* in this account and Region.
        // @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html
        resources: [`arn:${Aws.PARTITION}:rds:${Aws.REGION}:${Aws.ACCOUNT_ID}:db:*`],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'DeleteAutoscaledReplicas',
        actions: ['rds:DeleteDBInstance'],
        // Only instances named the way Aurora Auto Scaling names its replicas: a bug in the handler still
        // cannot delete the writer or a fixed reader (aurora-surge-<env>-…).
        resources: [`arn:${Aws.PARTITION}:rds:${Aws.REGION}:${Aws.ACCOUNT_ID}:db:${AUTOSCALED_REPLICA_PREFIX}*`],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'CheckReaderAutoScaling',
        actions: ['application-autoscaling:DescribeScalableTargets'],
        // Application Auto Scaling's Describe actions support no resource-level permissions.
        // @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_applicationautoscaling.html
        resources: ['*'],
      }),
    );

    const handlerProps = {
      // Local esbuild, in process, never Docker; the SDK clients are bundled so the tested version is the one that runs.
      code: esbuildCode(REPLICA_CLEANUP_ENTRY, LAMBDA_BUILD_OPTIONS),
      // The newest Node.js runtime aws-cdk-lib offers (cdk-nag AwsSolutions-L1 asks for the latest).
      runtime: LAMBDA_RUNTIME,
      architecture: LAMBDA_ARCHITECTURE,
      memorySize: 256,
      // One step lists the cluster and sends at most 15 deletes (Aurora's reader limit), with SDK retries.
      timeout: Duration.minutes(2),
      role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      ...vpcFunctionProps(props.vpcPlacement),
    };
    const onEventHandler = new lambda.Function(this, 'OnEventHandler', {
      ...handlerProps,
      handler: bundledHandler('onEvent'),
      description: `Starts the deletion of the Aurora Auto Scaling replicas of ${props.clusterIdentifier} on stack deletion`,
    });
    const isCompleteHandler = new lambda.Function(this, 'IsCompleteHandler', {
      ...handlerProps,
      handler: bundledHandler('isComplete'),
      description: `Waits until no Aurora Auto Scaling replica of ${props.clusterIdentifier} is left`,
    });

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler,
      isCompleteHandler,
      // Deleting a replica takes minutes; the Provider framework allows at most one hour in total.
      // @see https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.custom_resources.ProviderProps.html#totaltimeout
      queryInterval: Duration.seconds(30),
      totalTimeout: Duration.minutes(45),
      logGroup: frameworkLogs,
      ...vpcFunctionProps(props.vpcPlacement),
      // AWS Control Tower CT.SFN.PR.1: the waiter state machine logs its executions (errors and all events).
      // @see https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
      disableWaiterStateMachineLogging: false,
      waiterStateMachineLogOptions: { destination: waiterLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    traceWaiterStateMachine(provider);
    if (props.vpcPlacement !== undefined) {
      Validations.of(provider).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        reason:
          'In the VPC, the CDK Provider framework gives its own functions this AWS-managed policy: the network-interface actions Lambda needs to attach a function to a VPC, which take no resource ARN.',
      });
    }

    const cfnCluster = props.cluster.node.defaultChild;
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::AutoscaledReplicaCleanup',
      properties: {
        [PROPERTY.clusterIdentifier]: props.clusterIdentifier,
        // Read at synth, so a removal policy applied after this construct is seen. A retained cluster keeps its replicas.
        [PROPERTY.clusterDeletionPolicy]: Lazy.string({
          produce: () => (CfnResource.isCfnResource(cfnCluster) ? cfnCluster.cfnOptions.deletionPolicy : undefined) ?? 'Delete',
        }),
      },
    });
    // Created after the cluster, so deleted — and run — before it.
    this.resource.node.addDependency(props.cluster);

    this.acknowledgeFindings(onEventHandler, isCompleteHandler, provider);
  }

  /**
   * Makes `scalableTarget` (the reader-count scalable target of the cluster) depend on the clean-up, so a
   * stack deletion deregisters it first: autoscaling then cannot add a replica mid-teardown, and the
   * clean-up sees that no scalable target manages the cluster any more.
   */
  protectScalableTarget(scalableTarget: IConstruct): void {
    scalableTarget.node.addDependency(this.resource);
  }

  /** cdk-nag AwsSolutions findings on what the Provider framework builds and on the wildcards above, each with its reason. */
  private acknowledgeFindings(onEventHandler: lambda.IFunction, isCompleteHandler: lambda.IFunction, provider: cr.Provider): void {
    const stack = Stack.of(this);
    const arnOf = (fn: lambda.IFunction) => `<${stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction)}.Arn>:*`;

    Validations.of(this.node.findChild('HandlerRole')).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:rds:<AWS::Region>:<AWS::AccountId>:db:*]`,
      reason:
        'DescribeDBInstances with a db-cluster-id filter names no instance, so it is authorized against every instance of the account and Region; it only reads.',
    });
    Validations.of(this.node.findChild('HandlerRole')).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:rds:<AWS::Region>:<AWS::AccountId>:db:${AUTOSCALED_REPLICA_PREFIX}*]`,
      reason: 'DeleteDBInstance is limited to the instances Aurora Auto Scaling creates, whose names are only known once it creates them.',
    });
    Validations.of(this.node.findChild('HandlerRole')).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'application-autoscaling:DescribeScalableTargets supports no resource-level permissions; it only reads.',
    });

    Validations.of(provider).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'The CDK Provider framework gives its own onEvent/isComplete/onTimeout functions this AWS-managed logging policy; its roles cannot be replaced without also granting them invoke and Step Functions permissions by hand.',
    });
    for (const fn of [onEventHandler, isCompleteHandler]) {
      Validations.of(provider).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${arnOf(fn)}]`,
        reason: 'The Provider framework functions may invoke any version of the clean-up handler; the grant names that one function.',
      });
    }
    // The framework's waiter state machine invokes the framework's own isComplete and onTimeout functions.
    for (const child of ['framework-isComplete', 'framework-onTimeout']) {
      Validations.of(provider).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${arnOf(provider.node.findChild(child) as lambda.IFunction)}]`,
        reason:
          'The Provider framework waiter state machine may invoke any version of its own isComplete/onTimeout function; the grant names that one function.',
      });
    }
  }
}

/**
 * AWS Control Tower CT.SFN.PR.2: X-Ray tracing on the Provider framework's waiter state machine. The
 * framework offers no setting for it, so this sets `TracingConfiguration` on the state machine and gives
 * its role the X-Ray actions Step Functions needs to send traces (they take no resource ARN).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-xray-tracing.html
 * @see https://docs.aws.amazon.com/xray/latest/devguide/security_iam_id-based-policy-examples.html
 */
function traceWaiterStateMachine(provider: cr.Provider): void {
  const waiter = provider.node.tryFindChild('waiter-state-machine');
  const machine = waiter?.node.tryFindChild('Resource');
  const role = waiter?.node.tryFindChild('Role');
  if (!(machine instanceof sfn.CfnStateMachine) || !(role instanceof iam.Role)) {
    throw new Error(`${provider.node.path}: the Provider framework's waiter state machine was not found; aws-cdk-lib changed its layout.`);
  }
  machine.tracingConfiguration = { enabled: true };
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'SendTraces',
      actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
      resources: ['*'],
    }),
  );
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Step Functions sends X-Ray traces and CloudWatch Logs deliveries with actions that take no resource ARN (xray:PutTraceSegments, logs:CreateLogDelivery and related); the Step Functions developer guide documents these policies on *.',
  });
}
