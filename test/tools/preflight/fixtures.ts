import { validateEnvironment, type EnvironmentConfig, type EnvironmentInput } from '../../../config';
import { loadCalendar } from '../../../config/load-calendar';
import type { Campaign, CampaignInput } from '../../../lambda/pre-scaler/core';

/** A fixture environment with real-looking ids and addresses: nothing here is a placeholder. */
export const SHOP_INPUT = {
  name: 'shop',
  production: true,
  account: '480912375566',
  region: 'eu-central-1',
  tags: { environment: 'shop', costCentre: 'platform', owner: 'platform-team@shop.test' },
  network: {
    kind: 'import',
    vpcId: 'vpc-07f3c9e21d84b5a6e',
    vpcCidr: '10.20.0.0/16',
    availabilityZones: ['eu-central-1a', 'eu-central-1b'],
    isolatedSubnetIds: ['subnet-0e4f8d2c7b9a13f60', 'subnet-09c2a7e5f1d38b4e7'],
    isolatedRouteTableIds: ['rtb-0d6e1f9a3c7b24e58', 'rtb-04b9e2c8f6a1d37e5'],
    createInterfaceEndpoints: true,
  },
  database: {
    engine: 'aurora-postgresql',
    engineVersion: '16.6',
    databaseName: 'shop',
    writer: { kind: 'provisioned', instanceClass: 'db.r6g.large' },
    fixedReaders: [{ name: 'standby', promotionTier: 0 }],
    backup: { retentionDays: 7, preferredWindow: '01:00-02:00' },
    preferredMaintenanceWindow: 'tue:03:00-tue:04:00',
    logRetentionDays: 365,
    performanceInsightsRetentionDays: 7,
    enhancedMonitoringIntervalSeconds: 30,
    slowQueryThresholdMs: 200,
    secretRotationDays: 30,
    removalPolicy: 'retain',
    deletionProtection: true,
  },
  proxy: {
    maxConnectionsPercent: 90,
    maxIdleConnectionsPercent: 50,
    connectionBorrowTimeoutSeconds: 30,
    expectedPeakClientConnections: 400,
    assumedMultiplexingRatio: 2,
  },
  readerAutoScaling: {
    minReplicas: 2,
    maxReplicas: 5,
    targetCpuPercent: 60,
    targetConnectionsPerReader: 500,
    scaleOutCooldownSeconds: 120,
    scaleInCooldownSeconds: 1200,
    disableScaleIn: false,
  },
  preScaler: {
    scheduleRateMinutes: 5,
    leadTimeMinutes: 120,
    coolDownMinutes: 60,
    scaleDownCpuGuardPercent: 40,
    dryRun: false,
  },
  monitoring: {
    alarmActionsEnabled: true,
    runbookUrl: 'https://git.shop.test/platform/aurora-surge/blob/main/docs/monitoring.md',
    notifications: { critical: { emails: ['oncall@shop.test'] }, warning: { emails: ['platform-team@shop.test'] } },
  },
} satisfies EnvironmentInput;

/** The fixture environment, validated, with one change applied to a copy first. */
export function shopEnv(patch: (env: any) => void = () => {}): EnvironmentConfig {
  const copy = structuredClone(SHOP_INPUT) as any;
  patch(copy);
  return validateEnvironment(copy, copy.name);
}

/** A campaign for the fixture environment: 2026-11-27 00:00–06:00 UTC, writer db.r6g.4xlarge, floor 4. */
export const SALE: CampaignInput = {
  id: 'winter-sale',
  environments: ['shop'],
  start: '2026-11-27T00:00:00Z',
  end: '2026-11-27T06:00:00Z',
  writer: { instanceClass: 'db.r6g.4xlarge' },
  readerFloor: 4,
};

/** Validated campaigns for an environment, from fixture entries (never the committed calendar). */
export function campaignsFor(env: EnvironmentConfig, inputs: readonly CampaignInput[] = [SALE]): readonly Campaign[] {
  return loadCalendar(env, { now: new Date('2026-11-01T00:00:00Z'), campaigns: inputs }).campaigns;
}
