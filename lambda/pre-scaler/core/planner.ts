import type { Action, Direction, MutatingAction, WaitAction, BlockedAction } from './action';
import type { Campaign } from './campaign';
import { findFailoverPair } from './cluster-roles';
import { computeDesiredState, type DesiredState } from './desired-state';
import { formatDuration, formatInstant } from './format';
import { insideDailyWindow } from './low-traffic-window';
import { AVAILABLE, type InstanceObservation, type Observation } from './observation';
import { compareClasses, DEFAULT_FAILOVER_MAX_REPLICA_LAG_MS, type PlannerSettings } from './settings';

/**
 * Decides the one next step that brings the cluster towards the capacity the calendar asks for at
 * `now`. Pure: no clock, no I/O, nothing remembered between calls; safe to call again after any step.
 *
 * Order of steps (one per call):
 * 1. writer scale-up (provisioned: resize the tier-0 standby, then fail over to it; Serverless v2: raise the range);
 * 2. reader floor up (after the writer, so auto-scaled readers copy the writer's new class);
 * 3. the new standby (the old writer) resized to match the writer;
 * 4. reader floor down;
 * 5. writer scale-down (the same steps in reverse), only with no campaign in force, the writer's CPU
 *    below the guard and inside the low-traffic window.
 *
 * It never resizes the live writer in place, never acts while the cluster or an instance the step
 * touches is not `available` (auto-scaled readers coming and going do not stall it), and never lowers
 * any capacity while a campaign is in force.
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

type Guard = 'campaign-in-force' | 'cpu-guard' | 'low-traffic-window';

/** One candidate step, before the checks that may hold it. */
interface Step {
  readonly kind: 'step';
  readonly action: MutatingAction;
  /** Lower runs first (see the order above). */
  readonly priority: number;
  /** Instances that must be `available` (the cluster always must be). */
  readonly touches: readonly InstanceObservation[];
  readonly guards: readonly Guard[];
  /** A failover target whose replica lag must be low. */
  readonly lagOf?: InstanceObservation;
}

interface Stop {
  readonly kind: 'stop';
  readonly action: WaitAction | BlockedAction;
  readonly priority: number;
}

type Candidate = Step | Stop;

/** {@link planNextAction} for a desired state already computed (the Lambda also publishes it as metrics). */
export function planFromDesiredState(desired: DesiredState, settings: PlannerSettings, observation: Observation): Action {
  const candidates = [
    desired.writer.kind === 'provisioned'
      ? provisionedWriterStep(desired, settings, observation)
      : serverlessWriterStep(desired, observation),
    readerFloorStep(desired, observation),
  ]
    .filter((c): c is Candidate => c !== undefined)
    .sort((a, b) => a.priority - b.priority);

  if (candidates.length === 0)
    return { kind: 'none', reason: settledReason(desired), ...campaignOf(desired.writer.campaignId ?? desired.readerFloor.campaignId) };

  let held: WaitAction | undefined;
  let blocked: BlockedAction | undefined;
  for (const candidate of candidates) {
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
        `${describe(step)} waits: cluster ${observation.clusterId} is ${observation.clusterStatus}.`,
        step.campaignId,
      );
    }
    const busy = candidate.touches.find((i) => i.status !== AVAILABLE);
    if (busy) return wait('instance-busy', `${describe(step)} waits: instance ${busy.id} is ${busy.status}.`, step.campaignId);
    const maxLag = settings.failoverMaxReplicaLagMs ?? DEFAULT_FAILOVER_MAX_REPLICA_LAG_MS;
    if (candidate.lagOf?.replicaLagMs !== undefined && candidate.lagOf.replicaLagMs > maxLag) {
      return wait(
        'replica-lag',
        `${describe(step)} waits: replica lag of ${candidate.lagOf.id} is ${candidate.lagOf.replicaLagMs} ms (at most ${maxLag} ms).`,
        step.campaignId,
      );
    }
    return step;
  }
  return (held ?? blocked) as Action;
}

function campaignOf(id: string | undefined): { campaignId?: string } {
  return id === undefined ? {} : { campaignId: id };
}

function wait(waitingFor: WaitAction['waitingFor'], reason: string, campaignId?: string): WaitAction {
  return { kind: 'wait', waitingFor, reason, ...campaignOf(campaignId) };
}

function blockedStop(reason: string, priority: number, campaignId?: string): Stop {
  return { kind: 'stop', priority, action: { kind: 'blocked', reason, ...campaignOf(campaignId) } };
}

function settledReason(desired: DesiredState): string {
  if (desired.inForce.length === 0) return 'capacity is at the baseline; no campaign is in force.';
  const until = Math.max(...desired.inForce.map((f) => f.inForceUntilMs));
  return `capacity is ready for ${desired.inForce.map((f) => f.campaignId).join(', ')} (in force until ${formatInstant(until)}).`;
}

