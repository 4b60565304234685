import { Annotations, CfnOutput, Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import type { ProxyConfig } from '../config/schema/proxy';
import { connectionBudget, formatBudget, type ConnectionBudget, type Engine, type WriterCapacity } from './connection-budget';
import type { SurgeDatabaseCluster } from './surge-database-cluster';

/** One writer capacity the proxy pool must serve: the baseline, or a campaign's target. */
export interface BudgetCheck {
  /** What the capacity is for, as printed: `baseline`, `campaign "black-friday"`. */
  readonly scope: string;
  readonly capacity: WriterCapacity;
  readonly expectedPeakClientConnections: number;
}

export interface ConnectionProxyProps {
  readonly environmentName: string;
  /** A production environment fails synth when the pool cannot serve a peak; others get a warning. */
  readonly production: boolean;
  readonly engine: Engine;
  /** The environment's `proxy` config. */
  readonly proxy: ProxyConfig;
  /** The cluster the proxy fronts; its security group is opened to the proxy only. */
  readonly database: SurgeDatabaseCluster;
  readonly vpc: ec2.IVpc;
  /** The isolated subnets the cluster lives in. */
  readonly subnets: ec2.SubnetSelection;
  /** Writer capacities to check the pool against, the baseline first. */
  readonly budgetChecks: readonly BudgetCheck[];
}

/** Stable id of the connection-budget warning, for acknowledgement in non-production environments. */
export const CONNECTION_BUDGET_WARNING_ID = 'aurora-surge:connectionBudget';

/**
 * RDS Proxy in front of the cluster: the default read/write endpoint (follows the writer across a
 * failover) and a READ_ONLY endpoint that spreads reads over every reader, auto-scaled ones included.
 *
 * Security groups form a chain, application → proxy → database, on the database port only:
 * applications attach {@link clientSecurityGroup} (or are listed by id in config); the proxy's group
 * admits them; the cluster's group admits the proxy. TLS is required on every client connection.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-proxy.html
 */
export class ConnectionProxy extends Construct {
  readonly proxy: rds.DatabaseProxy;
  readonly readOnlyEndpoint: rds.IDatabaseProxyEndpoint;
  readonly securityGroup: ec2.SecurityGroup;
  /** Attach this group to application instances/tasks/functions that connect to the proxy. */
  readonly clientSecurityGroup: ec2.SecurityGroup;
  /** The budget checks as computed at synth, the baseline first. */
  readonly budgets: readonly ConnectionBudget[];

  constructor(scope: Construct, id: string, props: ConnectionProxyProps) {
    super(scope, id);
    const config = props.proxy;
    const port = props.database.port;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `aurora-surge ${props.environmentName}: RDS Proxy; admits the database port from application clients only`,
      allowAllOutbound: false,
    });
    this.clientSecurityGroup = new ec2.SecurityGroup(this, 'ClientSecurityGroup', {
      vpc: props.vpc,
      description: `aurora-surge ${props.environmentName}: attach to applications that connect to the database proxy`,
      allowAllOutbound: false,
    });

    this.proxy = new rds.DatabaseProxy(this, 'Proxy', {
      dbProxyName: `aurora-surge-${props.environmentName}`,
      proxyTarget: rds.ProxyTarget.fromCluster(props.database.cluster),
      secrets: [props.database.secret],
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [this.securityGroup],
      requireTLS: true,
      iamAuth: config.requireIamAuthentication,
      maxConnectionsPercent: config.maxConnectionsPercent,
      maxIdleConnectionsPercent: config.maxIdleConnectionsPercent,
      borrowTimeout: Duration.seconds(config.connectionBorrowTimeoutSeconds),
      idleClientTimeout: Duration.seconds(config.idleClientTimeoutSeconds),
      sessionPinningFilters: config.sessionPinningFilters.map(() => rds.SessionPinningFilter.EXCLUDE_VARIABLE_SETS),
      ...(config.initQuery === undefined ? {} : { initQuery: config.initQuery }),
      debugLogging: false,
    });
    this.readOnlyEndpoint = this.proxy.addEndpoint('ReadOnly', {
      dbProxyEndpointName: `aurora-surge-${props.environmentName}-read-only`,
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [this.securityGroup],
      targetRole: rds.ProxyEndpointTargetRole.READ_ONLY,
    });
    // A READ_ONLY endpoint needs a reader registered behind the proxy: create it after the target group
    // (which registers the cluster), not in parallel with it.
    // @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-endpoints.html#rds-proxy-endpoints-reader
    this.readOnlyEndpoint.node.addDependency(this.proxy.node.findChild('ProxyTargetGroup'));

    // The chain: clients → proxy → database, on the database port only.
    this.securityGroup.connections.allowFrom(this.clientSecurityGroup, ec2.Port.tcp(port), 'Database port from application clients');
    config.applicationSecurityGroupIds.forEach((sgId, i) => {
      const sg = ec2.SecurityGroup.fromSecurityGroupId(this, `ApplicationSecurityGroup${i}`, sgId, { mutable: false });
      this.securityGroup.addIngressRule(
        ec2.Peer.securityGroupId(sg.securityGroupId),
        ec2.Port.tcp(port),
        `Database port from application security group ${sgId}`,
      );
    });
    props.database.allowConnectionsFrom(this.securityGroup, 'Database port from the connection proxy');

    this.budgets = props.budgetChecks.map((c) =>
      connectionBudget(c.scope, props.engine, c.capacity, config, c.expectedPeakClientConnections),
    );
    for (const budget of this.budgets.filter((b) => !b.fits)) {
      const message = `[${props.environmentName}] connection budget: ${formatBudget(budget)}`;
      if (props.production) Annotations.of(this).addError(message);
      else Annotations.of(this).addWarningV2(CONNECTION_BUDGET_WARNING_ID, message);
    }

    new CfnOutput(this, 'EndpointOutput', {
      key: 'ProxyEndpoint',
      value: this.proxy.endpoint,
      description: 'Read/write endpoint: writes and read-your-writes reads',
    });
    new CfnOutput(this, 'ReadOnlyEndpointOutput', {
      key: 'ProxyReadOnlyEndpoint',
      value: this.readOnlyEndpoint.endpoint,
      description: 'Read-only endpoint: reads spread over all readers',
    });
    new CfnOutput(this, 'PortOutput', {
      key: 'ProxyPort',
      value: String(port),
      description: 'Database port on both proxy endpoints (TLS required)',
    });
    new CfnOutput(this, 'ClientSecurityGroupOutput', {
      key: 'DatabaseClientSecurityGroupId',
      value: this.clientSecurityGroup.securityGroupId,
      description: 'Attach to applications that connect to the proxy',
    });
  }
}
