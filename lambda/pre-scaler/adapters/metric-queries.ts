import type { MetricDataQuery, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import type { MetricRequest, Observation } from '../core';
import { pressureQueries, pressureReadingsFrom } from './pressure-queries';

/** How far back the writer's CPU is averaged (the planner's guard reads "the last 15 minutes"). */
export const CPU_WINDOW_MINUTES = 15;
/** How far back the latest replica lag is looked for. */
export const LAG_WINDOW_MINUTES = 5;
const MINUTE = 60_000;
const CPU_ID = 'cpu';

/**
 * The `GetMetricData` queries of a {@link MetricRequest}. CPU uses the cluster's role dimensions
 * (`DBClusterIdentifier` + `Role=WRITER`), which follow the writer across failovers; replica lag is
 * per reader instance.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.AuroraMonitoring.Metrics.html
 */
export function metricQueries(clusterIdentifier: string, request: MetricRequest, proxyName?: string): MetricDataQuery[] {
  const queries: MetricDataQuery[] = [];
  if (request.writerCpu || request.pressure) {
    queries.push({
      Id: CPU_ID,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/RDS',
          MetricName: 'CPUUtilization',
          Dimensions: [
            { Name: 'DBClusterIdentifier', Value: clusterIdentifier },
            { Name: 'Role', Value: 'WRITER' },
          ],
        },
        Period: 60,
        Stat: 'Average',
      },
    });
  }
  if (request.pressure) queries.push(...pressureQueries(clusterIdentifier, proxyName, request.pressure));
  request.replicaLagOf.forEach((instanceId, index) => {
    queries.push({
      Id: lagId(index),
      Label: instanceId,
      MetricStat: {
        Metric: { Namespace: 'AWS/RDS', MetricName: 'AuroraReplicaLag', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: instanceId }] },
        Period: 60,
        Stat: 'Maximum',
      },
    });
  });
  return queries;
}

/** The time range of the queries, ending at `now`. */
export function metricWindow(now: Date, request: MetricRequest): { StartTime: Date; EndTime: Date } {
  const minutes = Math.max(request.writerCpu ? CPU_WINDOW_MINUTES : LAG_WINDOW_MINUTES, request.pressure?.minutes ?? 0);
  return { StartTime: new Date(now.getTime() - minutes * MINUTE), EndTime: now };
}

/**
 * The observation with the figures added: CPU is the mean of the minutes found, replica lag the
 * newest minute (results come newest first). No datapoint leaves the figure unknown, which the
 * planner treats as "cannot check the guard".
 */
export function withMetricResults(
  observation: Observation,
  request: MetricRequest,
  results: readonly MetricDataResult[],
  now: Date = new Date(),
): Observation {
  const values = new Map<string, number[]>();
  for (const r of results) if (r.Id) values.set(r.Id, [...(values.get(r.Id) ?? []), ...(r.Values ?? [])]);
  // The guard's average covers its own 15 minutes, even when the pressure window reaches further back.
  const cpuFrom = now.getTime() - CPU_WINDOW_MINUTES * MINUTE;
  const cpuResult = results.filter((r) => r.Id === CPU_ID);
  const cpuValues = cpuResult.flatMap((r) =>
    (r.Values ?? []).filter((_, i) => {
      const at = r.Timestamps?.[i];
      return at === undefined || new Date(at).getTime() >= cpuFrom;
    }),
  );
  const lagById = new Map<string, number>();
  request.replicaLagOf.forEach((instanceId, index) => {
    const newest = values.get(lagId(index))?.[0];
    if (newest !== undefined) lagById.set(instanceId, newest);
  });
  return {
    ...observation,
    ...(request.writerCpu && cpuValues.length > 0 ? { writerCpuPercent: cpuValues.reduce((a, b) => a + b, 0) / cpuValues.length } : {}),
    instances: observation.instances.map((i) => (lagById.has(i.id) ? { ...i, replicaLagMs: lagById.get(i.id) as number } : i)),
    ...(request.pressure ? { pressure: pressureReadingsFrom(results) } : {}),
  };
}

function lagId(index: number): string {
  return `lag${index}`;
}
