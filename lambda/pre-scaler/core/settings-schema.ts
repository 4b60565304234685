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

/** Defaults of `preScaler.reactive` (issue 15), each a setting an environment may change. */
export const REACTIVE_DEFAULTS = {
  /** Three 1-minute datapoints in a row: long enough to skip a spike, short enough to act in the first run after the surge starts. */
  sustainedMinutes: 3,
  writerCpuPercent: 80,
  writerConnectionsPercent: 80,
  readerFloorStep: 1,
  /** Longer than a provisioned step takes (resize 15 min + failover 1 min + a run): one step is measured before the next. */
  cooldownMinutes: 30,
  quietMinutes: 60,
} as const;

const minutesField = (min: number, max: number) =>
  z
    .number()
    .int()
    .min(min, { error: `must be at least ${min} minute${min === 1 ? '' : 's'}` })
    .max(max, { error: `must be at most ${max} minutes` });

/** The writer ceiling: a class, or a maximum ACU. */
export const writerCeilingSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('provisioned'), instanceClass: instanceClassSchema }),
  z.strictObject({ kind: z.literal('serverless-v2'), maxCapacity: acuSchema }),
]);

/**
 * The reactive settings as the calendar file carries them (every default already filled in at synth).
 * Config (`config/schema/pre-scaler.ts`) spreads {@link reactiveConfigFields} and adds the defaults.
 */
export const reactiveConfigFields = {
  /** Take emergency steps (dry run still only logs them). Off: the ceiling still bounds an override. */
  enabled: z.boolean(),
  /** Pressure must hold this many consecutive 1-minute datapoints before a step. */
  sustainedMinutes: minutesField(1, 30),
  /** Writer `CPUUtilization` at or above this percent is pressure. */
  writerCpuPercent: z.number().min(1).max(100, { error: 'must be between 1 and 100 percent' }),
  /** Writer `DatabaseConnections` at or above this percent of its `max_connections` is pressure. */
  writerConnectionsPercent: z.number().min(1).max(100, { error: 'must be between 1 and 100 percent' }),
  /** RDS Proxy `DatabaseConnectionsBorrowLatency` at or above this many microseconds is pressure. @default - not watched */
  proxyBorrowLatencyMicros: z.number().int().min(1, { error: 'must be at least 1 microsecond' }).optional(),
  /** RDS Proxy `ClientConnections` at or above this count is pressure. @default - not watched */
  proxyClientConnections: z.number().int().min(1, { error: 'must be at least 1 connection' }).optional(),
  /** The largest writer an emergency step (or an override) may reach. */
  ceiling: writerCeilingSchema,
  /** Replicas each emergency step adds to the reader floor (capped at readerAutoScaling.maxReplicas). */
  readerFloorStep: z.number().int().min(0).max(AURORA_MAX_REPLICAS),
  /** Minutes after an emergency step before another may start. */
  cooldownMinutes: minutesField(5, 24 * 60),
  /** Minutes without pressure before the surge's capacity may be given back. */
  quietMinutes: minutesField(5, 24 * 60),
} as const;

export const reactiveSettingsSchema = z.strictObject({
  ...reactiveConfigFields,
  writerMaxConnections: z.record(z.string().min(1), z.number().int().positive()).optional(),
});

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
  reactive: reactiveSettingsSchema.optional(),
  instanceClassSizes: z.record(z.string().regex(INSTANCE_CLASS_NAME_PATTERN), instanceClassSizeSchema),
});
