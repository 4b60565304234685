import type { EnvironmentInput } from '../../config';

/**
 * A literal environment around an existing cluster, independent of the committed ones: the tests of
 * `database.kind: 'existing'` build from it.
 */
export function existingClusterEnvironment(): EnvironmentInput {
  return {
    name: 'brownfield',
    production: false,
    account: '555555555555',
    region: 'eu-central-1',
    tags: { environment: 'brownfield', costCentre: 'shop', owner: 'devops@example.com' },
    network: {
      kind: 'import',
      vpcId: 'vpc-0f1f1f1f1f1f1f1f1',
      vpcCidr: '10.80.0.0/16',
      availabilityZones: ['eu-central-1a', 'eu-central-1b'],
      isolatedSubnetIds: ['subnet-0f1f1f1f1f1f1f1f1', 'subnet-0f2f2f2f2f2f2f2f2'],
      isolatedRouteTableIds: ['rtb-0f1f1f1f1f1f1f1f1', 'rtb-0f2f2f2f2f2f2f2f2'],
      createInterfaceEndpoints: false,
    },
    database: {
      kind: 'existing',
      clusterIdentifier: 'legacy-shop',
      engine: 'aurora-postgresql',
      engineVersion: '15.8',
      port: 6543,
      databaseName: 'shop',
      writer: { kind: 'provisioned', instanceClass: 'db.r6g.large' },
      writerInstanceIdentifier: 'legacy-shop-a',
      standbyInstanceIdentifier: 'legacy-shop-b',
      securityGroupIds: ['sg-0f1f1f1f1f1f1f1f1', 'sg-0f2f2f2f2f2f2f2f2'],
      secret: {
        arn: 'arn:aws:secretsmanager:eu-central-1:555555555555:secret:legacy-shop/proxy-Xy12Zq',
        kmsKeyArn: 'arn:aws:kms:eu-central-1:555555555555:key/0f0f0f0f-1111-2222-3333-444444444444',
      },
      logRetentionDays: 365, // AWS Control Tower CT.CLOUDWATCH.PR.2 asks for a year
    },
    proxy: { expectedPeakClientConnections: 400 },
    readerAutoScaling: {
      minReplicas: 1,
      maxReplicas: 3,
      targetCpuPercent: 60,
      targetConnectionsPerReader: 300,
      scaleOutCooldownSeconds: 120,
      scaleInCooldownSeconds: 900,
      disableScaleIn: false,
    },
    preScaler: { scheduleRateMinutes: 5, leadTimeMinutes: 70, coolDownMinutes: 30, scaleDownCpuGuardPercent: 50, dryRun: false },
    monitoring: {
      alarmActionsEnabled: true,
      runbookUrl: 'https://runbooks.example.com/aurora-surge/monitoring',
      notifications: { critical: { emails: ['oncall@example.com'] } },
    },
  };
}
