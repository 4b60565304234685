import type { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { Severity } from '../monitoring/alarm-naming';
import type { AlarmTopics } from '../monitoring/alarm-topics';
import { type AlarmDefinition, createAlarms } from '../monitoring/alarms';
import { PRE_SCALER_DIMENSION, PRE_SCALER_METRICS, PRE_SCALER_NAMESPACE, type PreScalerMetricName } from '../monitoring/pre-scaler-metrics';

/** The pre-scaler's alarms, by a stable key. */
export type PreScalerAlarmKey = 'errors' | 'throttles' | 'noSuccessfulRun' | 'campaignNotReady' | 'invalidCalendar' | 'actionRejected';

export interface PreScalerAlarmsProps {
  readonly environmentName: string;
  readonly function: lambda.IFunction;
  /** The schedule's period: one run, one datapoint of every pre-scaler metric. */
  readonly rate: Duration;
  /** Minutes before a campaign's start from which "not ready" is alarmed. */
  readonly notReadyAlarmMinutes: number;
  readonly topics: AlarmTopics;
  /** The runbook page (`monitoring.runbookUrl`); each description links its section, `#pre-scaler-<name>`. */
  readonly runbookUrl: string;
}

const AT_LEAST = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
const BELOW = cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;
const QUIET = 'Missing data is not breaching: a run that did not publish it had nothing of the kind.';

/** One severity, one datapoint window: the pre-scaler's alarms are all of this shape. */
function at(severity: Severity, threshold: number, evaluationPeriods: number, datapointsToAlarm: number, text: string) {
  return { [severity]: { threshold, evaluationPeriods, datapointsToAlarm, text } };
}

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
    // The shared alarm model; construct ids stay the bare keys so the alarms keep their logical ids.
    const created = createAlarms(this, definitions(props), {
      environmentName: props.environmentName,
      runbookUrl: props.runbookUrl,
      topics: props.topics,
      constructId: (key) => key,
    });
    const out = {} as Record<PreScalerAlarmKey, cloudwatch.Alarm>;
    for (const [key, bySeverity] of created) {
      const alarm = bySeverity.critical ?? bySeverity.warning;
      if (!alarm) throw new Error(`pre-scaler alarm ${key} was not created`);
      out[key] = alarm;
    }
    this.alarms = out;
  }
}

function definitions(props: PreScalerAlarmsProps): AlarmDefinition<PreScalerAlarmKey>[] {
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
      component: 'pre-scaler',
      name: 'errors',
      title: 'Pre-scaler errors',
      metric: props.function.metricErrors({ period: rate, statistic: cloudwatch.Stats.SUM }),
      comparison: AT_LEAST,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      missingDataReason: QUIET,
      severities: at(
        'warning',
        1,
        3,
        2,
        `The pre-scaler failed in 2 of its last 3 runs (throttling, AWS errors or a rejected step): the log line "pre-scaler run failed" says why.`,
      ),
    },
    {
      key: 'throttles',
      component: 'pre-scaler',
      name: 'throttles',
      title: 'Pre-scaler throttles',
      metric: props.function.metricThrottles({ period: rate, statistic: cloudwatch.Stats.SUM }),
      comparison: AT_LEAST,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      missingDataReason: QUIET,
      severities: at(
        'warning',
        1,
        1,
        1,
        "An invocation of the pre-scaler was throttled: the account's Lambda concurrency was exhausted (other functions used it all), or, when preScaler.reservedConcurrency is 1, something invoked it while a run was going. Lambda retries throttled events for a while; a run delivered after its act window only reports.",
      ),
    },
    {
      key: 'noSuccessfulRun',
      component: 'pre-scaler',
      name: 'no-successful-run',
      title: 'No successful pre-scaler run',
      metric: metric(m.RunSucceeded, cloudwatch.Stats.SUM),
      comparison: BELOW,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      missingDataReason: 'Missing data is breaching: silence is the failure this alarm exists for.',
      severities: at(
        'critical',
        1,
        3,
        3,
        `No pre-scaler run has finished for ${3 * minutes} minutes (3 schedule periods): the schedule may be disabled, the function failing, or its configuration invalid. Capacity will not follow the calendar.`,
      ),
    },
    {
      key: 'campaignNotReady',
      component: 'pre-scaler',
      name: 'campaign-not-ready',
      title: 'Campaign not ready',
      metric: metric(m.CampaignStartingSoonNotReady, cloudwatch.Stats.MAXIMUM),
      comparison: AT_LEAST,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      missingDataReason: QUIET,
      severities: at(
        'critical',
        1,
        1,
        1,
        `A campaign starts within ${props.notReadyAlarmMinutes} minutes (or has started) and the database capacity is not yet what it needs: the "pre-scaler run" log line lists the gaps.`,
      ),
    },
    {
      key: 'invalidCalendar',
      component: 'pre-scaler',
      name: 'invalid-calendar',
      title: 'Pre-scaler configuration invalid',
      metric: metric(m.InvalidCalendar, cloudwatch.Stats.MAXIMUM),
      comparison: AT_LEAST,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      missingDataReason: QUIET,
      severities: at(
        'critical',
        1,
        1,
        1,
        'The pre-scaler found its calendar or settings invalid and acts on nothing until config is fixed and deployed: the log line "pre-scaler configuration invalid" lists every problem.',
      ),
    },
    {
      key: 'actionRejected',
      component: 'pre-scaler',
      name: 'action-rejected',
      title: 'Pre-scaler step rejected by AWS',
      metric: metric(m.ActionRejected, cloudwatch.Stats.MAXIMUM),
      comparison: AT_LEAST,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      missingDataReason: QUIET,
      severities: at(
        'critical',
        1,
        1,
        1,
        'AWS refused a pre-scaler step for a reason the next run cannot fix (access denied, invalid parameter): the "pre-scaler run" log line has the error.',
      ),
    },
  ];
}
