import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { MonitoringThresholds } from '../../config/schema/monitoring';
import { alarmName, SEVERITIES, type Severity } from './alarm-naming';
import type { AlarmTopics } from './alarm-topics';
import type { ResolvedThresholds, WriterFigures } from './alarm-thresholds';
import type { DatabaseMetrics } from './metrics';
import type { RunningWriter } from './running-writer';

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
  | 'proxyQueryLatency'
  | 'emergencyStepTaken'
  | 'surgeAtCeiling'
  | 'overrideInForce';

/** The part of the system an alarm is about: the second segment of its name and of its runbook anchor. */
export type Component = 'writer' | 'readers' | 'proxy' | 'pre-scaler';

/** How one severity of an alarm is evaluated. */
export interface SeverityRule {
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  /** The threshold in words, with the configured value it came from: `"1283 connections (80 % of max_connections 1604)"`. */
  readonly text: string;
}

/**
 * One alarm, at one or both severities, as data: what {@link createAlarms} turns into CloudWatch
 * alarms. The one alarm model of the stack: each monitoring segment (lib/monitoring/segments) defines
 * its own, and the pre-scaler's alarms (lib/private/pre-scaler-alarms.ts) are definitions too.
 */
export interface AlarmDefinition<K extends string = AlarmKey> {
  readonly key: K;
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
  /** The severities it exists at: the database's alarms have both, most of the pre-scaler's one. */
  readonly severities: Readonly<Partial<Record<Severity, SeverityRule>>>;
}

/** What the definitions are computed from. */
export interface AlarmDefinitionInputs {
  readonly metrics: DatabaseMetrics;
  /** The configured thresholds (percentages, milliseconds) — quoted in descriptions. */
  readonly configured: MonitoringThresholds;
  /** The same thresholds in the metrics' own units. */
  readonly resolved: ResolvedThresholds;
  readonly writer: WriterFigures;
  /** The figures of the writer actually running: percent-of-capacity alarms divide by them. */
  readonly runningWriter: RunningWriter;
  /** Serverless v2 writers get the ACU utilisation alarm. */
  readonly serverlessWriter: boolean;
  /** `readerAutoScaling.maxReplicas`: Aurora Replicas autoscaling may reach, fixed readers included. */
  readonly readerMaxReplicas: number;
  /** Minutes between two pre-scaler runs (one `ReaderCount` datapoint each). */
  readonly preScalerRateMinutes: number;
}

export const ABOVE = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
export const BELOW = cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD;
/**
 * CloudWatch evaluates at most one day of data for alarms on periods of a minute or more.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarm-evaluation
 */
export const MAX_EVALUATION_MINUTES = 24 * 60;

export const WRITER_GAP =
  'Missing data keeps the current state: the writer publishes every minute, and the gap of a failover neither pages nor clears.';
export const QUIET_IS_FINE = 'Missing data is not breaching: no datapoint means no activity of this kind.';

/** Both severities over the same window of one-minute datapoints, all of which must breach. */
export function sustained(
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

export function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(4)));
}

export function gib(bytes: number): string {
  return `${fmt(bytes / 1024 ** 3)} GiB`;
}

/** The runbook section of an alarm: `writer-cpu`, `proxy-borrow-latency`. */
export function runbookAnchor(def: Pick<AlarmDefinition, 'component' | 'name'>): string {
  return `${def.component}-${def.name}`;
}

/** The alarms of every definition, by key and severity. */
export type AlarmsByKey<K extends string> = ReadonlyMap<K, Readonly<Partial<Record<Severity, cloudwatch.Alarm>>>>;

/** Both severities of every database alarm, by key. */
export type DatabaseAlarms = AlarmsByKey<AlarmKey>;

export interface CreateAlarmsOptions {
  readonly environmentName: string;
  /** The runbook page (docs/monitoring.md as the team browses it); each description links its section. */
  readonly runbookUrl: string;
  readonly topics: AlarmTopics;
  /**
   * The construct id of each alarm. Changing it changes the alarm's logical id, and CloudFormation would
   * delete the alarm of that name after creating the "new" one: keep it stable.
   * @default `<key>-<severity>`
   */
  readonly constructId?: (key: string, severity: Severity) => string;
}

/**
 * Creates every severity of every definition, named by {@link alarmName}, described with its threshold
 * in words and its runbook link, each wired to its severity's topic.
 */
export function createAlarms<K extends string>(
  scope: Construct,
  definitions: readonly AlarmDefinition<K>[],
  options: CreateAlarmsOptions,
): AlarmsByKey<K> {
  const out = new Map<K, Partial<Record<Severity, cloudwatch.Alarm>>>();
  const idOf = options.constructId ?? ((key: string, severity: Severity) => `${key}-${severity}`);
  for (const def of definitions) {
    const pair: Partial<Record<Severity, cloudwatch.Alarm>> = {};
    for (const severity of SEVERITIES) {
      const rule = def.severities[severity];
      if (!rule) continue;
      const name = alarmName(options.environmentName, def.component, def.name, severity);
      const alarm = new cloudwatch.Alarm(scope, idOf(def.key, severity), {
        alarmName: name,
        alarmDescription: [
          `${def.title} (${options.environmentName}, ${severity}): ${rule.text.replace(/\.$/, '')}.`,
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

function alarmOf(alarms: DatabaseAlarms, key: AlarmKey, severity: Severity): cloudwatch.Alarm {
  const alarm = alarms.get(key)?.[severity];
  if (!alarm) throw new Error(`The "database at risk" composite needs the ${key} ${severity} alarm, which was not created`);
  return alarm;
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
  const cpu = alarmOf(alarms, 'writerCpu', 'critical');
  const borrow = alarmOf(alarms, 'proxyBorrowLatency', 'warning');
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
