import { Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/schema/environment';
import { DatabaseNetwork } from './database-network';
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
  }

  /**
   * The zones come from config, never from a context look-up, so synth stays offline
   * (a concrete `env` would otherwise make `Vpc` ask the account for its zones).
   */
  override get availabilityZones(): string[] {
    return [...this.configuredAvailabilityZones];
  }
}
