import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SEVERITIES, type Severity } from '../alarm-naming';
import {
  ABOVE,
  type AlarmDefinition,
  type AlarmDefinitionInputs,
  BELOW,
  fmt,
  gib,
  type SeverityRule,
  sustained,
  WRITER_GAP,
  QUIET_IS_FINE,
} from '../alarms';
import { PRE_SCALER_METRICS } from '../pre-scaler-metrics';
import type { MonitoringSegment, WidgetKit } from './segment';

/** The writer alarms, as data. */
export function writerAlarmDefinitions(inputs: AlarmDefinitionInputs): AlarmDefinition[] {
  const { metrics: m, configured: c, resolved: r, writer: w, runningWriter: rw } = inputs;
  const defs: AlarmDefinition[] = [
    {
      key: 'writerCpu',
      component: 'writer',
      name: 'cpu',
      title: 'Writer CPU',
      metric: m.writerCpuUtilizationAveragePercent(),
      comparison: ABOVE,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      missingDataReason: WRITER_GAP,
      severities: sustained(5, r.writerCpuPercent, (s) => `average CPU at or above ${fmt(r.writerCpuPercent[s])} %`),
    },
    {
      key: 'writerFreeableMemory',
      component: 'writer',
      name: 'freeable-memory',
      title: 'Writer freeable memory',
      metric: rw.percentOf(m.writerFreeableMemoryMinimumBytes(), 'memoryBytes', 'Writer freeable memory (% of the running writer)'),
      comparison: BELOW,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      missingDataReason: WRITER_GAP,
      severities: sustained(
        5,
        c.writerFreeableMemoryPercent,
        (s) =>
          `freeable memory at or below ${fmt(c.writerFreeableMemoryPercent[s])} % of the running writer's memory (${gib(r.writerFreeableMemoryBytes[s])} of ${rw.describe('memoryBytes', gib)})`,
      ),
    },
    {
      key: 'writerConnections',
      component: 'writer',
      name: 'connections',
      title: 'Writer connections',
      metric: rw.percentOf(m.writerDatabaseConnectionsMaximum(), 'maxConnections', 'Writer connections (% of max_connections)'),
      comparison: ABOVE,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      missingDataReason: WRITER_GAP,
      severities: sustained(
        3,
        c.writerConnectionsPercent,
        (s) =>
          `connections at or above ${fmt(c.writerConnectionsPercent[s])} % of the running writer's max_connections (${r.writerConnections[s]} of ${rw.describe('maxConnections', fmt)})`,
      ),
    },
    {
      key: 'writerCommitLatency',
      component: 'writer',
      name: 'commit-latency',
      title: 'Writer commit latency',
      metric: m.writerCommitLatencyAverageMs(),
      comparison: ABOVE,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      missingDataReason: QUIET_IS_FINE,
      severities: sustained(5, r.writerCommitLatencyMs, (s) => `average commit latency at or above ${fmt(r.writerCommitLatencyMs[s])} ms`),
    },
    {
      key: 'writerDeadlocks',
      component: 'writer',
      name: 'deadlocks',
      title: 'Writer deadlocks',
      // One five-minute average: deadlocks come in bursts, a one-minute view would flap.
      metric: m.writerDeadlocksAveragePerSecond().with({ period: Duration.minutes(5) }),
      comparison: ABOVE,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      missingDataReason: QUIET_IS_FINE,
      severities: Object.fromEntries(
        SEVERITIES.map((s) => [
          s,
          {
            threshold: r.writerDeadlocksPerSecond[s],
            evaluationPeriods: 1,
            datapointsToAlarm: 1,
            text: `${fmt(r.writerDeadlocksPerSecond[s])} deadlocks per second or more, averaged over 5 minutes (${fmt(r.writerDeadlocksPerSecond[s] * 300)} in 5 minutes)`,
          },
        ]),
      ) as Record<Severity, SeverityRule>,
    },
  ];
  if (inputs.serverlessWriter)
    defs.push({
      key: 'writerAcuUtilization',
      component: 'writer',
      name: 'acu-utilization',
      title: 'Writer ACU utilisation',
      metric: m.writerAcuUtilizationAveragePercent(),
      comparison: ABOVE,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      missingDataReason: WRITER_GAP,
      severities: sustained(
        5,
        r.writerAcuUtilizationPercent,
        (s) => `capacity at or above ${fmt(r.writerAcuUtilizationPercent[s])} % of the maximum ACU (${w.capacity})`,
      ),
    });
  return defs;
}

const PEAK_COLOR = cloudwatch.Color.PINK;

