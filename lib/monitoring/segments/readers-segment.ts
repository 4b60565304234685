import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Severity } from '../alarm-naming';
import {
  ABOVE,
  type AlarmDefinition,
  type AlarmDefinitionInputs,
  fmt,
  MAX_EVALUATION_MINUTES,
  type SeverityRule,
  sustained,
} from '../alarms';
import { PRE_SCALER_METRICS } from '../pre-scaler-metrics';
import type { MonitoringSegment, WidgetKit } from './segment';

/** The reader alarms, as data. */
export function readerAlarmDefinitions(inputs: AlarmDefinitionInputs): AlarmDefinition[] {
  const { metrics: m, resolved: r } = inputs;
  return [
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
  ];
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

/** The readers' row: CPU (average and the hottest reader), replica lag, count against the floor. */
export function readerWidgets(inputs: AlarmDefinitionInputs, kit: WidgetKit): cloudwatch.IWidget[][] {
  const m = inputs.metrics;
  return [
    [
      kit.graph({
        title: 'Readers CPU %: average and the hottest reader',
        left: [m.readerCpuUtilizationAveragePercent(), m.readerCpuUtilizationMaximumPercent()],
        leftAnnotations: kit.lines('readerCpu'),
        leftYAxis: { min: 0, max: 100 },
      }),
      kit.graph({
        title: 'Worst replica lag (ms)',
        left: [m.readerReplicaLagMaximumMs()],
        leftAnnotations: kit.lines('replicaLag'),
        leftYAxis: { min: 0 },
      }),
      kit.graph({
        title: `Readers: count vs floor (max ${inputs.readerMaxReplicas})`,
        left: [
          m.preScalerReaderCountMinimum(),
          m.preScalerLatest(PRE_SCALER_METRICS.DesiredReaderFloor, 'Floor wanted'),
          m.preScalerLatest(PRE_SCALER_METRICS.ActualReaderFloor, 'Floor set'),
        ],
        leftAnnotations: [{ value: inputs.readerMaxReplicas, label: 'readerAutoScaling.maxReplicas', color: cloudwatch.Color.ORANGE }],
        leftYAxis: { min: 0 },
      }),
    ],
  ];
}

export const readersSegment: MonitoringSegment = {
  name: 'readers',
  alarmDefinitions: readerAlarmDefinitions,
  widgets: readerWidgets,
};
