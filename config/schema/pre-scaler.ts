import * as z from 'zod';
import { preScalerPlannerFields, REACTIVE_DEFAULTS, reactiveConfigFields } from '../../lambda/pre-scaler/core/settings-schema';
import { LOG_RETENTION_DAYS } from './database';

/**
 * Reactive scale-up (issue 15): the pre-scaler grows the writer and the reader floor by itself when
 * the writer is under sustained pressure and no campaign is in force. Every field but `enabled` and
 * `ceiling` has a default ({@link REACTIVE_DEFAULTS}). The ceiling also bounds the operator's override
 * (`npm run surge`), so it is worth setting where reactive steps are off. Cross-field rules (the
 * ceiling against database.writer) are in `rules.ts`.
 */
export const reactiveSchema = z.strictObject({
  ...reactiveConfigFields,
  sustainedMinutes: reactiveConfigFields.sustainedMinutes.default(REACTIVE_DEFAULTS.sustainedMinutes),
  writerCpuPercent: reactiveConfigFields.writerCpuPercent.default(REACTIVE_DEFAULTS.writerCpuPercent),
  writerConnectionsPercent: reactiveConfigFields.writerConnectionsPercent.default(REACTIVE_DEFAULTS.writerConnectionsPercent),
  readerFloorStep: reactiveConfigFields.readerFloorStep.default(REACTIVE_DEFAULTS.readerFloorStep),
  cooldownMinutes: reactiveConfigFields.cooldownMinutes.default(REACTIVE_DEFAULTS.cooldownMinutes),
  quietMinutes: reactiveConfigFields.quietMinutes.default(REACTIVE_DEFAULTS.quietMinutes),
});

export type ReactiveConfig = z.infer<typeof reactiveSchema>;

/**
 * How the pre-scaler runs in one environment. The campaigns themselves live in `config/campaigns.ts`.
 */
export const preScalerSchema = z
  .strictObject({
    /** Minutes between two runs of the reconcile loop. */
    scheduleRateMinutes: z.number().int().min(1, { error: 'must be at least 1 minute' }).max(60, { error: 'must be at most 60 minutes' }),
    /** Lead time, cool-down and guards: shared with the pre-scaler Lambda, which checks its calendar file with them. */
    ...preScalerPlannerFields,
    /** Log and publish the plan, call no mutating API. */
    dryRun: z.boolean(),
    /**
     * Reserve one concurrent execution for the function: a hard one-run-at-a-time limit on top of the
     * act window that already keeps runs apart (lambda/pre-scaler/contract/run-slot.ts). Lambda refuses it on an
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
    /**
     * Reactive scale-up and the writer ceiling (issue 15). @default - none: no reactive steps, and an
     * override is bounded only by the catalogue and the baseline
     */
    reactive: reactiveSchema.optional(),
    /** Days the pre-scaler's own log group keeps its decisions (production: at least 365). @default 365 */
    logRetentionDays: z
      .number()
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
        error: `must be a retention CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(365),
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
