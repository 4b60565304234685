import { PRE_SCALER_METRICS } from './contract/metrics';
import type { DesiredWriter, Observation, PlannerSettings, RunReport } from './core';
import { isMutating } from './core';

/** The part of Powertools `Metrics` the pre-scaler uses (tests pass a recorder). */
export interface MetricsSink {
  addMetric(name: string, unit: 'Count' | 'None', value: number): void;
  publishStoredMetrics(): void;
}

/**
 * Writer capacity as one number, so desired and actual can share a graph and be compared:
 * - Serverless v2: the minimum ACU of the range (what the pre-scaler raises for a campaign);
 * - provisioned: the memory of the instance class in GiB (`db.r6g.4xlarge` = 128), from the
 *   bundled catalogue; undefined for a class the catalogue does not know.
 */
export function desiredWriterCapacity(writer: DesiredWriter, settings: PlannerSettings): number | undefined {
  return writer.kind === 'serverless-v2' ? writer.minCapacity : settings.instanceClassSizes[writer.instanceClass]?.memoryGiB;
}

/** The observed writer capacity, in the unit of {@link desiredWriterCapacity}. */
export function actualWriterCapacity(
  writerKind: DesiredWriter['kind'],
  observation: Observation,
  settings: PlannerSettings,
): number | undefined {
  if (writerKind === 'serverless-v2') return observation.serverlessV2?.minCapacity;
  const writer = observation.instances.find((i) => i.isWriter);
  return writer ? settings.instanceClassSizes[writer.instanceClass]?.memoryGiB : undefined;
}

/** One datapoint of every run metric (namespace and `Environment` dimension are set on the sink). */
export function publishRunMetrics(sink: MetricsSink, report: RunReport, settings: PlannerSettings): void {
  const m = PRE_SCALER_METRICS;
  const desiredWriter = desiredWriterCapacity(report.desired.writer, settings);
  const actualWriter = actualWriterCapacity(report.desired.writer.kind, report.observation, settings);
  if (desiredWriter !== undefined) sink.addMetric(m.DesiredWriterCapacity, 'None', desiredWriter);
  if (actualWriter !== undefined) sink.addMetric(m.ActualWriterCapacity, 'None', actualWriter);
  sink.addMetric(m.DesiredReaderFloor, 'Count', report.desired.readerFloor.count);
  if (report.observation.readerTarget) sink.addMetric(m.ActualReaderFloor, 'Count', report.observation.readerTarget.minCapacity);
  sink.addMetric(m.ReaderCount, 'Count', report.observation.instances.filter((i) => !i.isWriter).length);
  sink.addMetric(m.PlannedActions, 'Count', isMutating(report.action) ? 1 : 0);
  sink.addMetric(m.ActionsTaken, 'Count', report.outcome === 'acted' ? 1 : 0);
  const acted = (kinds: readonly string[]) => (report.outcome === 'acted' && kinds.includes(report.action.kind) ? 1 : 0);
  sink.addMetric(m.ResizeStarted, 'Count', acted(['modify-instance', 'set-serverless-range']));
  sink.addMetric(m.FailoverStarted, 'Count', acted(['failover']));
  sink.addMetric(m.ActionRejected, 'Count', report.outcome === 'rejected' ? 1 : 0);
  sink.addMetric(m.Ready, 'Count', report.assessment.ready ? 1 : 0);
  sink.addMetric(m.CampaignStartingSoonNotReady, 'Count', report.notReadyFor.length > 0 ? 1 : 0);
  sink.addMetric(m.InvalidCalendar, 'Count', 0);
  // Issue 15: published on every run, so the surge alarms see a 0 between surges.
  // Taken (its record written), or decided in a dry run; a step whose record AWS refused was not taken.
  sink.addMetric(m.EmergencyStepTaken, 'Count', report.surge.emergencyStep && (report.tagsWritten || report.outcome === 'dry-run') ? 1 : 0);
  sink.addMetric(m.SurgeLevel, 'Count', report.surge.surgeLevel);
  sink.addMetric(m.SurgeAtCeiling, 'Count', report.surge.atCeiling ? 1 : 0);
  sink.addMetric(m.OverrideInForce, 'Count', report.surge.overrideInForce ? 1 : 0);
  if (report.outcome !== 'rejected') sink.addMetric(m.RunSucceeded, 'Count', 1);
  sink.publishStoredMetrics();
}

/** A run that found its configuration invalid: it says so, and nothing else. */
export function publishInvalidConfiguration(sink: MetricsSink): void {
  sink.addMetric(PRE_SCALER_METRICS.InvalidCalendar, 'Count', 1);
  sink.publishStoredMetrics();
}
