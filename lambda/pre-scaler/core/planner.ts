import type { Action, BlockedAction, WaitAction } from './action';
import type { Campaign } from './campaign';
import { computeDesiredState, type DesiredState } from './desired-state';
import { formatInstant } from './format';
import { AVAILABLE, type Observation } from './observation';
import { provisionedPairSettled, provisionedWriterStep, SPARE_READER_FLOOR } from './provisioned-writer-steps';
import { readerFloorStep } from './reader-floor-steps';
import { serverlessWriterStep } from './serverless-writer-steps';
import { DEFAULT_FAILOVER_MAX_REPLICA_LAG_MS, type PlannerSettings } from './settings';
import { type Candidate, campaignOf, describeStep, wait } from './step-candidates';
import { assessCapacity, type CapacityAssessment } from './readiness';
import { guardHold } from './step-guards';

/**
 * Decides the one next step that brings the cluster towards the capacity the calendar asks for at
 * `now`. Pure: no clock, no I/O, nothing remembered between calls; safe to call again after any step.
 *
 * The steps are tried in {@link STEP_ORDER}. It never resizes the live writer in place, never acts
 * while the cluster or an instance the step touches is not `available` (auto-scaled readers coming
 * and going do not stall it), and never lowers any capacity while a campaign is in force.
 */
export function planNextAction(
  calendar: readonly Campaign[],
  settings: PlannerSettings,
  now: Date | number,
  observation: Observation,
): Action {
  const desired = computeDesiredState(calendar, settings, now);
  return planFromDesiredState(desired, settings, observation);
}

/** What a step builder reads. */
export interface PlanContext {
  readonly desired: DesiredState;
  readonly settings: PlannerSettings;
  readonly observation: Observation;
}

/** One place in the step order: the candidate it has now, if any. */
export interface StepBuilder {
  readonly name: string;
  readonly build: (context: PlanContext) => Candidate | undefined;
}

/**
 * The order of the planner's steps. The first builder with a step that is not held decides; a wait
 * stops the search; a blocked step is reported only if nothing after it can act.
 * 1. writer up: provisioned, resize the tier-0 standby then fail over to it; Serverless v2, raise the range;
 * 2. reader floor up, after the writer, so auto-scaled readers copy the writer's new class;
 * 3. standby match: the new standby (the old writer) resized to the writer's class;
 * 4. reader floor down, never below the standby and one more reader while a provisioned resize is
 *    still to come (every resize first needs another available reader: see `SPARE_READER_FLOOR`);
 * 5. writer down: the same steps in reverse, only with no campaign in force, the writer's CPU below
 *    the guard and inside the low-traffic window.
 */
export const STEP_ORDER: readonly StepBuilder[] = [
  {
    name: 'writer up',
    build: ({ desired, settings, observation }) =>
      provisionedWriterStep('writer-up', desired, settings, observation) ?? serverlessWriterStep('up', desired, observation),
  },
  { name: 'reader floor up', build: ({ desired, observation }) => readerFloorStep('up', desired, observation) },
  {
    name: 'standby match',
    build: ({ desired, settings, observation }) => provisionedWriterStep('standby-match', desired, settings, observation),
  },
  {
    name: 'reader floor down',
    build: ({ desired, settings, observation }) =>
      readerFloorStep('down', desired, observation, provisionedPairSettled(desired, settings, observation) ? 0 : SPARE_READER_FLOOR),
  },
  {
    name: 'writer down',
    build: ({ desired, settings, observation }) =>
      provisionedWriterStep('writer-down', desired, settings, observation) ?? serverlessWriterStep('down', desired, observation),
  },
];

/** {@link planNextAction} for a desired state already computed (the Lambda also publishes it as metrics). */
export function planFromDesiredState(desired: DesiredState, settings: PlannerSettings, observation: Observation): Action {
  const context: PlanContext = { desired, settings, observation };
  let held: WaitAction | undefined;
  let blocked: BlockedAction | undefined;
  for (const builder of STEP_ORDER) {
    const candidate = builder.build(context);
    if (!candidate) continue;
    if (candidate.kind === 'stop') {
      if (candidate.action.kind === 'wait') return candidate.action;
      blocked ??= candidate.action;
      continue;
    }
    const hold = guardHold(candidate, desired, settings, observation);
    if (hold) {
      held ??= hold;
      continue;
    }
    const step = candidate.action;
    if (observation.clusterStatus !== AVAILABLE) {
      return wait(
        'cluster-busy',
        `${describeStep(step)} waits: cluster ${observation.clusterId} is ${observation.clusterStatus}.`,
        step.campaignId,
      );
    }
    const busy = candidate.touches.find((i) => i.status !== AVAILABLE);
    if (busy) return wait('instance-busy', `${describeStep(step)} waits: instance ${busy.id} is ${busy.status}.`, step.campaignId);
    const maxLag = settings.failoverMaxReplicaLagMs ?? DEFAULT_FAILOVER_MAX_REPLICA_LAG_MS;
    if (candidate.lagOf?.replicaLagMs !== undefined && candidate.lagOf.replicaLagMs > maxLag) {
      return wait(
        'replica-lag',
        `${describeStep(step)} waits: replica lag of ${candidate.lagOf.id} is ${candidate.lagOf.replicaLagMs} ms (at most ${maxLag} ms).`,
        step.campaignId,
      );
    }
    return step;
  }
  return (
    held ??
    blocked ?? {
      kind: 'none',
      reason: settledReason(desired, assessCapacity(desired, observation, settings)),
      ...campaignOf(desired.writer.campaignId ?? desired.readerFloor.campaignId),
    }
  );
}

/** Nothing to do: say so, and say "ready" only when the capacity is there (readers may still be coming up). */
function settledReason(desired: DesiredState, assessment: CapacityAssessment): string {
  const gaps = assessment.gaps.join('; ');
  if (desired.chain.length === 0)
    return assessment.ready
      ? 'capacity is at the baseline; no campaign is in force.'
      : `no campaign is in force and nothing is left to change, but capacity is not at the baseline yet: ${gaps}.`;
  const ids = [...new Set(desired.chain.map((f) => f.campaignId))].join(', ');
  const until = formatInstant(Math.max(...desired.chain.map((f) => f.inForceUntilMs)));
  return assessment.ready
    ? `capacity is ready for ${ids} (in force until ${until}).`
    : `every step for ${ids} is taken, but capacity is not ready yet: ${gaps} (in force until ${until}).`;
}
