import type { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { alarmName, type Severity } from '../monitoring/alarm-naming';
import type { AlarmTopics } from '../monitoring/alarm-topics';
import { PRE_SCALER_DIMENSION, PRE_SCALER_METRICS, PRE_SCALER_NAMESPACE, type PreScalerMetricName } from '../monitoring/pre-scaler-metrics';

/** The pre-scaler's alarms, by a stable key. */
export type PreScalerAlarmKey = 'errors' | 'throttles' | 'noSuccessfulRun' | 'campaignNotReady' | 'invalidCalendar' | 'actionRejected';

/** One alarm as data. */
interface PreScalerAlarmDefinition {
  readonly key: PreScalerAlarmKey;
  /** The metric segment of the name: `errors`, `campaign-not-ready`. */
  readonly name: string;
  readonly severity: Severity;
  readonly metric: cloudwatch.IMetric;
  readonly comparison: cloudwatch.ComparisonOperator;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: cloudwatch.TreatMissingData;
  /** What it means and what to do, for the alarm description (the runbook has the details). */
  readonly description: string;
}

export interface PreScalerAlarmsProps {
  readonly environmentName: string;
  readonly function: lambda.IFunction;
  /** The schedule's period: one run, one datapoint of every pre-scaler metric. */
  readonly rate: Duration;
  /** Minutes before a campaign's start from which "not ready" is alarmed. */
  readonly notReadyAlarmMinutes: number;
  readonly topics: AlarmTopics;
}

const AT_LEAST = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
const BELOW = cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;
const RUNBOOK = 'See docs/pre-scaler-runbook.md.';

/**
 * The pre-scaler's alarms, each on its severity's topic:
 * - `errors` (warning): invocations failed in 2 of the last 3 runs (one transient failure is retried by the next run);
 * - `throttles` (warning): an invocation was throttled (the account's concurrency was exhausted, or, with `reservedConcurrency: 1`, something invoked it during a run);
 * - `no-successful-run` (critical): no run finished its reconcile for 3 periods; missing data breaches, since silence is the failure;
 * - `campaign-not-ready` (critical): a campaign starts within `notReadyAlarmMinutes` (or has started) and capacity is not ready;
 * - `invalid-calendar` (critical): the function's calendar or settings are invalid, so it acts on nothing;
 * - `action-rejected` (critical): AWS refused a step for a reason the next run cannot fix (access denied, invalid parameter).
 */
export class PreScalerAlarms extends Construct {
  readonly alarms: Readonly<Record<PreScalerAlarmKey, cloudwatch.Alarm>>;

  constructor(scope: Construct, id: string, props: PreScalerAlarmsProps) {
    super(scope, id);
    const out = {} as Record<PreScalerAlarmKey, cloudwatch.Alarm>;
    for (const def of definitions(props)) {
      const alarm = new cloudwatch.Alarm(this, def.key, {
        alarmName: alarmName(props.environmentName, 'pre-scaler', def.name, def.severity),
        alarmDescription: `${def.description} ${RUNBOOK}`,
        metric: def.metric,
        comparisonOperator: def.comparison,
        threshold: def.threshold,
        evaluationPeriods: def.evaluationPeriods,
        datapointsToAlarm: def.datapointsToAlarm,
        treatMissingData: def.treatMissingData,
      });
      out[def.key] = props.topics.wire(alarm, def.severity);
    }
    this.alarms = out;
  }
}

function definitions(props: PreScalerAlarmsProps): PreScalerAlarmDefinition[] {
  const { rate } = props;
  const metric = (name: PreScalerMetricName, statistic: string): cloudwatch.Metric =>
    new cloudwatch.Metric({
      namespace: PRE_SCALER_NAMESPACE,
      metricName: name,
      dimensionsMap: { [PRE_SCALER_DIMENSION]: props.environmentName },
      statistic,
      period: rate,
    });
  const m = PRE_SCALER_METRICS;
  const minutes = rate.toMinutes();
  return [
    {
      key: 'errors',
      name: 'errors',
      severity: 'warning',
      metric: props.function.metricErrors({ period: rate, statistic: cloudwatch.Stats.SUM }),
      comparison: AT_LEAST,
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: `The pre-scaler failed in 2 of its last 3 runs (throttling, AWS errors or a rejected step): the log line "pre-scaler run failed" says why.`,
    },
    {
      key: 'throttles',
      name: 'throttles',
      severity: 'warning',
      metric: props.function.metricThrottles({ period: rate, statistic: cloudwatch.Stats.SUM }),
      comparison: AT_LEAST,
      threshold: 1,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description:
        "An invocation of the pre-scaler was throttled: the account's Lambda concurrency was exhausted (other functions used it all), or, when preScaler.reservedConcurrency is 1, something invoked it while a run was going. Lambda retries throttled events for a while; a run delivered after its act window only reports.",
    },
    {
      key: 'noSuccessfulRun',
      name: 'no-successful-run',
      severity: 'critical',
      metric: metric(m.RunSucceeded, cloudwatch.Stats.SUM),
      comparison: BELOW,
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      description: `No pre-scaler run has finished for ${3 * minutes} minutes (3 schedule periods): the schedule may be disabled, the function failing, or its configuration invalid. Capacity will not follow the calendar.`,
    },
    {
      key: 'campaignNotReady',
      name: 'campaign-not-ready',
      severity: 'critical',
      metric: metric(m.CampaignStartingSoonNotReady, cloudwatch.Stats.MAXIMUM),
      comparison: AT_LEAST,
      threshold: 1,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: `A campaign starts within ${props.notReadyAlarmMinutes} minutes (or has started) and the database capacity is not yet what it needs: the "pre-scaler run" log line lists the gaps.`,
    },
    {
      key: 'invalidCalendar',
      name: 'invalid-calendar',
      severity: 'critical',
      metric: metric(m.InvalidCalendar, cloudwatch.Stats.MAXIMUM),
      comparison: AT_LEAST,
      threshold: 1,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description:
        'The pre-scaler found its calendar or settings invalid and acts on nothing until config is fixed and deployed: the log line "pre-scaler configuration invalid" lists every problem.',
    },
    {
      key: 'actionRejected',
      name: 'action-rejected',
      severity: 'critical',
      metric: metric(m.ActionRejected, cloudwatch.Stats.MAXIMUM),
      comparison: AT_LEAST,
      threshold: 1,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description:
        'AWS refused a pre-scaler step for a reason the next run cannot fix (access denied, invalid parameter): the "pre-scaler run" log line has the error.',
    },
  ];
}
