import type { EnvironmentInput } from '../schema/environment';

/**
 * staging: the same shape as prod (provisioned writer, failover standby, protected), smaller.
 * Campaigns are rehearsed here. The account id is a placeholder: set your own before `cdk deploy`.
 */
export const staging = {
  name: 'staging',
  production: false,
  account: '222222222222',
  region: 'eu-west-1',
  tags: { environment: 'staging', costCentre: 'shop-platform', owner: 'devops@example.com' },
  network: { kind: 'create', cidr: '10.50.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] },
  database: {
    // Aurora PostgreSQL 16, newest minor aws-cdk-lib 2.276 lists (16.6, the first choice, is older and
    // nearer its end of standard support). Version line chosen in docs/engine-version.md.
    engine: 'aurora-postgresql',
    engineVersion: '16.13',
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
  proxy: {
    maxConnectionsPercent: 90,
    maxIdleConnectionsPercent: 50,
    connectionBorrowTimeoutSeconds: 30,
    expectedPeakClientConnections: 1200,
    assumedMultiplexingRatio: 2,
  },
  readerAutoScaling: {
    minReplicas: 1,
    maxReplicas: 4,
    targetCpuPercent: 60,
    targetConnectionsPerReader: 500,
    scaleOutCooldownSeconds: 120,
    scaleInCooldownSeconds: 1200,
    disableScaleIn: false,
  },
  preScaler: {
    scheduleRateMinutes: 5,
    leadTimeMinutes: 90,
    coolDownMinutes: 60,
    scaleDownCpuGuardPercent: 45,
    lowTrafficWindow: { daily: '01:00-06:00', timeZone: 'Europe/Paris' },
    dryRun: false,
    reactive: {
      // On: an unplanned surge grows the writer one class at a time up to the ceiling (docs/campaigns.md, "Reactive scale-up").
      enabled: true,
      ceiling: { kind: 'provisioned', instanceClass: 'db.r6g.2xlarge' },
      proxyBorrowLatencyMicros: 50_000,
    },
  },
  monitoring: {
    alarmActionsEnabled: true,
    // PLACEHOLDER: docs/monitoring.md as your team browses it (your repository's web view). Every alarm
    // description and the dashboard link its sections; the on-call follows that link at 3 a.m.
    runbookUrl: 'https://github.com/example-shop/aurora-surge/blob/main/docs/monitoring.md',
    notifications: {
      critical: { emails: ['devops@example.com'] },
      warning: { emails: ['devops@example.com'] },
    },
  },
} satisfies EnvironmentInput;
