import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { MonitoringThresholds } from '../../config/schema/monitoring';
import { alarmName, SEVERITIES, type Severity } from './alarm-naming';
import type { AlarmTopics } from './alarm-topics';
import type { ResolvedThresholds, WriterFigures } from './alarm-thresholds';
import type { DatabaseMetrics } from './metrics';

/** Every metric alarm of the stack, by a stable key. */
export type AlarmKey =
  | 'writerCpu'
  | 'writerFreeableMemory'
  | 'writerConnections'
  | 'writerCommitLatency'
  | 'writerDeadlocks'
  | 'writerAcuUtilization'
  | 'readerCpu'
  | 'replicaLag'
  | 'readerCapacityExhausted'
  | 'proxyClientConnections'
  | 'proxyBorrowLatency'
  | 'proxyPinnedConnections'
  | 'proxyQueryLatency';

export type Component = 'writer' | 'readers' | 'proxy';

/** How one severity of an alarm is evaluated. */
export interface SeverityRule {
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  /** The threshold in words, with the configured value it came from: `"1283 connections (80 % of max_connections 1604)"`. */
  readonly text: string;
}

/** One alarm, both severities, as data: what {@link createAlarms} turns into CloudWatch alarms. */
export interface AlarmDefinition {
  readonly key: AlarmKey;
  readonly component: Component;
  /** The metric segment of the alarm name: `cpu`, `replica-lag`. */
  readonly name: string;
  /** What the alarm watches, in a few words, for descriptions and the dashboard. */
  readonly title: string;
  readonly metric: cloudwatch.IMetric;
  readonly comparison: cloudwatch.ComparisonOperator;
  readonly treatMissingData: cloudwatch.TreatMissingData;
  /** Why that missing-data treatment, stated in the alarm's description. */
  readonly missingDataReason: string;
  readonly severities: Readonly<Record<Severity, SeverityRule>>;
}

/** What the definitions are computed from. */
export interface AlarmDefinitionInputs {
  readonly metrics: DatabaseMetrics;
  /** The configured thresholds (percentages, milliseconds) — quoted in descriptions. */
  readonly configured: MonitoringThresholds;
  /** The same thresholds in the metrics' own units. */
  readonly resolved: ResolvedThresholds;
  readonly writer: WriterFigures;
  /** Serverless v2 writers get the ACU utilisation alarm. */
  readonly serverlessWriter: boolean;
  /** `readerAutoScaling.maxReplicas`: Aurora Replicas autoscaling may reach, fixed readers included. */
  readonly readerMaxReplicas: number;
  /** Minutes between two pre-scaler runs (one `ReaderCount` datapoint each). */
  readonly preScalerRateMinutes: number;
}

const ABOVE = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
const BELOW = cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD;
/**
 * CloudWatch evaluates at most one day of data for alarms on periods of a minute or more.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarm-evaluation
 */
const MAX_EVALUATION_MINUTES = 24 * 60;

const WRITER_GAP =
  'Missing data keeps the current state: the writer publishes every minute, and the gap of a failover neither pages nor clears.';
const QUIET_IS_FINE = 'Missing data is not breaching: no datapoint means no activity of this kind.';

/** Both severities over the same window of one-minute datapoints, all of which must breach. */
function sustained(
  minutes: number,
  values: Readonly<Record<Severity, number>>,
  text: (severity: Severity) => string,
): Record<Severity, SeverityRule> {
  const rule = (s: Severity): SeverityRule => ({
    threshold: values[s],
    evaluationPeriods: minutes,
    datapointsToAlarm: minutes,
    text: `${text(s)} for ${minutes} minutes`,
  });
  return { warning: rule('warning'), critical: rule('critical') };
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(4)));
}

function gib(bytes: number): string {
  return `${fmt(bytes / 1024 ** 3)} GiB`;
}

/**
 * Every metric alarm of the stack, as data. Thresholds are the resolved (absolute) ones; descriptions
 * quote the configured percentages and the writer figures they were computed from.
 */
