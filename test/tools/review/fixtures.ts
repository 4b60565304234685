import { validateEnvironment } from '../../../config/load-config';
import type { EnvironmentInput } from '../../../config/schema/environment';
import type { CampaignInput } from '../../../lambda/pre-scaler/core';
import type { InstancePrice } from '../../../tools/review/prices';
import type { Decision, MetricKey, MetricSeries, ReviewData } from '../../../tools/review/review-data';

/** A provisioned environment in us-east-1 (literal settings, not the committed ones). */
export const ENV_INPUT = {
  name: 'prod',
  production: true,
  account: '111111111111',
  region: 'us-east-1',
  tags: { environment: 'prod', costCentre: 'shop', owner: 'team@example.com' },
  network: { kind: 'create', cidr: '10.70.0.0/16', availabilityZones: ['us-east-1a', 'us-east-1b'] },
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
    enhancedMonitoringIntervalSeconds: 60,
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
    expectedPeakClientConnections: 1000,
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
  // Lead 70 min: a provisioned writer needs about 66 (a spare reader first, then resize, failover, resize).
  preScaler: { scheduleRateMinutes: 5, leadTimeMinutes: 70, coolDownMinutes: 60, scaleDownCpuGuardPercent: 40, dryRun: false },
  monitoring: {
    alarmActionsEnabled: true,
    notifications: { critical: { emails: ['oncall@example.com'] }, warning: { emails: ['team@example.com'] } },
    runbookUrl: 'https://git.shop.test/platform/aurora-surge/blob/main/docs/monitoring.md',
    thresholds: { writerCpuPercent: { warning: 70, critical: 90 }, readerCpuPercent: { warning: 75, critical: 90 } },
  },
} satisfies EnvironmentInput;

export const ENV = validateEnvironment(ENV_INPUT);

/** 20:00–22:00 UTC on 2026-11-27; lead time 60 min, so the pre-scaler starts at 19:00. */
export const START_MS = Date.parse('2026-11-27T20:00:00Z');
export const END_MS = Date.parse('2026-11-27T22:00:00Z');
export const NOW_MS = Date.parse('2026-11-30T12:00:00Z');
const MIN = 60_000;

export const CALENDAR: CampaignInput[] = [
  {
    id: 'flash-sale',
    environments: ['prod'],
    start: '2026-11-27T20:00Z',
    end: '2026-11-27T22:00Z',
    writer: { instanceClass: 'db.r6g.4xlarge' },
    readerFloor: 3,
    owner: 'team@example.com',
    expectedPeak: { clientConnections: 3000, transactionsPerSecond: 2000, multipleOfBaseline: 4 },
  },
];

/** Prices for the fixture's classes (literal, not the committed table). */
export const PRICES: InstancePrice[] = [
  {
    region: 'us-east-1',
    engine: 'aurora-postgresql',
    instanceClass: 'db.r6g.large',
    usdPerHour: 0.3,
    source: { url: 'fixture://prices', note: 'test' },
  },
  {
    region: 'us-east-1',
    engine: 'aurora-postgresql',
    instanceClass: 'db.r6g.4xlarge',
    usdPerHour: 2.4,
    source: { url: 'fixture://prices', note: 'test' },
  },
];

/** One run's log line, as the pre-scaler writes it (Powertools JSON). */
export function runLine(
  atMs: number,
  fields: { outcome: string; kind: string; direction?: 'up' | 'down'; ready: boolean; inForce: string[]; reason?: string },
): string {
  return JSON.stringify({
    level: 'INFO',
    message: 'pre-scaler run',
    service: 'aurora-surge-pre-scaler',
    timestamp: new Date(atMs).toISOString(),
    outcome: fields.outcome,
    dryRun: false,
    action: {
      kind: fields.kind,
      reason: fields.reason ?? `${fields.kind} for flash-sale`,
      ...(fields.direction ? { direction: fields.direction, campaignId: 'flash-sale' } : {}),
    },
    desired: { writer: {}, readerFloor: 3, inForce: fields.inForce },
    ready: fields.ready,
  });
}

/**
 * The runs of a campaign whose capacity is ready `readyAfterMin` minutes after the lead time starts (19:00):
 * a resize, a failover, a resize, the floor, then ready; after the end + cool-down, the way back.
 */
export function runLines(readyAfterMin: number): string[] {
  const lead = START_MS - 60 * MIN;
  const lines: string[] = [];
  for (let t = lead - 30 * MIN; t < END_MS + 120 * MIN; t += 5 * MIN) {
    const inForce = t >= lead && t < END_MS + 60 * MIN ? ['flash-sale'] : [];
    const sinceLead = (t - lead) / MIN;
    const ready = inForce.length === 0 || sinceLead >= readyAfterMin;
    if (t === lead)
      lines.push(
        runLine(t, {
          outcome: 'acted',
          kind: 'modify-instance',
          direction: 'up',
          ready: false,
          inForce,
          reason: 'resize the standby to db.r6g.4xlarge',
        }),
      );
    else if (t === lead + 20 * MIN)
      lines.push(
        runLine(t, {
          outcome: 'acted',
          kind: 'failover',
          direction: 'up',
          ready: false,
          inForce,
          reason: 'fail over to the resized standby',
        }),
      );
    else if (t === END_MS + 60 * MIN)
      lines.push(
        runLine(t, { outcome: 'acted', kind: 'modify-instance', direction: 'down', ready: false, inForce, reason: 'resize back' }),
      );
    else if (t === END_MS + 90 * MIN) lines.push(runLine(t, { outcome: 'no-step', kind: 'none', ready: true, inForce }));
    else lines.push(runLine(t, { outcome: 'no-step', kind: inForce.length > 0 && !ready ? 'wait' : 'none', ready, inForce }));
  }
  return lines;
}

/** A bell-shaped day of metrics at 1-minute resolution over the fetched range; peaks at 21:00. */
export function metricSeries(range: { fromMs: number; toMs: number }): Record<MetricKey, MetricSeries> {
  const peakAt = START_MS + 60 * MIN;
  const shape = (t: number) => Math.max(0, 1 - Math.abs(t - peakAt) / (90 * MIN));
  const ts: number[] = [];
  for (let t = range.fromMs; t < range.toMs; t += MIN) ts.push(t);
  const of = (base: number, peak: number) => ({
    timestampsMs: ts,
    values: ts.map((t) => Math.round((base + (peak - base) * shape(t)) * 10) / 10),
  });
  return {
    writerCpuMaxPercent: of(10, 60),
    writerConnectionsMax: of(200, 1800),
    commitThroughputAvgPerSecond: of(200, 2400),
    proxyClientConnections: of(400, 3600),
    replicaLagMaxMs: of(10, 40),
    readerCpuAvgPercent: of(10, 80),
    readerCountMax: of(1, 3),
  };
}

/** Review data as the fetchers would return it, for the analysis tests. */
export function reviewData(decisions: Decision[], overrides: Partial<ReviewData> = {}): ReviewData {
  const range = { fromMs: START_MS - 120 * MIN, toMs: END_MS + 180 * MIN };
  return {
    version: 1,
    environment: 'prod',
    region: 'us-east-1',
    campaignId: 'flash-sale',
    window: { startMs: START_MS, endMs: END_MS },
    range,
    fetchedAtMs: NOW_MS,
    resolution: { periodSeconds: 60, note: '1-minute data' },
    metrics: metricSeries(range),
    decisions,
    events: [],
    alarms: [],
    gaps: [],
    ...overrides,
  };
}
