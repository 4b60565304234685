import { availableReaderCount, findFailoverPair } from './cluster-roles';
import type { Campaign } from './campaign';
import { computeDesiredState, type DesiredState } from './desired-state';
import type { Observation } from './observation';
import { compareClasses, type PlannerSettings } from './settings';

/** How the observed cluster compares with the desired state. */
export interface CapacityAssessment {
  /** Capacity is at least what is desired (the campaign can start): publish as the "ready" metric. */
  readonly ready: boolean;
  /** Capacity is exactly what is desired: nothing left to do. */
  readonly converged: boolean;
  /** One sentence per dimension that is not ready, e.g. `writer is db.r6g.xlarge, needs db.r6g.4xlarge`. */
  readonly gaps: readonly string[];
}

/**
 * Compares an observation with a desired state. Provisioned: the writer and its tier-0 standby both
 * at the desired class (so a failover during the campaign lands on equal capacity). Serverless v2: the
 * capacity range. Readers: the scalable target's minimum, and that many readers `available`.
 */
export function assessCapacity(desired: DesiredState, observation: Observation, settings: PlannerSettings): CapacityAssessment {
  const gaps: string[] = [];
  let converged = true;
  const w = desired.writer;
  if (w.kind === 'provisioned') {
    const { writer, standby } = findFailoverPair(observation, w.instanceClass);
    for (const [role, instance] of [
      ['writer', writer],
      ['standby', standby],
    ] as const) {
      if (!instance) {
        gaps.push(`no ${role === 'writer' ? 'writer' : 'tier-0 standby'} found`);
        converged = false;
        continue;
      }
      const cmp = compareClasses(settings, instance.instanceClass, w.instanceClass);
      if (cmp !== 0) converged = false;
      if (cmp === undefined || cmp < 0) gaps.push(`${role} ${instance.id} is ${instance.instanceClass}, needs ${w.instanceClass}`);
      else if (instance.status !== 'available') gaps.push(`${role} ${instance.id} is ${instance.status}`);
    }
  } else {
    const range = observation.serverlessV2;
    if (!range) {
      gaps.push('the cluster has no Serverless v2 capacity range');
      converged = false;
    } else {
      if (range.minCapacity !== w.minCapacity || range.maxCapacity !== w.maxCapacity) converged = false;
      if (range.minCapacity < w.minCapacity || range.maxCapacity < w.maxCapacity) {
        gaps.push(`Serverless v2 range is ${range.minCapacity}–${range.maxCapacity} ACU, needs ${w.minCapacity}–${w.maxCapacity} ACU`);
      }
    }
  }
  const target = observation.readerTarget;
  const floor = desired.readerFloor.count;
  if (!target) {
    gaps.push('no reader scalable target is registered');
    converged = false;
  } else {
    if (target.minCapacity !== floor) converged = false;
    if (target.minCapacity < floor) gaps.push(`reader floor is ${target.minCapacity}, needs ${floor}`);
    const readers = availableReaderCount(observation);
    if (readers < floor) gaps.push(`${readers} reader(s) available, needs ${floor}`);
  }
  return { ready: gaps.length === 0, converged: converged && gaps.length === 0, gaps };
}

/**
 * The campaigns in force that start within `soonMs` (or have started and not ended) and whose own
 * target is not met. Each is judged against its own target (the baseline raised by that campaign
 * alone), not the merged target of every campaign in force: a smaller campaign whose capacity is
 * there is ready even while a bigger one chained after it is still being prepared.
 */
export function campaignsNotReady(
  calendar: readonly Campaign[],
  settings: PlannerSettings,
  desired: DesiredState,
  observation: Observation,
  soonMs: number,
): string[] {
  const byId = new Map(calendar.map((c) => [c.id, c]));
  const out = new Set<string>();
  for (const f of desired.inForce) {
    const campaign = byId.get(f.campaignId);
    if (!campaign || f.startMs - desired.atMs > soonMs || desired.atMs >= f.endMs) continue;
    const own = computeDesiredState([campaign], settings, desired.atMs);
    if (!assessCapacity(own, observation, settings).ready) out.add(f.campaignId);
  }
  return [...out];
}