export function alarmDefinitions(inputs: AlarmDefinitionInputs): AlarmDefinition[] {
  const { metrics: m, configured: c, resolved: r, writer: w } = inputs;
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
      metric: m.writerFreeableMemoryMinimumBytes(),
      comparison: BELOW,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      missingDataReason: WRITER_GAP,
      severities: sustained(
        5,
        r.writerFreeableMemoryBytes,
        (s) =>
          `freeable memory at or below ${gib(r.writerFreeableMemoryBytes[s])} (${fmt(c.writerFreeableMemoryPercent[s])} % of ${gib(w.memoryBytes)}, ${w.capacity})`,
      ),
    },
    {
      key: 'writerConnections',
      component: 'writer',
      name: 'connections',
      title: 'Writer connections',
      metric: m.writerDatabaseConnectionsMaximum(),
      comparison: ABOVE,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      missingDataReason: WRITER_GAP,
      severities: sustained(
        3,
        r.writerConnections,
        (s) =>
          `${r.writerConnections[s]} connections or more (${fmt(c.writerConnectionsPercent[s])} % of max_connections ${w.maxConnections}, ${w.capacity})`,
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
    {
      key: 'readerCpu',
      component: 'readers',
      name: 'cpu',
      title: 'Readers average CPU',
      metric: m.readerCpuUtilizationAveragePercent(),
      comparison: ABOVE,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      missingDataReason: 'Missing data keeps the current state: the fixed standby always publishes, so a gap is a reader being replaced.',
      severities: sustained(5, r.readerCpuPercent, (s) => `average CPU over all readers at or above ${fmt(r.readerCpuPercent[s])} %`),
    },
    {
      key: 'replicaLag',
      component: 'readers',
      name: 'replica-lag',
      title: 'Worst replica lag',
      metric: m.readerReplicaLagMaximumMs(),
      comparison: ABOVE,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      missingDataReason: 'Missing data is not breaching: a replica that is still being created publishes no lag yet.',
      severities: sustained(5, r.replicaLagMs, (s) => `the worst reader's replica lag at or above ${fmt(r.replicaLagMs[s])} ms`),
    },
    readerCapacityExhausted(inputs),
    {
      key: 'proxyClientConnections',
      component: 'proxy',
      name: 'client-connections',
      title: 'Proxy client connections',
      metric: m.proxyClientConnectionsSum(),
      comparison: ABOVE,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      missingDataReason: 'Missing data is not breaching: the proxy publishes client metrics only once clients connect.',
      severities: sustained(
        3,
        r.proxyClientConnections,
        (s) =>
          `${r.proxyClientConnections[s]} client connections or more (${fmt(c.proxyClientConnectionsPercent[s])} % of the ${w.servableClientConnections} the pool of ${w.proxyPool} serves, ${w.capacity})`,
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
      metric: m.proxySessionPinnedConnectionsSum(),
      comparison: ABOVE,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      missingDataReason: QUIET_IS_FINE,
      severities: sustained(
        10,
        r.proxyPinnedConnections,
        (s) =>
          `${r.proxyPinnedConnections[s]} session-pinned connections or more (${fmt(c.proxyPinnedConnectionsPercent[s])} % of the proxy pool of ${w.proxyPool}, ${w.capacity})`,
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
  if (inputs.serverlessWriter) {
    defs.splice(5, 0, {
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
  }
  return defs;
}

/**
 * "Capacity exhausted": the observed reader count stays at the autoscaling maximum. The severities
 * differ in how long, not in the threshold (the maximum). CloudWatch has no reader-count metric, so
 * this reads the pre-scaler's `ReaderCount` (see pre-scaler-metrics.ts).
 */
function readerCapacityExhausted(inputs: AlarmDefinitionInputs): AlarmDefinition {
  const rate = inputs.preScalerRateMinutes;
  const minutes = inputs.resolved.readerCapacityExhaustedMinutes;
  const rule = (s: Severity): SeverityRule => {
    const periods = Math.max(1, Math.min(Math.ceil(minutes[s] / rate), Math.floor(MAX_EVALUATION_MINUTES / rate)));
    return {
      threshold: inputs.readerMaxReplicas,
      evaluationPeriods: periods,
      datapointsToAlarm: periods,
      text: `${inputs.readerMaxReplicas} readers (readerAutoScaling.maxReplicas) for ${periods * rate} minutes`,
    };
  };
  return {
    key: 'readerCapacityExhausted',
    component: 'readers',
    name: 'capacity-exhausted',
    title: 'Readers at the autoscaling maximum',
    metric: inputs.metrics.preScalerReaderCountMinimum(),
    comparison: ABOVE,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    missingDataReason:
      'Missing data is not breaching: the count comes from the pre-scaler, whose own "no successful run" alarm covers its silence.',
    severities: { warning: rule('warning'), critical: rule('critical') },
  };
}

/** The runbook section of an alarm: `writer-cpu`, `proxy-borrow-latency`. */
export function runbookAnchor(def: Pick<AlarmDefinition, 'component' | 'name'>): string {
  return `${def.component}-${def.name}`;
}

/** Both severities of every alarm, by key. */
export type DatabaseAlarms = ReadonlyMap<AlarmKey, Readonly<Record<Severity, cloudwatch.Alarm>>>;

export interface CreateAlarmsOptions {
  readonly environmentName: string;
  /** The runbook page (docs/monitoring.md as the team browses it); each description links its section. */
  readonly runbookUrl: string;
  readonly topics: AlarmTopics;
}

/** Creates both severities of every definition, named by {@link alarmName}, each wired to its severity's topic. */
export function createAlarms(scope: Construct, definitions: readonly AlarmDefinition[], options: CreateAlarmsOptions): DatabaseAlarms {
  const out = new Map<AlarmKey, Record<Severity, cloudwatch.Alarm>>();
  for (const def of definitions) {
    const pair = {} as Record<Severity, cloudwatch.Alarm>;
    for (const severity of SEVERITIES) {
      const rule = def.severities[severity];
      const name = alarmName(options.environmentName, def.component, def.name, severity);
      const alarm = new cloudwatch.Alarm(scope, `${def.key}-${severity}`, {
        alarmName: name,
        alarmDescription: [
          `${def.title} (${options.environmentName}, ${severity}): ${rule.text}.`,
          def.missingDataReason,
          `What to do first: ${options.runbookUrl}#${runbookAnchor(def)}`,
        ].join(' '),
        metric: def.metric,
        threshold: rule.threshold,
        comparisonOperator: def.comparison,
        evaluationPeriods: rule.evaluationPeriods,
        datapointsToAlarm: rule.datapointsToAlarm,
        treatMissingData: def.treatMissingData,
      });
      options.topics.wire(alarm, severity);
      pair[severity] = alarm;
    }
    out.set(def.key, pair);
  }
  return out;
}

function alarmPair(alarms: DatabaseAlarms, key: AlarmKey): Readonly<Record<Severity, cloudwatch.Alarm>> {
  const pair = alarms.get(key);
  if (!pair) throw new Error(`The "database at risk" composite needs the ${key} alarms, which were not created`);
  return pair;
}

/**
 * "Database at risk": pages only when two independent signals agree — the writer's CPU is critical
 * **and** clients already wait for pooled connections (proxy borrow latency at warning or worse).
 * Either alone can be a batch job or a slow client; together they are the outage's opening minutes.
 */
export function createDatabaseAtRiskAlarm(
  scope: Construct,
  alarms: DatabaseAlarms,
  options: CreateAlarmsOptions,
): cloudwatch.CompositeAlarm {
  const cpu = alarmPair(alarms, 'writerCpu').critical;
  const borrow = alarmPair(alarms, 'proxyBorrowLatency').warning;
  const composite = new cloudwatch.CompositeAlarm(scope, 'DatabaseAtRisk', {
    compositeAlarmName: alarmName(options.environmentName, 'database', 'at-risk', 'critical'),
    alarmDescription:
      `Database at risk (${options.environmentName}, critical): the writer CPU is critical and clients wait for pooled connections at the proxy. ` +
      `What to do first: ${options.runbookUrl}#database-at-risk`,
    alarmRule: cloudwatch.AlarmRule.allOf(
      cloudwatch.AlarmRule.fromAlarm(cpu, cloudwatch.AlarmState.ALARM),
      cloudwatch.AlarmRule.fromAlarm(borrow, cloudwatch.AlarmState.ALARM),
    ),
  });
  return options.topics.wire(composite, 'critical');
}
