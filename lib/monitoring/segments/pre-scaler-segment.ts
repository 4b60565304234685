import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { AlarmDefinitionInputs } from '../alarms';
import { PRE_SCALER_METRICS } from '../pre-scaler-metrics';
import type { WidgetKit } from './segment';

/**
 * The fixed message of the pre-scaler's one log line per run (`RUN_LOG_MESSAGE` in
 * lambda/pre-scaler/run-log.ts; a test holds the two equal, since lib never imports Lambda code).
 */
export const PRE_SCALER_RUN_LOG_MESSAGE = 'pre-scaler run';

/** What the pre-scaler segment shows besides its metrics. */
export interface PreScalerSegmentProps {
  /** The function's log group: the Logs Insights widget reads its decisions there. */
  readonly logGroupName: string;
  /** The pre-scaler's alarms (built with the function, on the same alarm model as the database's). */
  readonly alarms: readonly cloudwatch.IAlarm[];
}

/**
 * The Logs Insights query of the decisions widget: the latest runs that decided something other than
 * "nothing to do", with the step and its reason, and every failed run.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html
 */
export function preScalerDecisionsQuery(): string[] {
  return [
    'fields @timestamp, outcome, action.kind, action.reason, action.campaignId, dryRun',
    `filter (message = "${PRE_SCALER_RUN_LOG_MESSAGE}" and action.kind != "none") or level = "ERROR"`,
    'sort @timestamp desc',
    'limit 50',
  ];
}

/** The pre-scaler's rows: wanted vs actual capacity, steps and readiness, its decisions, its alarms. */
export function preScalerWidgets(inputs: AlarmDefinitionInputs, kit: WidgetKit, props: PreScalerSegmentProps): cloudwatch.IWidget[][] {
  const m = inputs.metrics;
  const rows: cloudwatch.IWidget[][] = [
    [
      kit.graph({
        title: `Pre-scaler: writer capacity wanted vs actual (${inputs.serverlessWriter ? 'minimum ACU' : 'class memory, GiB'})`,
        left: [
          m.preScalerLatest(PRE_SCALER_METRICS.DesiredWriterCapacity, 'Wanted'),
          m.preScalerLatest(PRE_SCALER_METRICS.ActualWriterCapacity, 'Actual'),
        ],
        leftYAxis: { min: 0 },
      }),
      kit.graph({
        title: 'Pre-scaler: reader floor wanted vs actual',
        left: [
          m.preScalerLatest(PRE_SCALER_METRICS.DesiredReaderFloor, 'Wanted'),
          m.preScalerLatest(PRE_SCALER_METRICS.ActualReaderFloor, 'Actual'),
        ],
        leftYAxis: { min: 0 },
      }),
      kit.graph({
        title: 'Pre-scaler: steps, readiness, calendar',
        left: [
          m.preScalerSum(PRE_SCALER_METRICS.ResizeStarted, 'Resizes started'),
          m.preScalerSum(PRE_SCALER_METRICS.FailoverStarted, 'Failovers started'),
          m.preScalerSum(PRE_SCALER_METRICS.PlannedActions, 'Steps planned (dry run included)'),
          m.preScalerSum(PRE_SCALER_METRICS.ActionRejected, 'Steps rejected by AWS'),
        ],
        right: [
          m.preScalerLatest(PRE_SCALER_METRICS.Ready, 'Ready (1 = at target)').with({ statistic: cloudwatch.Stats.MINIMUM }),
          m.preScalerLatest(PRE_SCALER_METRICS.CampaignStartingSoonNotReady, 'Campaign soon, not ready (1)'),
          m.preScalerLatest(PRE_SCALER_METRICS.InvalidCalendar, 'Invalid calendar (1 = acting on nothing)'),
        ],
        leftYAxis: { min: 0 },
        rightYAxis: { min: 0, max: 1 },
      }),
    ],
    [
      new cloudwatch.LogQueryWidget({
        title: 'Pre-scaler: latest decisions and their reasons (newest first)',
        logGroupNames: [props.logGroupName],
        queryLines: preScalerDecisionsQuery(),
        view: cloudwatch.LogQueryVisualizationType.TABLE,
        width: 24,
        height: 8,
      }),
    ],
  ];
  if (props.alarms.length > 0) {
    rows.push([
      new cloudwatch.AlarmStatusWidget({
        title: 'Pre-scaler alarms',
        alarms: [...props.alarms],
        width: 24,
        height: Math.min(12, 2 + Math.ceil(props.alarms.length / 4)),
        sortBy: cloudwatch.AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
      }),
    ]);
  }
  return rows;
}
