import { Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/schema/environment';
import type { BudgetCheck } from './connection-proxy';
import { ConnectionProxy } from './connection-proxy';
import { DatabaseNetwork } from './database-network';
import { ReaderAutoScaling } from './reader-auto-scaling';
import { SurgeDatabaseCluster } from './surge-database-cluster';

export interface AuroraSurgeStackProps extends StackProps {
  /** The validated environment config (from `loadConfig`). */
  readonly config: EnvironmentConfig;
}

/** Stack name for an environment: `AuroraSurge-<env>`. */
export function stackNameFor(environment: string): string {
  return `AuroraSurge-${environment}`;
}

/**
 * One environment of aurora-surge. It only composes constructs; each construct holds its own logic.
 */
export class AuroraSurgeStack extends Stack {
  readonly network: DatabaseNetwork;
  readonly database: SurgeDatabaseCluster;
  readonly proxy: ConnectionProxy;
  readonly readerAutoScaling: ReaderAutoScaling;
  private readonly configuredAvailabilityZones: readonly string[];

  constructor(scope: Construct, id: string, props: AuroraSurgeStackProps) {
    const { config } = props;
    super(scope, id, {
      ...props,
      env: { account: config.account, region: config.region },
      description: `aurora-surge ${config.name}: Aurora cluster, connection proxy, reader autoscaling, monitoring and campaign pre-scaler`,
      terminationProtection: config.production,
    });
    this.configuredAvailabilityZones = config.network.availabilityZones ?? [];

    Tags.of(this).add('Environment', config.tags.environment);
    Tags.of(this).add('CostCentre', config.tags.costCentre);
    Tags.of(this).add('Owner', config.tags.owner);
    Tags.of(this).add('Application', 'aurora-surge');

    this.network = new DatabaseNetwork(this, 'Network', { network: config.network });
    this.database = new SurgeDatabaseCluster(this, 'Database', {
      database: config.database,
      environmentName: config.name,
      vpc: this.network.vpc,
      subnets: this.network.isolatedSubnets,
      secretsManagerEndpoint: this.network.secretsManagerEndpoint,
    });
    this.proxy = new ConnectionProxy(this, 'ConnectionProxy', {
      environmentName: config.name,
      production: config.production,
      engine: config.database.engine,
      proxy: config.proxy,
      database: this.database,
      vpc: this.network.vpc,
      subnets: this.network.isolatedSubnets,
      budgetChecks: budgetChecks(config),
    });
    this.readerAutoScaling = new ReaderAutoScaling(this, 'ReaderAutoScaling', {
      clusterIdentifier: this.database.clusterIdentifier,
      cluster: this.database.cluster,
      config: config.readerAutoScaling,
    });
  }

  /**
   * The zones come from config, never from a context look-up, so synth stays offline
   * (a concrete `env` would otherwise make `Vpc` ask the account for its zones).
   */
  override get availabilityZones(): string[] {
    return [...this.configuredAvailabilityZones];
  }
}

/** The writer capacities the proxy pool is checked against: the baseline writer at the environment's peak. */
function budgetChecks(config: EnvironmentConfig): BudgetCheck[] {
  const writer = config.database.writer;
  return [{
    scope: 'baseline',
    capacity: writer.kind === 'provisioned' ? { kind: 'provisioned', instanceClass: writer.instanceClass } : { kind: 'serverless-v2', minCapacity: writer.minCapacity, maxCapacity: writer.maxCapacity },
    expectedPeakClientConnections: config.proxy.expectedPeakClientConnections,
  }];
}
