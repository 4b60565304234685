import type { Action } from './action';
import type { DesiredState } from './desired-state';
import type { Observation } from './observation';
import { planFromDesiredState } from './planner';
import type { MetricRequest } from './port';
import type { PlannerSettings } from './settings';

/** Far above any failover threshold (`failoverMaxReplicaLagMs` is at most 60 s). */
const HUGE_LAG_MS = Number.MAX_SAFE_INTEGER;

/**
 * Which CloudWatch figures could change the planner's decision for this observation, found by asking
 * the pure planner itself: it decides with the writer's CPU at 0 % and at 100 %, and with every
 * reader's replica lag at 0 and at "huge" (all four combinations, since a scale-down failover checks
 * both). A figure whose extremes give the same step cannot matter, so it is not read. An idle run
 * (nothing to do, or a step no guard watches) reads no metric at all; this keeps it at three calls.
 *
 * This relies only on the planner's contract (CPU guard: `cpu >= threshold` holds a scale-down;
 * lag guard: `lag > maximum` holds a failover), not on the order of its steps.
 */
export function metricsThatMatter(desired: DesiredState, settings: PlannerSettings, partial: Observation): MetricRequest {
  return metricNeeds(desired, settings, partial).request;
}

/**
 * {@link metricsThatMatter}, and the decision itself when no figure matters: then the calm probe is
 * the run's decision (nothing to do with any figure), and the pass need not decide again.
 */
export function metricNeeds(
  desired: DesiredState,
  settings: PlannerSettings,
  partial: Observation,
): { readonly request: MetricRequest; readonly idleDecision?: Action } {
  const decide = (cpu: number, lag: number): Action =>
    planFromDesiredState(desired, settings, {
      ...partial,
      writerCpuPercent: cpu,
      instances: partial.instances.map((i) => (i.isWriter ? i : { ...i, replicaLagMs: lag })),
    });
  // Both guards only ever hold a step: when the observation without figures (an unknown CPU holds a
  // scale-down, an unknown lag holds nothing) leaves nothing to do, no figure can make a step appear,
  // so the four probes are skipped (the idle run, most runs of a year) and this is the decision.
  const asObserved = planFromDesiredState(desired, settings, partial);
  if (asObserved.kind === 'none') return { request: { writerCpu: false, replicaLagOf: [] }, idleDecision: asObserved };
  const calm = decide(0, 0);
  const low = { low: calm, cpuHigh: decide(100, 0), lagHigh: decide(0, HUGE_LAG_MS), both: decide(100, HUGE_LAG_MS) };
  const writerCpu = !same(low.low, low.cpuHigh) || !same(low.lagHigh, low.both);
  const lagMatters = !same(low.low, low.lagHigh) || !same(low.cpuHigh, low.both);
  if (!lagMatters) return { request: { writerCpu, replicaLagOf: [] } };
  const targets = [low.low, low.cpuHigh].flatMap((a) => (a.kind === 'failover' ? [a.targetInstanceId] : []));
  const replicaLagOf = targets.length > 0 ? [...new Set(targets)] : partial.instances.filter((i) => !i.isWriter).map((i) => i.id);
  return { request: { writerCpu, replicaLagOf } };
}

/** Two decisions are the same step when they differ at most in their sentence. */
function same(a: Action, b: Action): boolean {
  return JSON.stringify({ ...a, reason: '' }) === JSON.stringify({ ...b, reason: '' });
}
