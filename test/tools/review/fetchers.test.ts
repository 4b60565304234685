import { CloudWatchClient, DescribeAlarmHistoryCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeEventsCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { fetchAlarmHistory } from '../../../tools/review/fetch-alarms';
import { DecisionQueryError, fetchDecisions } from '../../../tools/review/fetch-decisions';
import { fetchEvents } from '../../../tools/review/fetch-events';
import { fetchMetrics } from '../../../tools/review/fetch-metrics';
import { resolutionFor } from '../../../tools/review/resolution';
import { runLine, START_MS } from './fixtures';

const MIN = 60_000;
const DAY = 86_400_000;
const range = { fromMs: START_MS - 60 * MIN, toMs: START_MS + 60 * MIN };
const noSleep = async () => undefined;
const targets = { clusterIdentifier: 'aurora-surge-prod', proxyName: 'aurora-surge-prod', environment: 'prod' };

const cw = mockClient(CloudWatchClient);
const logs = mockClient(CloudWatchLogsClient);
const rds = mockClient(RDSClient);
beforeEach(() => {
  cw.reset();
  logs.reset();
  rds.reset();
});

describe('metric resolution', () => {
  test.each([
    [3, 60],
    [15, 60],
    [16, 300],
    [63, 300],
    [64, 3600],
  ])('a window that began %i days ago is read at %i s', (days, period) => {
    expect(resolutionFor(START_MS - days * DAY, START_MS).periodSeconds).toBe(period);
  });
});

describe('fetchMetrics (GetMetricData)', () => {
  test('follows NextToken and merges the pages of each metric in time order', async () => {
    const t = (m: number) => new Date(START_MS + m * MIN);
    cw.on(GetMetricDataCommand)
      .resolvesOnce({ MetricDataResults: [{ Id: 'm0', Timestamps: [t(0), t(1)], Values: [10, 20] }], NextToken: 'page-2' })
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'm0', Timestamps: [t(2)], Values: [30] },
          { Id: 'm3', Timestamps: [t(0)], Values: [500] },
        ],
      });
    const metrics = await fetchMetrics(new CloudWatchClient({ region: 'us-east-1' }), targets, range, 60);
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(2);
    expect(cw.commandCalls(GetMetricDataCommand)[1]?.args[0].input.NextToken).toBe('page-2');
    expect(metrics.writerCpuMaxPercent).toEqual({ timestampsMs: [t(0), t(1), t(2)].map((d) => d.getTime()), values: [10, 20, 30] });
    expect(metrics.proxyClientConnections.values).toEqual([500]);
    // A metric with no datapoints (missing data) is an empty series, not zeros.
    expect(metrics.replicaLagMaxMs).toEqual({ timestampsMs: [], values: [] });
  });

  test('asks for the writer by role, never by instance, and divides the proxy sum by the minutes of a longer period', async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'm3', Timestamps: [new Date(START_MS)], Values: [5000] }] });
    const metrics = await fetchMetrics(new CloudWatchClient({ region: 'us-east-1' }), targets, range, 300);
    const query = cw.commandCalls(GetMetricDataCommand)[0]?.args[0].input.MetricDataQueries?.[0];
    expect(query?.MetricStat?.Metric?.Dimensions).toEqual([
      { Name: 'DBClusterIdentifier', Value: 'aurora-surge-prod' },
      { Name: 'Role', Value: 'WRITER' },
    ]);
    expect(query?.MetricStat?.Period).toBe(300);
    expect(metrics.proxyClientConnections.values).toEqual([1000]);
  });
});

