import type { EnvironmentInput } from '../schema/environment';

/**
 * dev: a Serverless v2 writer that idles cheaply, a new VPC, and a database that may be destroyed.
 * The account id is a placeholder: set your own before `cdk deploy`.
 */
export const dev = {
  name: 'dev',
  production: false,
  account: '111111111111',
  region: 'eu-west-1',
  tags: { environment: 'dev', costCentre: 'shop-platform', owner: 'devops@example.com' },
  network: { kind: 'create', cidr: '10.40.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b'] },
  database: {
    // Aurora PostgreSQL 16, newest minor aws-cdk-lib 2.276 lists (16.6, the first choice, is older and
    // nearer its end of standard support). Version line chosen in docs/engine-version.md.
    engine: 'aurora-postgresql',
    engineVersion: '16.13',
    databaseName: 'shop',
    writer: { kind: 'serverless-v2', minCapacity: 0.5, maxCapacity: 8 },
    fixedReaders: [{ name: 'standby', promotionTier: 0 }],
    backup: { retentionDays: 1, preferredWindow: '02:00-03:00' },
    preferredMaintenanceWindow: 'sun:03:30-sun:04:30',
    logRetentionDays: 7,
    performanceInsightsRetentionDays: 7,
    enhancedMonitoringIntervalSeconds: 60,
    slowQueryThresholdMs: 500,
    secretRotationDays: 30,
    removalPolicy: 'destroy',
    deletionProtection: false,
  },
  proxy: {
    expectedPeakClientConnections: 300,
  },
  readerAutoScaling: {
    minReplicas: 1,
    maxReplicas: 3,
    targetCpuPercent: 60,
    targetConnectionsPerReader: 300,
    scaleOutCooldownSeconds: 120,
    scaleInCooldownSeconds: 900,
    disableScaleIn: false,
  },
  preScaler: {
    scheduleRateMinutes: 5,
    leadTimeMinutes: 60,
    coolDownMinutes: 30,
    scaleDownCpuGuardPercent: 50,
    dryRun: false,
    reactive: {
      // Off in dev: a load test there must not grow capacity by itself. The ceiling still bounds `npm run surge`.
      enabled: false,
      ceiling: { kind: 'serverless-v2', maxCapacity: 32 },
    },
  },
  monitoring: {
    // Dev alarms exist (and show on the dashboard) but notify nobody: nobody is on call for dev.
    alarmActionsEnabled: false,
  },
} satisfies EnvironmentInput;
