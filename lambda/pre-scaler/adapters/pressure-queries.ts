import type { MetricDataQuery, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import type { PressureMinute, PressureReadings, PressureRequest } from '../core';

const MINUTE = 60_000;

/** Query ids of the pressure figures (GetMetricData ids: a lower-case letter first). */
export const PRESSURE_IDS = {
  cpu: 'cpu',
  connections: 'pconn',
  borrowLatency: 'pborrow',
  clientConnections: 'pclient',
  serverlessCapacity: 'pacu',
} as const;

/**
 * The pressure queries, 1-minute period:
 * - writer `CPUUtilization` (Percent, Average), `DatabaseConnections` (Count, Maximum) and
 *   `ServerlessDatabaseCapacity` (ACU, Average) by `DBClusterIdentifier` + `Role=WRITER`, which follow
 *   the writer across failovers;
 * - RDS Proxy `DatabaseConnectionsBorrowLatency` (Microseconds, Average) and `ClientConnections`
 *   (Count, Sum: the proxy publishes per underlying node and the statistic aggregates them) by `ProxyName`.
 * The `cpu` query is shared with the scale-down guard's (same metric, period and statistic).
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.AuroraMonitoring.Metrics.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/dimensions.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-proxy.monitoring.html
 */
export function pressureQueries(clusterIdentifier: string, proxyName: string | undefined, request: PressureRequest): MetricDataQuery[] {
  const writer = [
    { Name: 'DBClusterIdentifier', Value: clusterIdentifier },
    { Name: 'Role', Value: 'WRITER' },
  ];
  const rds = (id: string, name: string, stat: string): MetricDataQuery => ({
    Id: id,
    MetricStat: { Metric: { Namespace: 'AWS/RDS', MetricName: name, Dimensions: writer }, Period: 60, Stat: stat },
  });
  const proxy = (id: string, name: string, stat: string, proxy: string): MetricDataQuery => ({
    Id: id,
    MetricStat: {
      Metric: { Namespace: 'AWS/RDS', MetricName: name, Dimensions: [{ Name: 'ProxyName', Value: proxy }] },
      Period: 60,
      Stat: stat,
    },
  });
  return [
    ...(request.connections ? [rds(PRESSURE_IDS.connections, 'DatabaseConnections', 'Maximum')] : []),
    ...(request.serverlessCapacity ? [rds(PRESSURE_IDS.serverlessCapacity, 'ServerlessDatabaseCapacity', 'Average')] : []),
    ...(request.proxy && proxyName
      ? [
          proxy(PRESSURE_IDS.borrowLatency, 'DatabaseConnectionsBorrowLatency', 'Average', proxyName),
          proxy(PRESSURE_IDS.clientConnections, 'ClientConnections', 'Sum', proxyName),
        ]
      : []),
  ];
}

/** The per-minute readings from the results (timestamps truncated to the minute), oldest first. */
export function pressureReadingsFrom(results: readonly MetricDataResult[]): PressureReadings {
  const byMinute = new Map<number, Record<string, number>>();
  const field: Record<string, keyof Omit<PressureMinute, 'atMs'> | undefined> = {
    [PRESSURE_IDS.cpu]: 'writerCpuPercent',
    [PRESSURE_IDS.connections]: 'writerConnections',
    [PRESSURE_IDS.borrowLatency]: 'proxyBorrowLatencyMicros',
    [PRESSURE_IDS.clientConnections]: 'proxyClientConnections',
  };
  let acu: { atMs: number; value: number } | undefined;
  for (const r of results) {
    const timestamps = r.Timestamps ?? [];
    (r.Values ?? []).forEach((value, i) => {
      const at = timestamps[i];
      if (at === undefined) return;
      const atMs = Math.floor(new Date(at).getTime() / MINUTE) * MINUTE;
      if (r.Id === PRESSURE_IDS.serverlessCapacity) {
        if (!acu || atMs > acu.atMs) acu = { atMs, value };
        return;
      }
      const name = r.Id ? field[r.Id] : undefined;
      if (!name) return;
      const minute = byMinute.get(atMs) ?? {};
      minute[name] = value;
      byMinute.set(atMs, minute);
    });
  }
  const minutes = [...byMinute.entries()].sort(([a], [b]) => a - b).map(([atMs, figures]) => ({ atMs, ...figures }) as PressureMinute);
  return { minutes, ...(acu ? { writerServerlessCapacity: acu.value } : {}) };
}
