import type { InstanceObservation, Observation } from './observation';

/**
 * The two instances a provisioned scale-up or scale-down works on:
 * - the writer (`IsClusterWriter`), wherever it is now (the writer identity drifts after a failover);
 * - the failover standby: a reader in promotion tier 0 that Aurora Auto Scaling did not create.
 *   With several, the one already at `preferClass` wins (a step in progress), then the lowest id.
 */
export interface FailoverPair {
  readonly writer?: InstanceObservation | undefined;
  readonly standby?: InstanceObservation | undefined;
}

export function findFailoverPair(observation: Observation, preferClass?: string): FailoverPair {
  const writer = observation.instances.find((i) => i.isWriter);
  const candidates = observation.instances
    .filter((i) => !i.isWriter && !i.createdByAutoScaling && i.promotionTier === 0)
    .sort((a, b) => Number(b.instanceClass === preferClass) - Number(a.instanceClass === preferClass) || a.id.localeCompare(b.id));
  return { writer, standby: candidates[0] };
}

/** Readers that serve traffic now (any reader, fixed or auto-scaled, in status `available`). */
export function availableReaderCount(observation: Observation): number {
  return observation.instances.filter((i) => !i.isWriter && i.status === 'available').length;
}
