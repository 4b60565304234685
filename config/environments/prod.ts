import type { EnvironmentInput } from '../schema/environment';

/**
 * prod: a provisioned writer with a same-size failover standby, in the shop's existing VPC (imported
 * by id, so synth needs no look-up), retained on delete and protected.
 * Account, VPC and subnet ids are placeholders: set your own before `cdk deploy`.
 */
export const prod = {
  name: 'prod',
  production: true,
  account: '333333333333',
  region: 'eu-west-1',
  tags: { environment: 'prod', costCentre: 'shop-platform', owner: 'devops@example.com' },
  network: {
    kind: 'import',
    vpcId: 'vpc-0a1b2c3d4e5f60718',
    vpcCidr: '10.60.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    isolatedSubnetIds: ['subnet-0a1a1a1a1a1a1a1a1', 'subnet-0b2b2b2b2b2b2b2b2', 'subnet-0c3c3c3c3c3c3c3c3'],
    isolatedRouteTableIds: ['rtb-0a1a1a1a1a1a1a1a1', 'rtb-0b2b2b2b2b2b2b2b2', 'rtb-0c3c3c3c3c3c3c3c3'],
    // Placeholder VPC: it has no Secrets Manager endpoint yet. Set false if yours already has one with private DNS.
    createInterfaceEndpoints: true,
  },
  database: {
    // Aurora PostgreSQL 16, newest minor aws-cdk-lib 2.276 lists (16.6, the first choice, is older and
    // nearer its end of standard support). Version line chosen in docs/engine-version.md.
    engine: 'aurora-postgresql',
    engineVersion: '16.13',
    databaseName: 'shop',
    writer: { kind: 'provisioned', instanceClass: 'db.r6g.xlarge' },
    fixedReaders: [{ name: 'standby', promotionTier: 0 }],
    backup: { retentionDays: 14, preferredWindow: '01:00-02:00' },
    preferredMaintenanceWindow: 'tue:03:00-tue:04:00',
    logRetentionDays: 365,
    performanceInsightsRetentionDays: 31,
    enhancedMonitoringIntervalSeconds: 15,
    slowQueryThresholdMs: 200,
    secretRotationDays: 30,
    removalPolicy: 'retain',
    deletionProtection: true,
  },
  proxy: {
    maxConnectionsPercent: 90,
    maxIdleConnectionsPercent: 50,
    connectionBorrowTimeoutSeconds: 30,
    idleClientTimeoutSeconds: 1800,
    expectedPeakClientConnections: 2500,
    assumedMultiplexingRatio: 2,
  },
  readerAutoScaling: {
    minReplicas: 1,
    maxReplicas: 6,
    targetCpuPercent: 55,
    targetConnectionsPerReader: 700,
    scaleOutCooldownSeconds: 120,
    scaleInCooldownSeconds: 1800,
    disableScaleIn: false,
  },
  preScaler: {
    scheduleRateMinutes: 5,
    leadTimeMinutes: 120,
    coolDownMinutes: 120,
    scaleDownCpuGuardPercent: 40,
    lowTrafficWindow: { daily: '01:00-06:00', timeZone: 'Europe/Paris' },
    dryRun: false,
    reactive: {
      // On: an unplanned surge grows the writer one class at a time up to the ceiling (docs/campaigns.md, "Reactive scale-up").
      enabled: true,
      ceiling: { kind: 'provisioned', instanceClass: 'db.r6g.4xlarge' },
      proxyBorrowLatencyMicros: 50_000,
    },
  },
  monitoring: {
    alarmActionsEnabled: true,
    // PLACEHOLDER: docs/monitoring.md as your team browses it (your repository's web view). Every alarm
    // description and the dashboard link its sections; the on-call follows that link at 3 a.m.
    runbookUrl: 'https://github.com/example-shop/aurora-surge/blob/main/docs/monitoring.md',
    notifications: {
      // Placeholders: the on-call rota's paging address (or an incident tool's https endpoint) and the team list.
      critical: { emails: ['db-oncall@example.com'] },
      warning: { emails: ['devops@example.com'] },
    },
    thresholds: {
      writerCpuPercent: { warning: 65, critical: 85 },
    },
  },
} satisfies EnvironmentInput;
