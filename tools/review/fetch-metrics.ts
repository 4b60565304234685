import { type CloudWatchClient, type MetricDataQuery, paginateGetMetricData } from '@aws-sdk/client-cloudwatch';
import { PRE_SCALER_DIMENSION, PRE_SCALER_METRICS, PRE_SCALER_NAMESPACE } from '../../lib/monitoring/pre-scaler-metrics';
import type { MetricKey, MetricSeries } from './review-data';

/** What the metrics are read for. */
export interface MetricTargets {
  readonly clusterIdentifier: string;
  readonly proxyName: string;
  readonly environment: string;
}

interface MetricDefinition {
  readonly key: MetricKey;
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Record<string, string>;
  readonly stat: string;
}

/**
 * The metrics of a review, as the dashboard reads them: cluster role dimensions for the writer and
 * readers (the writer moves on every failover), `ProxyName` for the proxy, the pre-scaler's own
 * `ReaderCount` (CloudWatch has no reader-count metric; see lib/monitoring/pre-scaler-metrics.ts).
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.AuroraMonitoring.Metrics.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-proxy.monitoring.html
 */
export function metricDefinitions(t: MetricTargets): readonly MetricDefinition[] {
  const writer = { DBClusterIdentifier: t.clusterIdentifier, Role: 'WRITER' };
  const reader = { DBClusterIdentifier: t.clusterIdentifier, Role: 'READER' };
  return [
    { key: 'writerCpuMaxPercent', namespace: 'AWS/RDS', name: 'CPUUtilization', dimensions: writer, stat: 'Maximum' },
    { key: 'writerConnectionsMax', namespace: 'AWS/RDS', name: 'DatabaseConnections', dimensions: writer, stat: 'Maximum' },
    { key: 'commitThroughputAvgPerSecond', namespace: 'AWS/RDS', name: 'CommitThroughput', dimensions: writer, stat: 'Average' },
    // RDS Proxy publishes ClientConnections per proxy node every minute: the sum is the proxy's total for a
    // 1-minute period; for longer periods the fetcher divides by the minutes in the period.
    { key: 'proxyClientConnections', namespace: 'AWS/RDS', name: 'ClientConnections', dimensions: { ProxyName: t.proxyName }, stat: 'Sum' },
    { key: 'replicaLagMaxMs', namespace: 'AWS/RDS', name: 'AuroraReplicaLag', dimensions: reader, stat: 'Maximum' },
    { key: 'readerCpuAvgPercent', namespace: 'AWS/RDS', name: 'CPUUtilization', dimensions: reader, stat: 'Average' },
    {
      key: 'readerCountMax',
      namespace: PRE_SCALER_NAMESPACE,
      name: PRE_SCALER_METRICS.ReaderCount,
      dimensions: { [PRE_SCALER_DIMENSION]: t.environment },
      stat: 'Maximum',
    },
  ];
}

/**
 * Reads every review metric over the range with one paginated GetMetricData (up to 500 metrics and
 * 100,800 datapoints a call; `NextToken` for the rest).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
 */
export async function fetchMetrics(
  client: CloudWatchClient,
  targets: MetricTargets,
  range: { fromMs: number; toMs: number },
  periodSeconds: number,
): Promise<Record<MetricKey, MetricSeries>> {
  const defs = metricDefinitions(targets);
  const queries: MetricDataQuery[] = defs.map((d, i) => ({
    Id: `m${i}`,
    MetricStat: {
      Metric: {
        Namespace: d.namespace,
        MetricName: d.name,
        Dimensions: Object.entries(d.dimensions).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: periodSeconds,
      Stat: d.stat,
    },
    ReturnData: true,
  }));
  const points = new Map<string, Map<number, number>>();
  const pages = paginateGetMetricData(
    { client },
    {
      MetricDataQueries: queries,
      StartTime: new Date(range.fromMs),
      EndTime: new Date(range.toMs),
      ScanBy: 'TimestampAscending',
    },
  );
  for await (const page of pages) {
    for (const result of page.MetricDataResults ?? []) {
      const id = result.Id ?? '';
      const byTime = points.get(id) ?? new Map<number, number>();
      (result.Timestamps ?? []).forEach((t, i) => {
        const v = result.Values?.[i];
        if (v !== undefined) byTime.set(t.getTime(), v);
      });
      points.set(id, byTime);
    }
  }
  const perMinute = periodSeconds / 60;
  const out = {} as Record<MetricKey, MetricSeries>;
  defs.forEach((d, i) => {
    const sorted = [...(points.get(`m${i}`) ?? new Map<number, number>()).entries()].sort((a, b) => a[0] - b[0]);
    const scale = d.key === 'proxyClientConnections' ? perMinute : 1;
    out[d.key] = { timestampsMs: sorted.map(([t]) => t), values: sorted.map(([, v]) => v / scale) };
  });
  return out;
}
