import type { Observation, RunReport } from './core';
import { findFailoverPair } from './core';

/** The part of Powertools `Logger` the pre-scaler uses (tests pass a recorder). */
export interface RunLogger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

/** The fixed messages live in the contract (`contract/log-messages.ts`), which queries and runbooks quote. */
export { INVALID_CONFIGURATION_MESSAGE, RUN_FAILED_MESSAGE, RUN_LOG_MESSAGE } from './contract/log-messages';

/** The fields of the run's log line: what was seen, wanted, decided and done, and why. */
export function runLogFields(report: RunReport, dryRun: boolean): Record<string, unknown> {
  const { action, desired, assessment } = report;
  return {
    outcome: report.outcome,
    dryRun,
    action: { ...action },
    observed: summarize(report.observation),
    desired: {
      writer: desired.writer,
      readerFloor: desired.readerFloor.count,
      inForce: desired.inForce.map((c) => c.campaignId),
    },
    ready: assessment.ready,
    gaps: assessment.gaps,
    notReadyFor: report.notReadyFor,
    metricsRead: report.metricsRead,
    surge: {
      level: report.surge.surgeLevel,
      emergencyStep: report.surge.emergencyStep,
      atCeiling: report.surge.atCeiling,
      overrideInForce: report.surge.overrideInForce,
      ...(report.surge.pressure ? { pressure: report.surge.pressure.summary } : {}),
      ...(report.surge.tagChange ? { tagChange: report.surge.tagChange, tagsWritten: report.tagsWritten } : {}),
      notes: report.surge.notes,
    },
    ...(report.desired.raisedBy ? { raisedBy: report.desired.raisedBy } : {}),
    ...(report.error && report.outcome === 'rejected' ? { error: { name: report.error.awsErrorName, message: report.error.message } } : {}),
  };
}

function summarize(o: Observation): Record<string, unknown> {
  const { writer, standby } = findFailoverPair(o);
  const brief = (i: typeof writer) =>
    i
      ? { id: i.id, class: i.instanceClass, status: i.status, ...(i.replicaLagMs !== undefined ? { replicaLagMs: i.replicaLagMs } : {}) }
      : null;
  return {
    cluster: o.clusterId,
    clusterStatus: o.clusterStatus,
    writer: brief(writer),
    standby: brief(standby),
    readers: o.instances.filter((i) => !i.isWriter).length,
    autoScaledReaders: o.instances.filter((i) => i.createdByAutoScaling).length,
    ...(o.serverlessV2 ? { serverlessV2: o.serverlessV2 } : {}),
    ...(o.readerTarget ? { readerTarget: o.readerTarget } : {}),
    ...(o.writerCpuPercent !== undefined ? { writerCpuPercent: Math.round(o.writerCpuPercent * 10) / 10 } : {}),
  };
}
