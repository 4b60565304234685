import type { Direction } from './action';
import type { DesiredState } from './desired-state';
import type { Observation } from './observation';
import { blockedStop, type Candidate, campaignOf } from './step-candidates';
import { downPurpose, upPurpose } from './step-purpose';

/** The Serverless v2 range step, if it goes `direction` (the up step also reports a missing range). */
export function serverlessWriterStep(direction: Direction, desired: DesiredState, observation: Observation): Candidate | undefined {
  if (desired.writer.kind !== 'serverless-v2') return undefined;
  const range = observation.serverlessV2;
  if (!range)
    return direction === 'up'
      ? blockedStop(
          `cluster ${observation.clusterId} has no Serverless v2 capacity range, but the environment's writer is Serverless v2. Fix: check the environment's database.writer and deploy.`,
        )
      : undefined;
  const inForce = desired.inForce.length > 0;
  // While a campaign is in force, capacity only goes up.
  const min = inForce ? Math.max(range.minCapacity, desired.writer.minCapacity) : desired.writer.minCapacity;
  const max = inForce ? Math.max(range.maxCapacity, desired.writer.maxCapacity) : desired.writer.maxCapacity;
  if (min === range.minCapacity && max === range.maxCapacity) return undefined;
  const goes: Direction = min > range.minCapacity || max > range.maxCapacity ? 'up' : 'down';
  if (goes !== direction) return undefined;
  const why = goes === 'up' ? upPurpose(desired, desired.writer.campaignId) : downPurpose(desired);
  return {
    kind: 'step',
    touches: [],
    guards: goes === 'up' ? [] : ['cpu-guard', 'low-traffic-window', 'pressure'],
    action: {
      kind: 'set-serverless-range',
      minCapacity: min,
      maxCapacity: max,
      direction: goes,
      reason: `set the Serverless v2 range from ${range.minCapacity}–${range.maxCapacity} to ${min}–${max} ACU ${why}.`,
      ...campaignOf(goes === 'up' ? desired.writer.campaignId : desired.lastEnded?.campaignId),
    },
  };
}
