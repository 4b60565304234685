import { CfnOutput, CfnResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import type { DatabaseConfig, FixedReaderConfig } from '../config/schema/database';
import { applyClusterTeardownPolicy } from './private/cluster-teardown';
import { encryptedLogGroup } from './private/encrypted-log-group';
import { engineProfile } from './private/engine';

export interface SurgeDatabaseClusterProps {
  /** The environment's `database` config. */
  readonly database: DatabaseConfig;
  /** Environment name, used in identifiers and the secret name. */
  readonly environmentName: string;
  readonly vpc: ec2.IVpc;
  /** Subnets for the cluster: isolated ones. */
  readonly subnets: ec2.SubnetSelection;
  /**
   * Interface endpoint the secret-rotation function reaches Secrets Manager through.
   * @default - none: rotation then needs another route to Secrets Manager
   */
  readonly secretsManagerEndpoint?: ec2.IInterfaceVpcEndpoint | undefined;
}

/**
 * The Aurora cluster: a writer and fixed readers, encrypted with a customer-managed key, with
 * generated and rotated master credentials, IAM authentication, slow-query logging exported to
 * CloudWatch Logs, Performance Insights, Enhanced Monitoring, backups and deletion protection.
 *
 * Nothing here assumes which instance is the writer today: the pre-scaler fails over between the
 * instances, so the CloudFormation "writer" is only the instance that was the writer at creation
 * (aws/aws-cdk#26726). Instance identifiers are neutral (`<cluster>-instance-1`, `<cluster>-<reader>`).
 *
 * Connections: the security group admits nothing until {@link allowConnectionsFrom} is called with
 * the connection proxy (or an application) — that is the seam where the proxy plugs in.
 */
export class SurgeDatabaseCluster extends Construct {
  readonly cluster: rds.DatabaseCluster;
  /** The generated master credentials (rotated); the connection proxy authenticates with them. */
  readonly secret: secretsmanager.ISecret;
  readonly key: kms.Key;
  readonly securityGroup: ec2.SecurityGroup;
  readonly clusterIdentifier: string;
  /** Identifier of each instance in the template, the creation-time writer first. */
  readonly instanceIdentifiers: readonly string[];
  readonly port: number;
  /** The hosted function that rotates the master secret (alarmed on its errors). */
  readonly rotationFunction: lambda.IFunction;
  /** Log groups the cluster exports to, by log type. */
  readonly logGroups: Readonly<Record<string, logs.LogGroup>>;

  constructor(scope: Construct, id: string, props: SurgeDatabaseClusterProps) {
    super(scope, id);
    const db = props.database;
    const profile = engineProfile(db);
    const keep = db.removalPolicy !== 'destroy';
    this.clusterIdentifier = `aurora-surge-${props.environmentName}`;
    this.port = profile.defaultPort;

    this.key = new kms.Key(this, 'Key', {
      description: `aurora-surge ${props.environmentName}: database storage, secret and Performance Insights`,
      alias: `alias/aurora-surge/${props.environmentName}/database`,
      enableKeyRotation: true,
      removalPolicy: keep ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(keep ? 30 : 7),
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `aurora-surge ${props.environmentName}: the Aurora cluster; admits the database port from the proxy only`,
      allowAllOutbound: false,
    });

    // The log groups exist before the cluster, with their retention and the stack's log key (the logs hold
    // query text), so no log-retention custom resource is needed. RDS exports to the group of that name.
    // @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.CloudWatch.html
    this.logGroups = Object.fromEntries(
      profile.logExports.map((type) => [
        type,
        encryptedLogGroup(this, `Logs-${type}`, {
          logGroupName: `/aws/rds/cluster/${this.clusterIdentifier}/${type}`,
          retentionDays: db.logRetentionDays,
          keep: keep || profile.auditLogExports.includes(type),
        }),
      ]),
    );

    const parameterGroup = new rds.ParameterGroup(this, 'ClusterParameters', {
      engine: profile.engine,
      description: `aurora-surge ${props.environmentName}: slow-query logging, statement statistics, TLS`,
      parameters: profile.clusterParameters,
    });

    const writerId = `${this.clusterIdentifier}-instance-1`;
    const readerId = (reader: FixedReaderConfig) => `${this.clusterIdentifier}-${reader.name}`;
    this.instanceIdentifiers = [writerId, ...db.fixedReaders.map(readerId)];
    const common: rds.ProvisionedClusterInstanceProps = {
      publiclyAccessible: false,
      enablePerformanceInsights: true,
      performanceInsightRetention: db.performanceInsightsRetentionDays as rds.PerformanceInsightRetention,
      performanceInsightEncryptionKey: this.key,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
    };

    const writer =
      db.writer.kind === 'provisioned'
        ? rds.ClusterInstance.provisioned('Instance1', {
            ...common,
            instanceIdentifier: writerId,
            instanceType: instanceType(db.writer.instanceClass),
            promotionTier: 0,
          })
        : rds.ClusterInstance.serverlessV2('Instance1', { ...common, instanceIdentifier: writerId });
    const readers = db.fixedReaders.map((reader) => this.readerInstance(db, reader, readerId(reader), common));

    this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
      engine: profile.engine,
      clusterIdentifier: this.clusterIdentifier,
      defaultDatabaseName: db.databaseName,
      credentials: rds.Credentials.fromGeneratedSecret(profile.masterUsername, {
        secretName: `aurora-surge/${props.environmentName}/master`,
        encryptionKey: this.key,
        excludeCharacters: ' %+~`#$&*()|[]{}:;<>?!\'/@"\\',
      }),
      writer,
      readers,
      ...(db.writer.kind === 'serverless-v2'
        ? { serverlessV2MinCapacity: db.writer.minCapacity, serverlessV2MaxCapacity: db.writer.maxCapacity }
        : {}),
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [this.securityGroup],
      port: profile.defaultPort,
      parameterGroup,
      storageEncrypted: true,
      storageEncryptionKey: this.key,
      iamAuthentication: true,
      cloudwatchLogsExports: [...profile.logExports],
      enablePerformanceInsights: true,
      performanceInsightRetention: db.performanceInsightsRetentionDays as rds.PerformanceInsightRetention,
      performanceInsightEncryptionKey: this.key,
      ...(db.enhancedMonitoringIntervalSeconds > 0 ? { monitoringInterval: Duration.seconds(db.enhancedMonitoringIntervalSeconds) } : {}),
      backup: { retention: Duration.days(db.backup.retentionDays), preferredWindow: db.backup.preferredWindow },
      preferredMaintenanceWindow: db.preferredMaintenanceWindow,
      deletionProtection: db.deletionProtection,
      removalPolicy: REMOVAL_POLICIES[db.removalPolicy],
      copyTagsToSnapshot: true,
      // No instanceUpdateBehaviour: with writer/readers aws-cdk-lib ignores it (aws/aws-cdk#27694), so
      // CloudFormation updates each instance in place. A baseline class change therefore does not go
      // through CloudFormation: the PR report blocks it (tools/diff/classify.ts) and
      // docs/pre-scaler-runbook.md ("Change the baseline writer class") gives the failover procedure.
    });
    for (const group of Object.values(this.logGroups)) this.cluster.node.addDependency(group);
    if (!this.cluster.secret) throw new Error(`Cluster ${this.clusterIdentifier} has no generated master secret`);
    this.secret = this.cluster.secret;

    applyClusterTeardownPolicy(db, {
      cluster: this.cluster,
      instances: ['Instance1', ...db.fixedReaders.map((r) => r.name)].map((childId) => this.cluster.node.findChild(childId)),
      dependencies: [
        this.cluster.node.findChild('Subnets'),
        // The parameter group's CloudFormation resource, created when the cluster binds it.
        ...parameterGroup.node.children.filter(CfnResource.isCfnResource),
        this.securityGroup,
        // The generated master secret and its attachment to the cluster (`cluster.secret` is the attachment).
        this.cluster.node.findChild('Secret'),
        this.cluster.secret,
        ...(this.cluster.monitoringRole ? [this.cluster.monitoringRole] : []),
      ],
    });

    // No `endpoint`: aws-cdk-lib would hand the function `https://<vpce-id>.secretsmanager.<region>…`, not
    // a name AWS documents for an endpoint. With private DNS on the endpoint, the regional name the SDK uses
    // (secretsmanager.<region>.amazonaws.com) resolves to it inside the VPC.
    // @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/vpc-endpoint-overview.html
    const rotation = this.cluster.addRotationSingleUser({
      automaticallyAfter: Duration.days(db.secretRotationDays),
      vpcSubnets: props.subnets,
    });
    // The first rotation runs at creation: the endpoint (when this stack creates it) must exist by then.
    if (props.secretsManagerEndpoint !== undefined) rotation.node.addDependency(props.secretsManagerEndpoint);
    this.rotationFunction = rotation.node.findChild('RotationLambda') as lambda.IFunction;

    if (this.cluster.monitoringRole) {
      Validations.of(this.cluster.monitoringRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
        reason:
          'AmazonRDSEnhancedMonitoringRole is the AWS-managed policy made for the Enhanced Monitoring role; it only lets RDS write OS metrics to CloudWatch Logs.',
      });
    }
    if (!db.deletionProtection) {
      Validations.of(this.cluster).acknowledge({
        id: 'AwsSolutions-RDS10',
        reason:
          'Deletion protection is off by config for this non-production environment so `cdk destroy` works; config validation refuses it off in production.',
      });
    }

    const stackName = Stack.of(this).stackName;
    new CfnOutput(this, 'ClusterIdentifierOutput', {
      key: 'ClusterIdentifier',
      value: this.clusterIdentifier,
      exportName: `${stackName}-ClusterIdentifier`,
    });
    new CfnOutput(this, 'ClusterEndpointOutput', {
      key: 'ClusterEndpoint',
      value: this.cluster.clusterEndpoint.hostname,
      description: 'Direct writer endpoint (applications should use the proxy endpoints)',
    });
    new CfnOutput(this, 'SecretArnOutput', {
      key: 'SecretArn',
      value: this.secret.secretArn,
      description: 'Master credentials in Secrets Manager (rotated)',
    });
  }

  /** Admits the database port from `peer` (the connection proxy, or an application's security group). */
  allowConnectionsFrom(peer: ec2.IConnectable, description: string): void {
    this.cluster.connections.allowDefaultPortFrom(peer, description);
  }

  private readerInstance(
    db: DatabaseConfig,
    reader: FixedReaderConfig,
    identifier: string,
    common: rds.ProvisionedClusterInstanceProps,
  ): rds.IClusterInstance {
    if (db.writer.kind === 'serverless-v2') {
      // Serverless v2 readers in tier 0–1 follow the writer's capacity: the failover standby must.
      return rds.ClusterInstance.serverlessV2(reader.name, {
        ...common,
        instanceIdentifier: identifier,
        scaleWithWriter: reader.promotionTier <= 1,
      });
    }
    return rds.ClusterInstance.provisioned(reader.name, {
      ...common,
      instanceIdentifier: identifier,
      instanceType: instanceType(reader.instanceClass ?? db.writer.instanceClass),
      promotionTier: reader.promotionTier,
    });
  }
}

const REMOVAL_POLICIES: Record<DatabaseConfig['removalPolicy'], RemovalPolicy> = {
  destroy: RemovalPolicy.DESTROY,
  snapshot: RemovalPolicy.SNAPSHOT,
  retain: RemovalPolicy.RETAIN,
};

/** `db.r6g.large` → the EC2 instance type `r6g.large` that the L2 constructs expect. */
function instanceType(instanceClass: string): ec2.InstanceType {
  return new ec2.InstanceType(instanceClass.replace(/^db\./, ''));
}