describe('fetchDecisions (Logs Insights)', () => {
  const line = runLine(START_MS - 30 * MIN, { outcome: 'acted', kind: 'failover', direction: 'up', ready: false, inForce: ['flash-sale'] });

  test('polls while the query runs, then reads every page with nextToken', async () => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q-1' });
    logs
      .on(GetQueryResultsCommand)
      .resolvesOnce({ status: 'Running', results: [] })
      .resolvesOnce({ status: 'Complete', results: [[{ field: '@message', value: line }]], nextToken: 'n-2' })
      .resolvesOnce({ status: 'Complete', results: [[{ field: '@message', value: line }], [{ field: '@message', value: 'not json' }]] });
    const slept: number[] = [];
    const decisions = await fetchDecisions(new CloudWatchLogsClient({ region: 'us-east-1' }), {
      logGroupName: '/aws/lambda/aurora-surge-prod-pre-scaler',
      ...range,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    expect(slept).toEqual([1000]);
    expect(logs.commandCalls(GetQueryResultsCommand)[2]?.args[0].input.nextToken).toBe('n-2');
    expect(logs.commandCalls(StartQueryCommand)[0]?.args[0].input).toMatchObject({
      startTime: Math.floor(range.fromMs / 1000),
      queryString: expect.stringContaining('filter message = "pre-scaler run"'),
    });
    expect(decisions).toHaveLength(2);
    expect(decisions[0]).toMatchObject({
      action: 'failover',
      direction: 'up',
      outcome: 'acted',
      campaignId: 'flash-sale',
      inForce: ['flash-sale'],
    });
  });

  test.each(['Failed', 'Timeout', 'Cancelled'] as const)('a query that ends %s is an error naming the log group', async (status) => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q-1' });
    logs.on(GetQueryResultsCommand).resolves({ status });
    await expect(fetchDecisions(new CloudWatchLogsClient({}), { logGroupName: '/aws/lambda/x', ...range, sleep: noSleep })).rejects.toThrow(
      new DecisionQueryError(`the Logs Insights query on /aws/lambda/x ended with status ${status}.`),
    );
  });

  test('gives up after maxPolls while still running', async () => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q-1' });
    logs.on(GetQueryResultsCommand).resolves({ status: 'Running' });
    await expect(
      fetchDecisions(new CloudWatchLogsClient({}), { logGroupName: '/g', ...range, sleep: noSleep, maxPolls: 3 }),
    ).rejects.toThrow('still Running after 3 polls');
  });
});

describe('fetchEvents (DescribeEvents)', () => {
  test('follows Marker, reads the cluster and its instances, and drops other clusters’ instances', async () => {
    const d = (m: number) => new Date(START_MS + m * MIN);
    rds
      .on(DescribeEventsCommand, { SourceType: 'db-cluster' })
      .resolvesOnce({ Events: [{ SourceIdentifier: 'aurora-surge-prod', Message: 'Started cross AZ failover', Date: d(2) }], Marker: 'm2' })
      .resolvesOnce({ Events: [{ SourceIdentifier: 'aurora-surge-prod', Message: 'Completed failover', Date: d(3) }] });
    rds.on(DescribeEventsCommand, { SourceType: 'db-instance' }).resolves({
      Events: [
        { SourceIdentifier: 'aurora-surge-prod-standby', Message: 'Finished applying modification to DB instance class', Date: d(1) },
        { SourceIdentifier: 'other-cluster-instance-1', Message: 'Reboot', Date: d(1) },
        { SourceIdentifier: 'application-autoscaling-1234', Message: 'DB instance created', Date: d(4) },
      ],
    });
    const events = await fetchEvents(new RDSClient({}), 'aurora-surge-prod', range);
    expect(events.map((e) => e.sourceId)).toEqual([
      'aurora-surge-prod-standby',
      'aurora-surge-prod',
      'aurora-surge-prod',
      'application-autoscaling-1234',
    ]);
    // Two pages of cluster events (the second asked with Marker m2), one of instance events.
    expect(rds.commandCalls(DescribeEventsCommand, { SourceType: 'db-cluster' })).toHaveLength(2);
    expect(rds.commandCalls(DescribeEventsCommand, { SourceType: 'db-instance' })).toHaveLength(1);
  });
});

describe('fetchAlarmHistory (DescribeAlarmHistory)', () => {
  test('follows NextToken, keeps only this environment’s alarms and reads the states from HistoryData', async () => {
    const item = (name: string, from: string, to: string, m: number) => ({
      AlarmName: name,
      Timestamp: new Date(START_MS + m * MIN),
      HistoryData: JSON.stringify({ oldState: { stateValue: from }, newState: { stateValue: to } }),
      HistorySummary: `Alarm updated from ${from} to ${to}`,
    });
    cw.on(DescribeAlarmHistoryCommand)
      .resolvesOnce({ AlarmHistoryItems: [item('aurora-surge-prod-writer-cpu-warning', 'OK', 'ALARM', 0)], NextToken: 't2' })
      .resolvesOnce({
        AlarmHistoryItems: [
          item('aurora-surge-staging-writer-cpu-warning', 'OK', 'ALARM', 1),
          item('aurora-surge-prod-writer-cpu-warning', 'ALARM', 'OK', 9),
        ],
      });
    const changes = await fetchAlarmHistory(new CloudWatchClient({}), 'prod', range);
    expect(changes.map((c) => [c.alarmName, c.newState])).toEqual([
      ['aurora-surge-prod-writer-cpu-warning', 'ALARM'],
      ['aurora-surge-prod-writer-cpu-warning', 'OK'],
    ]);
    expect(cw.commandCalls(DescribeAlarmHistoryCommand)[0]?.args[0].input).toMatchObject({ HistoryItemType: 'StateUpdate' });
  });
});
