import * as z from 'zod';
import { writerSchema } from '../../config/schema/database';
import { preScalerSchema } from '../../config/schema/pre-scaler';
import { readerAutoScalingSchema } from '../../config/schema/reader-auto-scaling';
import type { PlannerSettings } from './core';

/**
 * The planner settings as the Lambda receives them (`PLANNER_SETTINGS`), checked with the very field
 * schemas synth uses for the environment config (`config/schema/*`), so a value that synth would
 * refuse is refused here too. The instance class catalogue is not part of it: it is code
 * (`config/instance-classes.ts`), bundled into the function.
 */
export const plannerSettingsDocumentSchema = z.strictObject({
  environment: z.string().regex(/^[a-z][a-z0-9-]{1,14}$/, { error: 'must be an environment name such as "prod"' }),
  baseline: z.strictObject({
    writer: writerSchema,
    readerFloor: readerAutoScalingSchema.shape.minReplicas,
  }),
  leadTimeMinutes: preScalerSchema.shape.leadTimeMinutes,
  coolDownMinutes: preScalerSchema.shape.coolDownMinutes,
  scaleDownCpuGuardPercent: preScalerSchema.shape.scaleDownCpuGuardPercent,
  lowTrafficWindow: preScalerSchema.shape.lowTrafficWindow,
  failoverMaxReplicaLagMs: preScalerSchema.shape.failoverMaxReplicaLagMs,
});

/** {@link PlannerSettings} without the instance class catalogue: what `PLANNER_SETTINGS` holds. */
export type PlannerSettingsDocument = Omit<PlannerSettings, 'instanceClassSizes'>;

/** The fields of a {@link PlannerSettings} that go into `PLANNER_SETTINGS`, in a stable order. */
export function plannerSettingsDocument(settings: PlannerSettings): PlannerSettingsDocument {
  const { instanceClassSizes: _catalogue, ...document } = settings;
  return document;
}
