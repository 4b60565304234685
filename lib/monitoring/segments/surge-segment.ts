import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ABOVE, type AlarmDefinition, type AlarmDefinitionInputs, QUIET_IS_FINE } from '../alarms';
import { PRE_SCALER_METRICS } from '../pre-scaler-metrics';
import type { MonitoringSegment, WidgetKit } from './segment';

/** One datapoint per pre-scaler run: the alarm fires on the first run that reports 1. */
function onFirstReport(severity: 'warning' | 'critical', text: string) {
  return { [severity]: { threshold: 1, evaluationPeriods: 1, datapointsToAlarm: 1, text } };
}

/**
 * The surprise-surge alarms (issue 15), on the metrics the pre-scaler publishes on every run
 * (lambda/pre-scaler/contract/metrics.ts), each on its severity's topic with a runbook link:
 * - `pre-scaler-emergency-step` (warning): a run decided a reactive emergency step (taken, or only
 *   logged in dry run) — the writer was under sustained pressure with no campaign in force;
 * - `pre-scaler-surge-at-ceiling` (critical): the writer is under sustained pressure and already at
 *   `preScaler.reactive.ceiling`: nothing is left to grow by itself;
 * - `pre-scaler-override-in-force` (warning): an operator's override (`npm run surge`) is in force,
 *   so every use raises a warning, and it clears when the override expires or is cleared.
 * Missing data is not breaching: a run that did not publish them (an older function) had nothing of the kind.
 */
export function surgeAlarmDefinitions(inputs: AlarmDefinitionInputs): AlarmDefinition[] {
  const m = inputs.metrics;
  const flag = (name: (typeof PRE_SCALER_METRICS)[keyof typeof PRE_SCALER_METRICS], label: string) => m.preScalerLatest(name, label);
  return [
    {
      key: 'emergencyStepTaken',
      component: 'pre-scaler',
      name: 'emergency-step',
      title: 'Emergency scale-up taken',
      metric: flag(PRE_SCALER_METRICS.EmergencyStepTaken, 'Emergency step (1)'),
      comparison: ABOVE,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      missingDataReason: QUIET_IS_FINE,
      severities: onFirstReport(
        'warning',
        'the pre-scaler decided an emergency scale-up: the writer was under sustained pressure and no campaign covers the time. It grows by itself up to preScaler.reactive.ceiling; the "pre-scaler run" log line says which pressure and which step',
      ),
    },
    {
      key: 'surgeAtCeiling',
      component: 'pre-scaler',
      name: 'surge-at-ceiling',
      title: 'Surge at the ceiling',
      metric: flag(PRE_SCALER_METRICS.SurgeAtCeiling, 'At the ceiling under pressure (1)'),
      comparison: ABOVE,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      missingDataReason: QUIET_IS_FINE,
      severities: onFirstReport(
        'critical',
        'the writer is under sustained pressure and already at preScaler.reactive.ceiling: nothing is left to grow by itself. Shed load, or raise capacity beyond the ceiling by hand',
      ),
    },
    {
      key: 'overrideInForce',
      component: 'pre-scaler',
      name: 'override-in-force',
      title: 'Capacity override in force',
      metric: flag(PRE_SCALER_METRICS.OverrideInForce, 'Override in force (1)'),
      comparison: ABOVE,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      missingDataReason: QUIET_IS_FINE,
      severities: onFirstReport(
        'warning',
        'an operator override (npm run surge) is in force: the cluster tag aurora-surge:override says what, until when, who and why. It expires by itself; npm run surge -- --clear ends it',
      ),
    },
  ];
}

/**
 * The surge row: the surge level (emergency steps of the surge in force) with its steps, the
 * override and "at the ceiling" on the time axis. The writer's throughput and CPU graphs carry the
 * same step and override marks (writer-segment.ts).
 */
export function surgeWidgets(inputs: AlarmDefinitionInputs, kit: WidgetKit): cloudwatch.IWidget[][] {
  const m = inputs.metrics;
  return [
    [
      kit.graph({
        title: 'Surge: emergency level, steps, override, at the ceiling (right)',
        left: [m.preScalerLatest(PRE_SCALER_METRICS.SurgeLevel, 'Surge level (emergency steps)')],
        right: surgeMarks(inputs),
        leftYAxis: { min: 0, showUnits: false, label: 'level' },
        rightYAxis: { min: 0, max: 1, showUnits: false, label: 'mark (1)' },
      }),
    ],
  ];
}

/** The 0/1 marks of the surge on the time axis: emergency steps, the override in force, at the ceiling. */
export function surgeMarks(inputs: AlarmDefinitionInputs): cloudwatch.IMetric[] {
  const m = inputs.metrics;
  return [
    m.preScalerSum(PRE_SCALER_METRICS.EmergencyStepTaken, 'Emergency step taken'),
    m.preScalerLatest(PRE_SCALER_METRICS.OverrideInForce, 'Override in force'),
    m.preScalerLatest(PRE_SCALER_METRICS.SurgeAtCeiling, 'At the ceiling under pressure'),
  ];
}

export const surgeSegment: MonitoringSegment = {
  name: 'surge',
  alarmDefinitions: surgeAlarmDefinitions,
  widgets: surgeWidgets,
};
