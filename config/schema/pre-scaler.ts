import { z } from 'zod';
import { isValidTimeZone } from '../../lambda/pre-scaler/core/campaign';

/**
 * How the pre-scaler runs in one environment. The campaigns themselves live in `config/campaigns.ts`.
 */
export const preScalerSchema = z.strictObject({
  /** Minutes between two runs of the reconcile loop. */
  scheduleRateMinutes: z.number().int().min(1, { error: 'must be at least 1 minute' }).max(60, { error: 'must be at most 60 minutes' }),
  /** Minutes before a campaign's start at which scale-up begins. */
  leadTimeMinutes: z.number().int().min(0).max(24 * 60, { error: 'must be at most 1440 minutes (one day)' }),
  /** Minutes after a campaign's end during which capacity is kept. */
  coolDownMinutes: z.number().int().min(0).max(24 * 60, { error: 'must be at most 1440 minutes (one day)' }),
  /** Scale-down waits while the writer's average CPU (last 15 minutes) is at or above this percent. */
  scaleDownCpuGuardPercent: z.number().min(1).max(100, { error: 'must be between 1 and 100 percent' }),
  /**
   * Scale-downs (which need a failover for a provisioned writer) happen only inside this daily window,
   * `HH:mm-HH:mm` in `timeZone`. @default - any time after the cool-down
   */
  lowTrafficWindow: z.strictObject({
    daily: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be "HH:mm-HH:mm", such as "02:00-06:00"' }),
    timeZone: z.string().refine(isValidTimeZone, { error: 'must be an IANA time zone such as "Europe/Paris"' }),
  }).optional(),
  /**
   * A planned failover waits while the target reader's `AuroraReplicaLag` is above this many milliseconds.
   * @default 1000
   */
  failoverMaxReplicaLagMs: z.number().int().min(1, { error: 'must be at least 1 ms' }).max(60_000, { error: 'must be at most 60,000 ms' }).optional(),
  /** Log and publish the plan, call no mutating API. */
  dryRun: z.boolean(),
});

export type PreScalerConfig = z.infer<typeof preScalerSchema>;
