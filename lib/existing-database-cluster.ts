import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { ExistingDatabaseConfig } from '../config/schema/existing-database';
import { clusterEngineOf } from './private/engine';
import type { ISurgeDatabase } from './surge-database';

export interface ExistingDatabaseClusterProps {
  /** The environment's `database` section, `kind: 'existing'`. */
  readonly database: ExistingDatabaseConfig;
  /** Environment name, for descriptions. */
  readonly environmentName: string;
}

/**
 * An Aurora cluster the stack does not create, described by config and referenced without a look-up
 * (`DatabaseCluster.fromDatabaseClusterAttributes`, `Secret.fromSecretAttributes`, `Key.fromKeyArn`), so
 * synth stays offline. Nothing here is an `AWS::RDS::*` resource: the stack never changes the cluster's
 * own properties, its instances, parameter groups, backups or key.
 *
 * What the stack does add next to it: one `AWS::EC2::SecurityGroupIngress` on the cluster's first
 * security group (the database port from the proxy's group; it goes with the stack), the proxy's
 * `kms:Decrypt` on the secret's key through Secrets Manager only, and, around it, the proxy, reader
 * autoscaling, the clean-up, the pre-scaler and monitoring. See docs/adopt-existing-cluster.md.
 *
 * @see https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_rds.DatabaseCluster.html#static-fromwbrdatabasewbrclusterwbrattributesscope-id-attrs
 */
export class ExistingDatabaseCluster extends Construct implements ISurgeDatabase {
  readonly cluster: rds.IDatabaseCluster;
  readonly secret: secretsmanager.ISecret;
  /** The key that encrypts the secret. */
  readonly secretKey: kms.IKey;
  readonly clusterIdentifier: string;
  readonly instanceIdentifiers: readonly string[];
  readonly port: number;

  constructor(scope: Construct, id: string, props: ExistingDatabaseClusterProps) {
    super(scope, id);
    const db = props.database;
    this.clusterIdentifier = db.clusterIdentifier;
    this.port = db.port;
    this.instanceIdentifiers = [db.writerInstanceIdentifier, db.standbyInstanceIdentifier];

    // Only the first group is mutable: the proxy's ingress rule goes there, and the others stay untouched.
    const securityGroups = db.securityGroupIds.map((sgId, i) =>
      ec2.SecurityGroup.fromSecurityGroupId(this, `SecurityGroup${i}`, sgId, { mutable: i === 0, allowAllOutbound: true }),
    );
    this.cluster = rds.DatabaseCluster.fromDatabaseClusterAttributes(this, 'Cluster', {
      clusterIdentifier: db.clusterIdentifier,
      engine: clusterEngineOf(db.engine, db.engineVersion),
      port: db.port,
      securityGroups,
    });

    this.secretKey = kms.Key.fromKeyArn(this, 'SecretKey', db.secret.kmsKeyArn);
    this.secret = secretsmanager.Secret.fromSecretAttributes(this, 'Secret', {
      secretCompleteArn: db.secret.arn,
      encryptionKey: this.secretKey,
    });

    const stackName = Stack.of(this).stackName;
    new CfnOutput(this, 'ClusterIdentifierOutput', {
      key: 'ClusterIdentifier',
      value: this.clusterIdentifier,
      exportName: `${stackName}-ClusterIdentifier`,
      description: `The existing cluster aurora-surge ${props.environmentName} builds around (not managed by this stack)`,
    });
    new CfnOutput(this, 'SecretArnOutput', {
      key: 'SecretArn',
      value: this.secret.secretArn,
      description: 'The credentials the proxy logs in with (not managed by this stack)',
    });
  }

  allowConnectionsFrom(peer: ec2.IConnectable, description: string): void {
    this.cluster.connections.allowDefaultPortFrom(peer, description);
  }
}