/** Why a scale-up happens, with the time left before the campaign starts (or how late it is). */
function upPurpose(desired: DesiredState, campaignId: string | undefined): string {
  const f = desired.inForce.find((c) => c.campaignId === campaignId);
  if (!f) return 'to match the calendar';
  const left = f.startMs - desired.atMs;
  const when =
    left >= 0
      ? `starts ${formatInstant(f.startMs)}, in ${formatDuration(left)}`
      : `started ${formatInstant(f.startMs)}, ${formatDuration(left)} ago: capacity is late`;
  return `for ${f.campaignId} (${when})`;
}

function downPurpose(desired: DesiredState): string {
  return desired.lastEnded ? `back to the baseline after ${desired.lastEnded.campaignId}` : 'back to the baseline';
}

function describe(step: MutatingAction): string {
  switch (step.kind) {
    case 'modify-instance':
      return `resizing standby ${step.instanceId} to ${step.toClass}`;
    case 'failover':
      return `failover to ${step.targetInstanceId}`;
    case 'set-serverless-range':
      return `setting the Serverless v2 range to ${step.minCapacity}–${step.maxCapacity} ACU`;
    case 'set-reader-floor':
      return `setting the reader floor to ${step.minCapacity}`;
  }
}

function guardHold(step: Step, desired: DesiredState, settings: PlannerSettings, observation: Observation): WaitAction | undefined {
  const what = `scale-down (${describe(step.action)})`;
  const campaignId = step.action.campaignId;
  for (const guard of step.guards) {
    if (guard === 'campaign-in-force' && desired.inForce.length > 0) {
      const until = Math.max(...desired.inForce.map((f) => f.inForceUntilMs));
      return wait(
        guard,
        `${what} waits: ${desired.inForce.map((f) => f.campaignId).join(', ')} in force until ${formatInstant(until)}.`,
        campaignId,
      );
    }
    if (guard === 'cpu-guard') {
      const cpu = observation.writerCpuPercent;
      if (cpu === undefined)
        return wait(
          guard,
          `${what} waits: the writer's CPU is unknown (no datapoints), so the ${settings.scaleDownCpuGuardPercent}% guard cannot be checked.`,
          campaignId,
        );
      if (cpu >= settings.scaleDownCpuGuardPercent)
        return wait(
          guard,
          `${what} waits: writer CPU ${cpu.toFixed(0)}% is at or above the ${settings.scaleDownCpuGuardPercent}% guard.`,
          campaignId,
        );
    }
    if (guard === 'low-traffic-window' && settings.lowTrafficWindow && !insideDailyWindow(desired.atMs, settings.lowTrafficWindow)) {
      return wait(
        guard,
        `${what} waits for the low-traffic window ${settings.lowTrafficWindow.daily} ${settings.lowTrafficWindow.timeZone}.`,
        campaignId,
      );
    }
  }
  return undefined;
}

const DOWN_GUARDS: readonly Guard[] = ['campaign-in-force', 'cpu-guard', 'low-traffic-window'];

function provisionedWriterStep(desired: DesiredState, settings: PlannerSettings, observation: Observation): Candidate | undefined {
  if (desired.writer.kind !== 'provisioned') return undefined;
  const target = desired.writer.instanceClass;
  const { writer, standby } = findFailoverPair(observation, target);
  if (!writer)
    return {
      kind: 'stop',
      priority: 0,
      action: wait('cluster-busy', `cluster ${observation.clusterId} reports no writer (a failover is probably in progress).`),
    };
  const cmp = (a: string) => compareClasses(settings, a, target);
  for (const instance of [writer, standby]) {
    if (instance && cmp(instance.instanceClass) === undefined) {
      return blockedStop(
        `instance ${instance.id} is ${instance.instanceClass}, a class the planner cannot order. Fix: add it to config/instance-classes.ts, or resize it to ${target} by hand.`,
        0,
      );
    }
  }
  const wd = cmp(writer.instanceClass) as number;
  if (!standby) {
    return wd === 0
      ? undefined
      : blockedStop(
          `writer ${writer.id} is ${writer.instanceClass}, the calendar wants ${target}, but there is no tier-0 reader to resize (the writer is never resized in place). Fix: add a fixed reader with promotionTier 0 (database.fixedReaders).`,
          0,
          desired.writer.campaignId,
        );
  }
  const sd = cmp(standby.instanceClass) as number;
  if (wd === 0 && sd === 0) return undefined;

  const upId = desired.writer.campaignId;
  const downId = desired.lastEnded?.campaignId;
  const resize = (direction: Direction, priority: number, guards: readonly Guard[], why: string, campaignId: string | undefined): Step => ({
    kind: 'step',
    priority,
    guards,
    touches: [standby],
    action: {
      kind: 'modify-instance',
      instanceId: standby.id,
      fromClass: standby.instanceClass,
      toClass: target,
      direction,
      reason: `resize standby ${standby.id} from ${standby.instanceClass} to ${target} ${why}.`,
      ...campaignOf(campaignId),
    },
  });
  const failover = (
    direction: Direction,
    priority: number,
    guards: readonly Guard[],
    why: string,
    campaignId: string | undefined,
  ): Step => ({
    kind: 'step',
    priority,
    guards,
    touches: [standby, writer],
    lagOf: standby,
    action: {
      kind: 'failover',
      targetInstanceId: standby.id,
      fromInstanceId: writer.id,
      fromClass: writer.instanceClass,
      toClass: standby.instanceClass,
      direction,
      reason: `fail over from ${writer.id} (${writer.instanceClass}) to ${standby.id} (${standby.instanceClass}) ${why}.`,
      ...campaignOf(campaignId),
    },
  });

  if (wd === 0) {
    // The writer is right; bring the standby (usually the old writer) to the same class so a failover lands on equal capacity.
    return sd < 0
      ? resize('up', 2, [], `to match writer ${writer.id} ${upPurpose(desired, upId)}`, upId)
      : resize('down', 2, ['campaign-in-force'], `to match writer ${writer.id}, ${downPurpose(desired)}`, downId);
  }
  if (sd === 0) {
    return wd < 0 ? failover('up', 0, [], upPurpose(desired, upId), upId) : failover('down', 4, DOWN_GUARDS, downPurpose(desired), downId);
  }
  if (sd < 0) {
    // The standby is below the target: grow it first (for a scale-up, or before a scale-down from a bigger writer).
    return wd < 0
      ? resize('up', 0, [], `before failing over to it, ${upPurpose(desired, upId)}`, upId)
      : resize('up', 4, [], `before failing over to it, ${downPurpose(desired)}`, downId);
  }
  // The standby is above the target.
  if (wd < 0) return failover('up', 0, [], `(the standby is already above ${target}) ${upPurpose(desired, upId)}`, upId);
  return resize('down', 4, DOWN_GUARDS, `before failing over to it, ${downPurpose(desired)}`, downId);
}

