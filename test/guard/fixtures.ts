import type { CreatedClusterEnvironmentInput } from '../../config/schema/environment';
import type { EnvironmentInput } from '../../config';

/**
 * Literal environments shaped like staging and prod (a created VPC and an imported one, a provisioned
 * writer with a failover standby, kept databases, a year of logs), independent of the committed
 * environment files and calendar: the guard tests check what the stack builds from such a config.
 */
export const STAGING_SHAPED: EnvironmentInput = {
  name: 'guardstage',
  production: false,
  account: '444444444444',
  region: 'eu-west-1',
  tags: { environment: 'guardstage', costCentre: 'guard-tests', owner: 'guard@example.com' },
  network: { kind: 'create', cidr: '10.70.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] },
  database: {
    engine: 'aurora-postgresql',
    engineVersion: '16.6',
    databaseName: 'shop',
    writer: { kind: 'provisioned', instanceClass: 'db.r6g.large' },
    fixedReaders: [{ name: 'standby', promotionTier: 0 }],
    backup: { retentionDays: 7, preferredWindow: '02:00-03:00' },
    preferredMaintenanceWindow: 'sun:03:30-sun:04:30',
    logRetentionDays: 365,
    performanceInsightsRetentionDays: 7,
    enhancedMonitoringIntervalSeconds: 30,
    slowQueryThresholdMs: 250,
    secretRotationDays: 30,
    removalPolicy: 'snapshot',
    deletionProtection: true,
  },
  proxy: { expectedPeakClientConnections: 800 },
  readerAutoScaling: {
    minReplicas: 1,
    maxReplicas: 4,
    targetCpuPercent: 60,
    targetConnectionsPerReader: 500,
    scaleOutCooldownSeconds: 120,
    scaleInCooldownSeconds: 1200,
    disableScaleIn: false,
  },
  preScaler: { scheduleRateMinutes: 5, leadTimeMinutes: 90, coolDownMinutes: 60, scaleDownCpuGuardPercent: 45, dryRun: false },
  monitoring: {
    alarmActionsEnabled: true,
    runbookUrl: 'https://runbooks.example.com/aurora-surge/monitoring',
    notifications: { critical: { emails: ['guard-oncall@example.com'] }, warning: { emails: ['guard@example.com'] } },
  },
};

export const PROD_SHAPED: EnvironmentInput = {
  ...STAGING_SHAPED,
  name: 'guardprod',
  production: true,
  account: '555555555555',
  tags: { environment: 'guardprod', costCentre: 'guard-tests', owner: 'guard@example.com' },
  network: {
    kind: 'import',
    vpcId: 'vpc-0f0e0d0c0b0a09080',
    vpcCidr: '10.80.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    isolatedSubnetIds: ['subnet-0f1f1f1f1f1f1f1f1', 'subnet-0f2f2f2f2f2f2f2f2'],
    isolatedRouteTableIds: ['rtb-0f1f1f1f1f1f1f1f1', 'rtb-0f2f2f2f2f2f2f2f2'],
    createInterfaceEndpoints: true,
  },
  database: {
    ...(STAGING_SHAPED.database as CreatedClusterEnvironmentInput['database']),
    writer: { kind: 'provisioned', instanceClass: 'db.r6g.xlarge' },
    removalPolicy: 'retain',
  },
};

/** The same environment with the stack's functions inside the VPC (`network.functionPlacement`). */
export function withFunctionsInVpc(env: EnvironmentInput): EnvironmentInput {
  return { ...env, name: `${env.name}vpc`, network: { ...env.network, functionPlacement: 'isolated-subnets' } };
}
