import * as z from 'zod';
import { isValidTimeZone } from '../../lambda/pre-scaler/core/campaign';
import { LOG_RETENTION_DAYS } from './database';

/**
 * How the pre-scaler runs in one environment. The campaigns themselves live in `config/campaigns.ts`.
 */
export const preScalerSchema = z
  .strictObject({
    /** Minutes between two runs of the reconcile loop. */
    scheduleRateMinutes: z.number().int().min(1, { error: 'must be at least 1 minute' }).max(60, { error: 'must be at most 60 minutes' }),
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
    /** Log and publish the plan, call no mutating API. */
    dryRun: z.boolean(),
    /**
     * Reserve one concurrent execution for the function: a hard one-run-at-a-time limit on top of the
     * act window that already keeps runs apart (lambda/pre-scaler/run-slot.ts). Lambda refuses it on an
     * account whose concurrency quota would then leave fewer than 100 unreserved executions (new
     * accounts may have a quota of 10), and the deploy fails: set it only where the quota is 101 or more.
     * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
     * @default - none (works on every account)
     */
    reservedConcurrency: z.literal(1, { error: 'must be 1 (one run at a time), or left out to reserve nothing' }).optional(),
    /**
     * The "campaign not ready" alarm fires when a campaign starts within this many minutes (or has
     * started) and capacity is not yet what it needs. At most `leadTimeMinutes`: before that the
     * pre-scaler has not begun. @default - 30, or leadTimeMinutes when that is shorter (see {@link notReadyAlarmMinutesOf})
     */
    notReadyAlarmMinutes: z
      .number()
      .int()
      .min(5, { error: 'must be at least 5 minutes (one run of the pre-scaler, or more)' })
      .max(24 * 60, { error: 'must be at most 1440 minutes (one day)' })
      .optional(),
    /** Days the pre-scaler's own log group keeps its decisions. @default 90 */
    logRetentionDays: z
      .number()
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
        error: `must be a retention CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(90),
  })
  .superRefine((p, ctx) => {
    if (p.notReadyAlarmMinutes !== undefined && p.notReadyAlarmMinutes > p.leadTimeMinutes) {
      ctx.addIssue({
        code: 'custom',
        path: ['notReadyAlarmMinutes'],
        message: `is ${p.notReadyAlarmMinutes} minutes, more than leadTimeMinutes (${p.leadTimeMinutes}): the pre-scaler only starts ${p.leadTimeMinutes} minutes before a campaign. Fix: set notReadyAlarmMinutes to ${p.leadTimeMinutes} or less, or raise leadTimeMinutes.`,
      });
    }
  });

export type PreScalerConfig = z.infer<typeof preScalerSchema>;

/** Default of `notReadyAlarmMinutes`. */
export const DEFAULT_NOT_READY_ALARM_MINUTES = 30;

/** The "campaign not ready" window of an environment: as configured, else 30 minutes capped at the lead time. */
export function notReadyAlarmMinutesOf(config: PreScalerConfig): number {
  return config.notReadyAlarmMinutes ?? Math.min(DEFAULT_NOT_READY_ALARM_MINUTES, config.leadTimeMinutes);
}
