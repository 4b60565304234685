import type { EnvironmentInput } from '../schema/environment';

/**
 * adopted: aurora-surge around an Aurora cluster the shop already runs (`database.kind: 'existing'`).
 * The stack adds the proxy, reader autoscaling, the pre-scaler and monitoring, and never changes the
 * cluster itself (docs/adopt-existing-cluster.md). Every id and ARN is a placeholder: set your own,
 * then run `npm run preflight -- --env adopted` before `cdk deploy`.
 */
export const adopted = {
  name: 'adopted',
  production: true,
  account: '444444444444',
  region: 'eu-west-1',
  tags: { environment: 'adopted', costCentre: 'shop-platform', owner: 'devops@example.com' },
  network: {
    kind: 'import',
    vpcId: 'vpc-0d4d4d4d4d4d4d4d4',
    vpcCidr: '10.70.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    isolatedSubnetIds: ['subnet-0d4d4d4d4d4d4d4d4', 'subnet-0e5e5e5e5e5e5e5e5'],
    isolatedRouteTableIds: ['rtb-0d4d4d4d4d4d4d4d4', 'rtb-0e5e5e5e5e5e5e5e5'],
    // The stack rotates no secret of an existing cluster; its VPC has the endpoints it needs (or none are needed: functions run outside the VPC).
    createInterfaceEndpoints: false,
  },
  database: {
    kind: 'existing',
    clusterIdentifier: 'shop-orders',
    engine: 'aurora-postgresql',
    engineVersion: '16.6',
    port: 5432,
    databaseName: 'orders',
    writer: { kind: 'provisioned', instanceClass: 'db.r6g.xlarge' },
    writerInstanceIdentifier: 'shop-orders-instance-1',
    standbyInstanceIdentifier: 'shop-orders-instance-2',
    securityGroupIds: ['sg-0d4d4d4d4d4d4d4d4'],
    secret: {
      arn: 'arn:aws:secretsmanager:eu-west-1:444444444444:secret:shop-orders/proxy-AbC123',
      kmsKeyArn: 'arn:aws:kms:eu-west-1:444444444444:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    },
    logRetentionDays: 365,
  },
  proxy: {
    maxConnectionsPercent: 90,
    maxIdleConnectionsPercent: 50,
    connectionBorrowTimeoutSeconds: 30,
    idleClientTimeoutSeconds: 1800,
    expectedPeakClientConnections: 2000,
    assumedMultiplexingRatio: 2,
  },
  readerAutoScaling: {
    minReplicas: 2,
    maxReplicas: 5,
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
      // Off until the adopted cluster's owners opt in; the ceiling still bounds `npm run surge`.
      enabled: false,
      ceiling: { kind: 'provisioned', instanceClass: 'db.r6g.2xlarge' },
    },
  },
  monitoring: {
    alarmActionsEnabled: true,
    // PLACEHOLDER: docs/monitoring.md as your team browses it (your repository's web view). Every alarm
    // description and the dashboard link its sections; the on-call follows that link at 3 a.m.
    runbookUrl: 'https://github.com/example-shop/aurora-surge/blob/main/docs/monitoring.md',
    notifications: {
      critical: { emails: ['db-oncall@example.com'] },
      warning: { emails: ['devops@example.com'] },
    },
  },
} satisfies EnvironmentInput;
