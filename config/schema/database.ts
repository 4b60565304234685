import * as z from 'zod';
import { DAILY_WINDOW_PATTERN, WEEKLY_WINDOW_PATTERN } from './windows';

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
/**
 * The Aurora engines the stack supports. Code that differs by engine takes a `Record<Engine, …>`, so a
 * new engine here is a compile error in every such place until it is handled.
 */
export const ENGINES = ['aurora-postgresql', 'aurora-mysql'] as const;
export type Engine = (typeof ENGINES)[number];

/** RDS Enhanced Monitoring intervals in seconds; 0 turns it off. */
export const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60] as const;

/** The writer and instance class schemas are shared with the pre-scaler Lambda, which checks its calendar file with them. */
export {
  acuSchema,
  instanceClassSchema,
  provisionedWriterSchema,
  serverlessV2WriterSchema,
  writerSchema,
} from '../../lambda/pre-scaler/core/settings-schema';
import type { WriterCapacity } from '../../lambda/pre-scaler/core/settings';
import { instanceClassSchema, writerSchema } from '../../lambda/pre-scaler/core/settings-schema';

export const fixedReaderSchema = z.strictObject({
  /** Short name, used in the construct id and the instance identifier: `standby`, `reporting`. */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,20}$/, {
    error: 'must be lower-case letters, digits and dashes, starting with a letter (at most 21 characters)',
  }),
  /** Failover priority: 0 is promoted first. Auto-scaled replicas always get tier 15. */
  promotionTier: z.number().int().min(0).max(15, { error: 'must be between 0 and 15' }),
  /**
   * Class of a provisioned reader. Ignored (must be unset) for a Serverless v2 writer, whose readers are Serverless v2 too.
   * @default - the writer's class, so a failover lands on equal capacity
   */
  instanceClass: instanceClassSchema.optional(),
});

export const databaseSchema = z.strictObject({
  /** @default 'aurora-postgresql' */
  engine: z.enum(ENGINES, { error: 'must be "aurora-postgresql" or "aurora-mysql"' }).default('aurora-postgresql'),
  /**
   * Engine version. Aurora PostgreSQL: `major.minor` (`16.6`). Aurora MySQL: the Aurora version (`3.08.0`).
   */
  engineVersion: z.string(),
  /** Name of the database created in the cluster. */
  databaseName: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, {
    error: 'must start with a letter and hold only lower-case letters, digits and underscores (at most 63)',
  }),
  writer: writerSchema,
  /** Readers that always exist (not auto-scaled). A tier-0 reader is the failover standby and the pre-scaler's resize target. */
  fixedReaders: z.array(fixedReaderSchema),
  backup: z.strictObject({
    /** Days of automated backups, 1 to 35. */
    retentionDays: z
      .number()
      .int()
      .min(1, { error: 'must be at least 1 day' })
      .max(35, { error: 'must be at most 35 days (the RDS limit)' }),
    /** Daily backup window in UTC, `hh:mm-hh:mm`, at least 30 minutes. */
    preferredWindow: z.string().regex(DAILY_WINDOW_PATTERN, { error: 'must be a UTC window "hh:mm-hh:mm" such as "02:00-03:00"' }),
  }),
  /** Weekly maintenance window in UTC, `ddd:hh:mm-ddd:hh:mm`, at least 30 minutes. */
  preferredMaintenanceWindow: z
    .string()
    .regex(WEEKLY_WINDOW_PATTERN, { error: 'must be a UTC window "ddd:hh:mm-ddd:hh:mm" such as "sun:03:30-sun:04:30"' }),
  /** Retention of exported database logs (and other log groups of the stack), in days. */
  logRetentionDays: z.number().refine((n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n), {
    error: `must be one of CloudWatch Logs' retention periods: ${LOG_RETENTION_DAYS.join(', ')}`,
  }),
  /** Performance Insights retention: 7 (free tier), a multiple of 31 up to 713, or 731. */
  performanceInsightsRetentionDays: z
    .number()
    .refine((n) => n === 7 || n === 731 || (Number.isInteger(n) && n % 31 === 0 && n >= 31 && n <= 713), {
      error: 'must be 7, a multiple of 31 from 31 to 713 (months), or 731',
    }),
  /** Enhanced Monitoring interval in seconds; 0 turns it off. */
  enhancedMonitoringIntervalSeconds: z.number().refine((n) => (MONITORING_INTERVALS as readonly number[]).includes(n), {
    error: `must be one of ${MONITORING_INTERVALS.join(', ')}`,
  }),
  /** Statements slower than this are logged (PostgreSQL `log_min_duration_statement`, MySQL `long_query_time`). */
  slowQueryThresholdMs: z
    .number()
    .int()
    .min(1, { error: 'must be at least 1 ms' })
    .max(3_600_000, { error: 'must be at most 3,600,000 ms (one hour)' }),
  /** Days between automatic rotations of the master secret. */
  secretRotationDays: z.number().int().min(1).max(365, { error: 'must be between 1 and 365 days' }),
  /** What happens to the cluster when it leaves the stack. */
  removalPolicy: z.enum(['destroy', 'snapshot', 'retain'], { error: 'must be "destroy", "snapshot" or "retain"' }),
  deletionProtection: z.boolean(),
});

export type DatabaseConfig = z.infer<typeof databaseSchema>;
/** The writer as configured: the one writer-capacity type of the project (`WriterCapacity`, core). */
export type WriterConfig = WriterCapacity;
export type FixedReaderConfig = z.infer<typeof fixedReaderSchema>;
