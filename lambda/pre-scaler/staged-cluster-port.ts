import type { ClusterPort, Observation } from './core';

/** Which CloudWatch figures a run needs. */
export interface MetricRequest {
  /** The writer's `CPUUtilization` (the scale-down guard). */
  readonly writerCpu: boolean;
  /** Readers whose `AuroraReplicaLag` is needed (failover targets). */
  readonly replicaLagOf: readonly string[];
}

export const NO_METRICS: MetricRequest = { writerCpu: false, replicaLagOf: [] };

/**
 * A {@link ClusterPort} that can observe in two stages, so an idle run stays cheap: the capacity
 * (cluster, instances, reader target: three calls), then, only when the plan depends on them, the
 * CloudWatch figures (one more call). `observe()` still reads everything at once.
 */
export interface StagedClusterPort extends ClusterPort {
  /** The cluster, its instances and the reader target; no CloudWatch figures. */
  observeCapacity(): Promise<Observation>;
  /** The observation with the requested CloudWatch figures added. */
  readMetrics(observation: Observation, request: MetricRequest): Promise<Observation>;
}
