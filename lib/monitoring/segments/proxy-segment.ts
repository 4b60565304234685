import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ABOVE, type AlarmDefinition, type AlarmDefinitionInputs, fmt, QUIET_IS_FINE, sustained } from '../alarms';
import type { MonitoringSegment, WidgetKit } from './segment';

/** The RDS Proxy alarms, as data. */
export function proxyAlarmDefinitions(inputs: AlarmDefinitionInputs): AlarmDefinition[] {
  const { metrics: m, configured: c, resolved: r, runningWriter: rw } = inputs;
  return [
    {
      key: 'proxyClientConnections',
      component: 'proxy',
      name: 'client-connections',
      title: 'Proxy client connections',
      metric: rw.percentOf(
        m.proxyClientConnectionsSum(),
        'servableClientConnections',
        'Proxy client connections (% of what the pool serves)',
      ),
      comparison: ABOVE,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      missingDataReason: 'Missing data is not breaching: the proxy publishes client metrics only once clients connect.',
      severities: sustained(
        3,
        c.proxyClientConnectionsPercent,
        (s) =>
          `client connections at or above ${fmt(c.proxyClientConnectionsPercent[s])} % of what the running writer's pool serves (${r.proxyClientConnections[s]} of ${rw.describe('servableClientConnections', fmt)})`,
      ),
    },
    {
      key: 'proxyBorrowLatency',
      component: 'proxy',
      name: 'borrow-latency',
      title: 'Proxy borrow latency',
      metric: m.proxyBorrowLatencyAverageMicros(),
      comparison: ABOVE,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      missingDataReason: 'Missing data is not breaching: the proxy publishes borrow latency only when clients borrow connections.',
      severities: sustained(
        3,
        r.proxyBorrowLatencyMicros,
        (s) => `average borrow latency at or above ${fmt(c.proxyBorrowLatencyMs[s])} ms (${fmt(r.proxyBorrowLatencyMicros[s])} µs)`,
      ),
    },
    {
      key: 'proxyPinnedConnections',
      component: 'proxy',
      name: 'pinned-connections',
      title: 'Proxy session-pinned connections',
      metric: rw.percentOf(m.proxySessionPinnedConnectionsSum(), 'proxyPool', 'Proxy session-pinned connections (% of the pool)'),
      comparison: ABOVE,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      missingDataReason: QUIET_IS_FINE,
      severities: sustained(
        10,
        c.proxyPinnedConnectionsPercent,
        (s) =>
          `session-pinned connections at or above ${fmt(c.proxyPinnedConnectionsPercent[s])} % of the running writer's proxy pool (${r.proxyPinnedConnections[s]} of ${rw.describe('proxyPool', fmt)})`,
      ),
    },
    {
      key: 'proxyQueryLatency',
      component: 'proxy',
      name: 'query-latency',
      title: 'Proxy query response latency',
      metric: m.proxyQueryResponseLatencyAverageMicros(),
      comparison: ABOVE,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      missingDataReason: QUIET_IS_FINE,
      severities: sustained(
        5,
        r.proxyQueryLatencyMicros,
        (s) => `average query response latency at or above ${fmt(c.proxyQueryLatencyMs[s])} ms (${fmt(r.proxyQueryLatencyMicros[s])} µs)`,
      ),
    },
  ];
}

/** The proxy's rows: clients against the pool and the expected peak, latencies, pinning, and the connection storm. */
export function proxyWidgets(inputs: AlarmDefinitionInputs, kit: WidgetKit): cloudwatch.IWidget[][] {
  const { metrics: m, runningWriter: rw } = inputs;
  return [
    [
      kit.narrow({
        title: 'Proxy client connections vs expected peak (right: % of what the pool serves)',
        left: [m.proxyClientConnectionsSum()],
        right: [rw.percentOf(m.proxyClientConnectionsSum(), 'servableClientConnections', 'Clients % of what the pool serves')],
        leftAnnotations: kit.expectedPeaks.clientConnections.map((p) => ({
          value: p.value,
          label: `${p.campaignId}: expected peak ${p.value} clients`,
          color: cloudwatch.Color.PINK,
        })),
        rightAnnotations: kit.lines('proxyClientConnections'),
        leftYAxis: { min: 0 },
        rightYAxis: { min: 0 },
      }),
      kit.narrow({
        title: 'Proxy borrow latency (µs)',
        left: [m.proxyBorrowLatencyAverageMicros()],
        leftAnnotations: kit.lines('proxyBorrowLatency'),
        leftYAxis: { min: 0 },
      }),
      kit.narrow({
        title: 'Proxy backend connections (right: session-pinned, % of the pool)',
        left: [m.proxySessionPinnedConnectionsSum(), m.proxyDatabaseConnectionsSum(), m.proxyMaxDatabaseConnectionsAllowedSum()],
        right: [rw.percentOf(m.proxySessionPinnedConnectionsSum(), 'proxyPool', 'Pinned % of the pool')],
        rightAnnotations: kit.lines('proxyPinnedConnections'),
        leftYAxis: { min: 0 },
        rightYAxis: { min: 0, max: 100 },
      }),
      kit.narrow({
        title: 'Proxy query response latency (µs)',
        left: [m.proxyQueryResponseLatencyAverageMicros()],
        leftAnnotations: kit.lines('proxyQueryLatency'),
        leftYAxis: { min: 0 },
      }),
    ],
    [
      kit.graph({
        title: 'Connection storm: new connections per minute at the proxy and to the writer',
        left: [m.proxyClientConnectionsReceivedSum(), m.proxyDatabaseConnectionRequestsSum()],
        leftYAxis: { min: 0 },
        width: 12,
      }),
      kit.graph({
        title: 'Failed logins per minute (right: writer availability through the proxy %)',
        left: [m.proxyClientConnectionsSetupFailedAuthSum()],
        right: [m.proxyWriterAvailabilityAveragePercent()],
        leftYAxis: { min: 0 },
        rightYAxis: { min: 0, max: 100 },
        width: 12,
      }),
    ],
  ];
}

export const proxySegment: MonitoringSegment = {
  name: 'proxy',
  alarmDefinitions: proxyAlarmDefinitions,
  widgets: proxyWidgets,
};