function serverlessWriterStep(desired: DesiredState, observation: Observation): Candidate | undefined {
  if (desired.writer.kind !== 'serverless-v2') return undefined;
  const range = observation.serverlessV2;
  if (!range)
    return blockedStop(
      `cluster ${observation.clusterId} has no Serverless v2 capacity range, but the environment's writer is Serverless v2. Fix: check the environment's database.writer and deploy.`,
      0,
    );
  const inForce = desired.inForce.length > 0;
  // While a campaign is in force, capacity only goes up.
  const min = inForce ? Math.max(range.minCapacity, desired.writer.minCapacity) : desired.writer.minCapacity;
  const max = inForce ? Math.max(range.maxCapacity, desired.writer.maxCapacity) : desired.writer.maxCapacity;
  if (min === range.minCapacity && max === range.maxCapacity) return undefined;
  const direction: Direction = min > range.minCapacity || max > range.maxCapacity ? 'up' : 'down';
  const why = direction === 'up' ? upPurpose(desired, desired.writer.campaignId) : downPurpose(desired);
  return {
    kind: 'step',
    priority: direction === 'up' ? 0 : 4,
    touches: [],
    guards: direction === 'up' ? [] : ['cpu-guard', 'low-traffic-window'],
    action: {
      kind: 'set-serverless-range',
      minCapacity: min,
      maxCapacity: max,
      direction,
      reason: `set the Serverless v2 range from ${range.minCapacity}–${range.maxCapacity} to ${min}–${max} ACU ${why}.`,
      ...campaignOf(direction === 'up' ? desired.writer.campaignId : desired.lastEnded?.campaignId),
    },
  };
}

function readerFloorStep(desired: DesiredState, observation: Observation): Candidate | undefined {
  const target = observation.readerTarget;
  const wanted = desired.readerFloor.count;
  if (!target)
    return blockedStop(
      `no scalable target is registered for the readers of ${observation.clusterId}. Fix: deploy the stack (it registers rds:cluster:ReadReplicaCount).`,
      1,
      desired.readerFloor.campaignId,
    );
  const floor = desired.inForce.length > 0 ? Math.max(target.minCapacity, wanted) : wanted;
  if (floor === target.minCapacity) return undefined;
  if (floor > target.maxCapacity) {
    return blockedStop(
      `the calendar wants a reader floor of ${floor}, above the scalable target's MaxCapacity ${target.maxCapacity}. Fix: raise readerAutoScaling.maxReplicas and deploy, or lower the campaign's readerFloor.`,
      1,
      desired.readerFloor.campaignId,
    );
  }
  const direction: Direction = floor > target.minCapacity ? 'up' : 'down';
  const campaignId = direction === 'up' ? desired.readerFloor.campaignId : desired.lastEnded?.campaignId;
  return {
    kind: 'step',
    priority: direction === 'up' ? 1 : 3,
    touches: [],
    guards: [],
    action: {
      kind: 'set-reader-floor',
      minCapacity: floor,
      direction,
      reason: `set the reader floor from ${target.minCapacity} to ${floor} ${direction === 'up' ? upPurpose(desired, campaignId) : downPurpose(desired)}.`,
      ...campaignOf(campaignId),
    },
  };
}