/** The writer's rows: traffic, CPU and load, connections, memory, latency (and Serverless v2 capacity). */
export function writerWidgets(inputs: AlarmDefinitionInputs, kit: WidgetKit): cloudwatch.IWidget[][] {
  const { metrics: m, runningWriter: rw } = inputs;
  // The pre-scaler's steps on the time axis, and the surge's: emergency steps and an operator's override.
  const steps = [
    m.preScalerSum(PRE_SCALER_METRICS.ResizeStarted, 'Pre-scaler resize started'),
    m.preScalerSum(PRE_SCALER_METRICS.FailoverStarted, 'Pre-scaler failover started'),
    m.preScalerSum(PRE_SCALER_METRICS.EmergencyStepTaken, 'Emergency step taken'),
    m.preScalerLatest(PRE_SCALER_METRICS.OverrideInForce, 'Override in force'),
  ];
  const throughput = kit.graph({
    title: 'Writer throughput (commits/s) vs expected peak; pre-scaler resizes, failovers, emergency steps, override (right)',
    left: [m.writerCommitThroughputAveragePerSecond()],
    right: steps,
    leftAnnotations: kit.expectedPeaks.transactionsPerSecond.map((p) => ({
      value: p.value,
      label: `${p.campaignId}: expected peak ${p.value} tps`,
      color: PEAK_COLOR,
    })),
    leftYAxis: { min: 0 },
    rightYAxis: { min: 0, max: 1, showUnits: false, label: 'step or override (1)' },
  });
  const cpu = kit.graph({
    title: 'Writer CPU %',
    left: [m.writerCpuUtilizationAveragePercent()],
    right: steps,
    leftAnnotations: kit.lines('writerCpu'),
    leftYAxis: { min: 0, max: 100 },
    rightYAxis: { min: 0, max: 1, showUnits: false, label: 'step or override (1)' },
  });
  const load = kit.graph({
    title: inputs.serverlessWriter
      ? 'Writer DB load (Performance Insights, active sessions)'
      : 'Writer DB load (Performance Insights, active sessions) vs the running writer’s vCPUs',
    left: [
      m.writerDbLoadAverageSessions('DBLoad'),
      m.writerDbLoadAverageSessions('DBLoadCPU'),
      m.writerDbLoadAverageSessions('DBLoadNonCPU'),
      ...(inputs.serverlessWriter ? [] : [rw.figure('vcpus', 'vCPUs of the running writer')]),
    ],
    leftYAxis: { min: 0 },
  });
  const connections = kit.graph({
    title: 'Writer connections, % of the running writer’s max_connections (right: count)',
    left: [rw.percentOf(m.writerDatabaseConnectionsMaximum(), 'maxConnections', 'Connections % of max_connections')],
    right: [m.writerDatabaseConnectionsMaximum(), rw.figure('maxConnections', 'max_connections (estimate)')],
    leftAnnotations: kit.lines('writerConnections'),
    leftYAxis: { min: 0, max: 100 },
    rightYAxis: { min: 0 },
  });
  const memory = kit.graph({
    title: 'Writer freeable memory, GiB (right: % of the running writer’s memory)',
    left: [m.writerFreeableMemoryMinimumGiB(), gibOf(rw.figure('memoryBytes', 'x'), 'Running writer memory (GiB)')],
    right: [rw.percentOf(m.writerFreeableMemoryMinimumBytes(), 'memoryBytes', 'Freeable memory %')],
    rightAnnotations: kit.lines('writerFreeableMemory'),
    leftYAxis: { min: 0, label: 'GiB', showUnits: false },
    rightYAxis: { min: 0, max: 100 },
  });
  const latency = kit.graph({
    title: 'Writer commit latency (ms) and deadlocks / s',
    left: [m.writerCommitLatencyAverageMs()],
    right: [m.writerDeadlocksAveragePerSecond()],
    leftAnnotations: kit.lines('writerCommitLatency'),
    rightAnnotations: kit.lines('writerDeadlocks'),
    leftYAxis: { min: 0 },
    rightYAxis: { min: 0 },
  });
  const rows: cloudwatch.IWidget[][] = [
    [throughput, cpu, load],
    [connections, memory, latency],
  ];
  if (inputs.serverlessWriter) {
    rows.push([
      kit.graph({
        title: 'Writer Serverless v2 capacity',
        left: [m.writerAcuUtilizationAveragePercent()],
        right: [m.writerServerlessCapacityAverageAcu()],
        leftAnnotations: kit.lines('writerAcuUtilization'),
        leftYAxis: { min: 0, max: 100 },
        rightYAxis: { min: 0 },
      }),
    ]);
  }
  return rows;
}

function gibOf(bytes: cloudwatch.MathExpression, label: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: 'b / 1073741824',
    usingMetrics: { b: bytes },
    label,
    period: Duration.minutes(1),
  });
}

export const writerSegment: MonitoringSegment = {
  name: 'writer',
  alarmDefinitions: writerAlarmDefinitions,
  widgets: writerWidgets,
};
