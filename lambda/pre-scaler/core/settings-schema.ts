import * as z from 'zod';
import { isValidTimeZone } from './campaign';
import { INSTANCE_CLASS_NAME_PATTERN } from './campaign-schema';
import type { WriterCapacity } from './settings';

/**
 * The field schemas that synth (`config/schema/*`, which re-exports or spreads them) and the Lambda
 * (which checks the settings in its calendar file with {@link plannerSettingsSchema}) both apply, so a
 * value synth refuses is refused by the function too. Only zod and the core are imported.
 */

export const instanceClassSchema = z.string().regex(INSTANCE_CLASS_NAME_PATTERN, {
  error: 'must be an instance class such as "db.r6g.large" (db.<family>.<size>)',
});

/** Serverless v2 capacity: 0.5 to 256 ACU in steps of 0.5. */
export const acuSchema = z
  .number()
  .min(0.5, { error: 'must be at least 0.5 ACU' })
  .max(256, { error: 'must be at most 256 ACU' })
  .refine((n) => Number.isInteger(n * 2), { error: 'must be a multiple of 0.5 ACU (e.g. 2 or 2.5)' });

export const provisionedWriterSchema = z.strictObject({
  kind: z.literal('provisioned'),
  /** Baseline writer class outside campaigns, e.g. `db.r6g.large`. */
  instanceClass: instanceClassSchema,
});

export const serverlessV2WriterSchema = z.strictObject({
  kind: z.literal('serverless-v2'),
  /** Baseline minimum ACU outside campaigns. */
  minCapacity: acuSchema,
  /** Maximum ACU; also what `max_connections` is derived from. */
  maxCapacity: acuSchema,
});

export const writerSchema = z.discriminatedUnion('kind', [provisionedWriterSchema, serverlessV2WriterSchema], {
  error: 'set kind to "provisioned" (with instanceClass) or "serverless-v2" (with minCapacity and maxCapacity)',
});

/** The schema's output is the core's one writer-capacity type (a compile error if they drift apart). */
const _writerSchemaIsWriterCapacity: (w: z.output<typeof writerSchema>) => WriterCapacity = (w) => w;
void _writerSchemaIsWriterCapacity;

/** Aurora allows at most 15 Aurora Replicas in a cluster. */
export const AURORA_MAX_REPLICAS = 15;

/** A count of Aurora Replicas, fixed readers included (`readerAutoScaling.minReplicas`, the reader floor). */
export const replicaCountSchema = z
  .number()
  .int()
  .min(0, { error: 'must be 0 or more' })
  .max(AURORA_MAX_REPLICAS, { error: `must be at most ${AURORA_MAX_REPLICAS} (the Aurora replica limit)` });

/** The pre-scaler's timing and guard fields (`preScaler.*` in the environment config). */
export const preScalerPlannerFields = {
  /** Minutes before a campaign's start at which scale-up begins. */
  leadTimeMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60, { error: 'must be at most 1440 minutes (one day)' }),
  /** Minutes after a campaign's end during which capacity is kept. */
  coolDownMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60, { error: 'must be at most 1440 minutes (one day)' }),
  /** Scale-down waits while the writer's average CPU (last 15 minutes) is at or above this percent. */
  scaleDownCpuGuardPercent: z.number().min(1).max(100, { error: 'must be between 1 and 100 percent' }),
  /**
   * Scale-downs (which need a failover for a provisioned writer) happen only inside this daily window,
   * `HH:mm-HH:mm` in `timeZone`. @default - any time after the cool-down
   */
  lowTrafficWindow: z
    .strictObject({
      daily: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be "HH:mm-HH:mm", such as "02:00-06:00"' }),
      timeZone: z.string().refine(isValidTimeZone, { error: 'must be an IANA time zone such as "Europe/Paris"' }),
    })
    .optional(),
  /**
   * A planned failover waits while the target reader's `AuroraReplicaLag` is above this many milliseconds.
   * @default 1000
   */
  failoverMaxReplicaLagMs: z
    .number()
    .int()
    .min(1, { error: 'must be at least 1 ms' })
    .max(60_000, { error: 'must be at most 60,000 ms' })
    .optional(),
} as const;

/** Environment names: lower-case letters, digits and dashes, starting with a letter, 2–15 characters. */
export const ENVIRONMENT_NAME_PATTERN = /^[a-z][a-z0-9-]{1,14}$/;

const instanceClassSizeSchema = z.strictObject({
  memoryGiB: z.number().positive(),
  vcpus: z.number().int().positive(),
});

/**
 * {@link PlannerSettings} as a schema: what the function's calendar file carries, checked at cold
 * start with the same field schemas synth used on the environment config.
 */
export const plannerSettingsSchema = z.strictObject({
  environment: z.string().regex(ENVIRONMENT_NAME_PATTERN, { error: 'must be an environment name such as "prod"' }),
  baseline: z.strictObject({ writer: writerSchema, readerFloor: replicaCountSchema }),
  ...preScalerPlannerFields,
  instanceClassSizes: z.record(z.string().regex(INSTANCE_CLASS_NAME_PATTERN), instanceClassSizeSchema),
});
