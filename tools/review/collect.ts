import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { CampaignWindow } from '../../lambda/pre-scaler/core';
import { fetchAlarmHistory } from './fetch-alarms';
import { fetchDecisions, type Sleep } from './fetch-decisions';
import { fetchEvents, RDS_EVENT_RETENTION_DAYS } from './fetch-events';
import { fetchMetrics } from './fetch-metrics';
import { resolutionFor } from './resolution';
import { METRIC_KEYS, type MetricKey, type MetricSeries, type ReviewData } from './review-data';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The read-only clients a review uses. */
export interface ReviewClients {
  readonly cloudWatch: CloudWatchClient;
  readonly logs: CloudWatchLogsClient;
  readonly rds: RDSClient;
}

/** Names of what is reviewed, all derived from the environment by the stack's own naming. */
export interface ReviewTargets {
  readonly environment: string;
  readonly region: string;
  readonly campaignId: string;
  readonly clusterIdentifier: string;
  readonly proxyName: string;
  readonly logGroupName: string;
  readonly leadTimeMinutes: number;
  readonly coolDownMinutes: number;
}

/**
 * Reads the four sources for a campaign occurrence. A source that fails (access denied, a query that
 * times out) becomes a gap named in the report, not a crash: the other sources still give their answers.
 */
export async function collectReviewData(
  clients: ReviewClients,
  targets: ReviewTargets,
  window: CampaignWindow,
  nowMs: number,
  options: { sleep?: Sleep } = {},
): Promise<ReviewData> {
  const range = {
    fromMs: window.startMs - targets.leadTimeMinutes * MINUTE - HOUR,
    toMs: Math.min(nowMs, window.endMs + targets.coolDownMinutes * MINUTE + 2 * HOUR),
  };
  const resolution = resolutionFor(range.fromMs, nowMs);
  const gaps: string[] = [];
  const failed = (what: string) => (error: unknown) => {
    gaps.push(`${what}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    return undefined;
  };
  const metrics = await fetchMetrics(
    clients.cloudWatch,
    { clusterIdentifier: targets.clusterIdentifier, proxyName: targets.proxyName, environment: targets.environment },
    range,
    resolution.periodSeconds,
  ).catch(failed('CloudWatch GetMetricData'));
  const decisions = await fetchDecisions(clients.logs, {
    logGroupName: targets.logGroupName,
    ...range,
    ...(options.sleep ? { sleep: options.sleep } : {}),
  }).catch(failed(`Logs Insights on ${targets.logGroupName}`));
  if (nowMs - range.fromMs > RDS_EVENT_RETENTION_DAYS * DAY)
    gaps.push(
      `RDS events: the window began more than ${RDS_EVENT_RETENTION_DAYS} days ago and RDS keeps events ${RDS_EVENT_RETENTION_DAYS} days; failovers and class changes may be missing.`,
    );
  const events = await fetchEvents(clients.rds, targets.clusterIdentifier, range).catch(failed('RDS DescribeEvents'));
  const alarms = await fetchAlarmHistory(clients.cloudWatch, targets.environment, range).catch(failed('CloudWatch DescribeAlarmHistory'));
  return {
    version: 1,
    environment: targets.environment,
    region: targets.region,
    campaignId: targets.campaignId,
    window: { startMs: window.startMs, endMs: window.endMs },
    range,
    fetchedAtMs: nowMs,
    resolution,
    metrics: metrics ?? emptyMetrics(),
    decisions: decisions ?? [],
    events: events ?? [],
    alarms: alarms ?? [],
    gaps,
  };
}

function emptyMetrics(): Record<MetricKey, MetricSeries> {
  const out = {} as Record<MetricKey, MetricSeries>;
  for (const key of METRIC_KEYS) out[key] = { timestampsMs: [], values: [] };
  return out;
}
