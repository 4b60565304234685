import * as z from 'zod';

import { AURORA_MAX_REPLICAS, replicaCountSchema } from '../../lambda/pre-scaler/core/settings-schema';

export { AURORA_MAX_REPLICAS };

/**
 * Reader autoscaling on `rds:cluster:ReadReplicaCount`.
 *
 * The count is **every Aurora Replica in the cluster**, the fixed readers included (Application Auto
 * Scaling reads the cluster's reader count; it removes only the replicas it created). So with one fixed
 * standby, `minReplicas: 1` adds nothing at rest and `maxReplicas: 4` allows three auto-scaled readers.
 */
export const readerAutoScalingSchema = z.strictObject({
  /** Fewest Aurora Replicas (fixed readers included). The pre-scaler raises this for campaigns. */
  minReplicas: replicaCountSchema,
  /** Most Aurora Replicas (fixed readers included). */
  maxReplicas: z
    .number()
    .int()
    .min(1, { error: 'must be at least 1' })
    .max(AURORA_MAX_REPLICAS, { error: `must be at most ${AURORA_MAX_REPLICAS} (the Aurora replica limit)` }),
  /** Target average reader CPU, percent. */
  targetCpuPercent: z
    .number()
    .min(10, { error: 'must be between 10 and 90 percent' })
    .max(90, { error: 'must be between 10 and 90 percent' }),
  /** Target average connections per reader. */
  targetConnectionsPerReader: z
    .number()
    .int()
    .min(1, { error: 'must be at least 1 connection' })
    .max(16_000, { error: 'must be at most 16,000 connections' }),
  /** Seconds after a scale-out before the next. Short: a surge needs readers fast. */
  scaleOutCooldownSeconds: z.number().int().min(0).max(3600, { error: 'must be between 0 and 3600 seconds' }),
  /** Seconds after a scale-in before the next. Long: a dip inside a surge must not remove readers. */
  scaleInCooldownSeconds: z.number().int().min(0).max(86_400, { error: 'must be between 0 and 86400 seconds' }),
  /** Never remove readers automatically (the pre-scaler still lowers the floor after a campaign). */
  disableScaleIn: z.boolean(),
});

export type ReaderAutoScalingConfig = z.infer<typeof readerAutoScalingSchema>;
