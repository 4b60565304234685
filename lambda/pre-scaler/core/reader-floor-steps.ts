import type { Direction } from './action';
import type { DesiredState } from './desired-state';
import type { Observation } from './observation';
import { blockedStop, type Candidate, campaignOf } from './step-candidates';
import { downPurpose, upPurpose } from './step-purpose';

/**
 * The reader floor step (the scalable target's MinCapacity), if it goes `direction`. What blocks
 * the floor (no target, a floor above MaxCapacity) is reported with the up step. The floor never
 * goes down below `keepAtLeast` (the spare reader a resize still to come needs).
 */
export function readerFloorStep(
  direction: Direction,
  desired: DesiredState,
  observation: Observation,
  keepAtLeast = 0,
): Candidate | undefined {
  const target = observation.readerTarget;
  const wanted = desired.readerFloor.count;
  if (!target)
    return direction === 'up'
      ? blockedStop(
          `no scalable target is registered for the readers of ${observation.clusterId}. Fix: deploy the stack (it registers rds:cluster:ReadReplicaCount).`,
          desired.readerFloor.campaignId,
        )
      : undefined;
  const floor =
    desired.inForce.length > 0
      ? Math.max(target.minCapacity, wanted)
      : Math.max(wanted, Math.min(keepAtLeast, target.minCapacity, target.maxCapacity));
  if (floor === target.minCapacity) return undefined;
  if (floor > target.maxCapacity) {
    return direction === 'up'
      ? blockedStop(
          `the calendar wants a reader floor of ${floor}, above the scalable target's MaxCapacity ${target.maxCapacity}. Fix: raise readerAutoScaling.maxReplicas and deploy, or lower the campaign's readerFloor.`,
          desired.readerFloor.campaignId,
        )
      : undefined;
  }
  const goes: Direction = floor > target.minCapacity ? 'up' : 'down';
  if (goes !== direction) return undefined;
  const campaignId = goes === 'up' ? desired.readerFloor.campaignId : desired.lastEnded?.campaignId;
  return {
    kind: 'step',
    touches: [],
    guards: goes === 'down' ? ['pressure'] : [],
    action: {
      kind: 'set-reader-floor',
      minCapacity: floor,
      direction: goes,
      reason: `set the reader floor from ${target.minCapacity} to ${floor} ${goes === 'up' ? upPurpose(desired, campaignId) : downPurpose(desired)}${goes === 'down' && floor > wanted ? ` (${floor} until the standby resizes are done, so reads keep a reader)` : ''}.`,
      ...campaignOf(campaignId),
    },
  };
}
