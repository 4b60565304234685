import type { PlannerSettings } from '../../lambda/pre-scaler/core/settings';
import { AuroraClusterModel, type AuroraClusterModelOptions } from './aurora-cluster-model';

export interface BaselineClusterOptions
  extends Partial<Omit<AuroraClusterModelOptions, 'clusterId' | 'instances' | 'serverlessV2' | 'readerTarget'>> {
  readonly startMs: number;
  /** The reader scalable target's MaxCapacity (readerAutoScaling.maxReplicas). */
  readonly readerMax: number;
}

/**
 * A simulated cluster as `cdk deploy` leaves it for an environment: the writer and a tier-0 standby at
 * the baseline class (or `db.serverless` with the baseline range), the reader target at the baseline
 * floor. Instance ids follow the stack's naming, but nothing relies on them.
 */
export function baselineCluster(settings: PlannerSettings, options: BaselineClusterOptions): AuroraClusterModel {
  const w = settings.baseline.writer;
  const instanceClass = w.kind === 'provisioned' ? w.instanceClass : 'db.serverless';
  return new AuroraClusterModel({
    ...options,
    clusterId: `${settings.environment}-cluster`,
    instances: [
      { id: `${settings.environment}-writer`, instanceClass, promotionTier: 0, isWriter: true },
      { id: `${settings.environment}-standby`, instanceClass, promotionTier: 0 },
    ],
    ...(w.kind === 'serverless-v2' ? { serverlessV2: { minCapacity: w.minCapacity, maxCapacity: w.maxCapacity } } : {}),
    readerTarget: { minCapacity: settings.baseline.readerFloor, maxCapacity: options.readerMax },
  });
}
