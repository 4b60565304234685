import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { DatabaseSectionConfig } from '../config/schema/database-section';
import { ExistingDatabaseCluster } from './existing-database-cluster';
import { SurgeDatabaseCluster } from './surge-database-cluster';

/**
 * The database the other constructs work with, whether the stack created it ({@link SurgeDatabaseCluster})
 * or it already existed ({@link ExistingDatabaseCluster}): the proxy, reader autoscaling, the clean-up,
 * the pre-scaler and monitoring only see this.
 */
export interface ISurgeDatabase {
  /** The cluster: the proxy's target; a created one is also what autoscaling and the clean-up wait for. */
  readonly cluster: rds.IDatabaseCluster;
  /** The credentials RDS Proxy logs in with. */
  readonly secret: secretsmanager.ISecret;
  /** `DBClusterIdentifier`, as Aurora Auto Scaling, CloudWatch and the RDS API know it. */
  readonly clusterIdentifier: string;
  /** The fixed instances (the writer today and the fixed readers): the only instances the pre-scaler may resize. */
  readonly instanceIdentifiers: readonly string[];
  /** The port the cluster listens on. */
  readonly port: number;
  /**
   * The function that rotates {@link secret}, when this stack rotates it (a created cluster); alarmed on.
   * @default - none: an existing cluster's secret is rotated, or not, by its owner
   */
  readonly rotationFunction?: lambda.IFunction | undefined;
  /** Admits the database port from `peer` (the connection proxy). */
  allowConnectionsFrom(peer: ec2.IConnectable, description: string): void;
}

export interface SurgeDatabaseProps {
  /** The environment's `database` section. */
  readonly database: DatabaseSectionConfig;
  /** Environment name, used in identifiers and names. */
  readonly environmentName: string;
  readonly vpc: ec2.IVpc;
  /** Subnets for a created cluster: isolated ones. */
  readonly subnets: ec2.SubnetSelection;
  /**
   * Interface endpoint a created cluster's secret rotation reaches Secrets Manager through.
   * @default - none
   */
  readonly secretsManagerEndpoint?: ec2.IInterfaceVpcEndpoint | undefined;
}

/** The environment's database: a new cluster (`kind: 'create'`), or the existing one it names (`kind: 'existing'`). */
export function surgeDatabase(scope: Construct, id: string, props: SurgeDatabaseProps): ISurgeDatabase {
  const { database } = props;
  if (database.kind === 'existing') return new ExistingDatabaseCluster(scope, id, { database, environmentName: props.environmentName });
  return new SurgeDatabaseCluster(scope, id, { ...props, database });
}
