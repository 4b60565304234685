import * as z from 'zod';

/**
 * The shape of one campaign entry, as a DevOps engineer writes it in `config/campaigns.ts`.
 *
 * This schema lives in the pre-scaler's pure core (not in `config/`) so that synth and the Lambda
 * validate a calendar with the very same rules; it imports nothing but zod. Field rules only: times,
 * zones, duplicates and everything that depends on an environment are checked by
 * {@link validateCampaignInputs} and `config/load-calendar.ts`.
 */

/** Campaign ids: lower-case letters, digits and dashes, 2–63 characters (they appear in logs, metrics and alarms). */
export const CAMPAIGN_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
/** Shape of an RDS instance class name, `db.<family>.<size>`; config re-exports it (the core imports nothing from config). */
export const INSTANCE_CLASS_NAME_PATTERN = /^db\.[a-z][a-z0-9-]*\.[a-z0-9]+$/;
/** `YYYY-MM-DDTHH:mm[:ss[.SSS]]` with an optional offset (`Z` or `±HH:mm`). */
export const ISO_DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;
export const TIME_OF_DAY_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const LOCAL_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const ACU_FIX = 'Fix: use a multiple of 0.5 from 0.5 to 256, such as 8 or 8.5.';

/**
 * Serverless v2 capacity: 0.5 to 256 ACU in steps of 0.5. The range checks abort, so one mistake
 * (0.3) gives one message, not two.
 */
const acu = z
  .number()
  .min(0.5, { error: (i) => `${i.input} ACU is below the Serverless v2 minimum of 0.5 ACU. ${ACU_FIX}`, abort: true })
  .max(256, { error: (i) => `${i.input} ACU is above the Serverless v2 maximum of 256 ACU. ${ACU_FIX}`, abort: true })
  .refine((n) => Number.isInteger(n * 2), { error: (i) => `${i.input} ACU is not a multiple of 0.5 ACU. ${ACU_FIX}` });

const positive = (what: string, example: string) =>
  z.number().positive({ error: (i) => `${i.input} is not a positive number of ${what}. Fix: use a number above 0, such as ${example}.` });

/**
 * What the writer needs during the campaign. Exactly one of:
 * - `{ instanceClass }` for a provisioned writer;
 * - `{ minCapacity, maxCapacity? }` (ACU) for a Serverless v2 writer.
 */
export const writerTargetInputSchema = z
  .strictObject({
    /** Provisioned writer: the class the writer (and its tier-0 standby) must have, e.g. `db.r6g.4xlarge`. */
    instanceClass: z
      .string()
      .regex(INSTANCE_CLASS_NAME_PATTERN, {
        error: (i) => `"${i.input}" is not an instance class name. Fix: write it as db.<family>.<size>, such as "db.r6g.4xlarge".`,
      })
      .optional(),
    /** Serverless v2 writer: the minimum ACU during the campaign. */
    minCapacity: acu.optional(),
    /** Serverless v2 writer: the maximum ACU during the campaign. @default - the environment's maximum (or minCapacity, if higher) */
    maxCapacity: acu.optional(),
  })
  .superRefine((w, ctx) => {
    const provisioned = w.instanceClass !== undefined;
    const serverless = w.minCapacity !== undefined || w.maxCapacity !== undefined;
    if (provisioned && serverless) {
      ctx.addIssue({
        code: 'custom',
        message:
          'sets both instanceClass and ACU capacity. Fix: use { instanceClass } for a provisioned writer, or { minCapacity, maxCapacity? } for Serverless v2.',
      });
    } else if (!provisioned && !serverless) {
      ctx.addIssue({
        code: 'custom',
        message:
          'is empty. Fix: set { instanceClass: "db.r6g.2xlarge" } for a provisioned writer, or { minCapacity: 8 } for Serverless v2.',
      });
    } else if (serverless && w.minCapacity === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['minCapacity'],
        message: 'is required for a Serverless v2 target. Fix: set the minimum ACU the campaign needs.',
      });
    } else if (w.minCapacity !== undefined && w.maxCapacity !== undefined && w.minCapacity > w.maxCapacity) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxCapacity'],
        message: `${w.maxCapacity} ACU is below minCapacity ${w.minCapacity} ACU. Fix: raise maxCapacity or remove it.`,
      });
    }
  });

/** A window that repeats every week, in local time. */
export const weeklyScheduleInputSchema = z.strictObject({
  /** Days the window starts on. */
  days: z
    .array(z.enum(WEEKDAYS, { error: (i) => `"${String(i.input)}" is not a day. Fix: use one of ${WEEKDAYS.join(', ')}.` }))
    .min(1, { error: 'is empty. Fix: list at least one day, such as ["fri"].' }),
  /** Local start time `HH:mm`. */
  startTime: z
    .string()
    .regex(TIME_OF_DAY_PATTERN, { error: (i) => `"${i.input}" is not a local time. Fix: write it as "HH:mm", such as "18:00".` }),
  /** Local end time `HH:mm`; earlier than startTime means the next day. */
  endTime: z
    .string()
    .regex(TIME_OF_DAY_PATTERN, { error: (i) => `"${i.input}" is not a local time. Fix: write it as "HH:mm", such as "22:00".` }),
  /** IANA time zone of startTime and endTime, e.g. `Europe/Paris`. */
  timeZone: z.string().min(1, { error: 'is empty. Fix: set an IANA time zone such as "Europe/Paris".' }),
  /** First local date (in timeZone) a window may start on, `YYYY-MM-DD`. @default - no first date */
  validFrom: z
    .string()
    .regex(LOCAL_DATE_PATTERN, { error: (i) => `"${i.input}" is not a date. Fix: write it as "YYYY-MM-DD".` })
    .optional(),
  /** Last local date (in timeZone) a window may start on, `YYYY-MM-DD`. @default - repeats forever */
  validUntil: z
    .string()
    .regex(LOCAL_DATE_PATTERN, { error: (i) => `"${i.input}" is not a date. Fix: write it as "YYYY-MM-DD".` })
    .optional(),
});

/** Peak load the campaign is expected to bring; read by the connection-budget check and the load-test rehearsal. */
export const expectedPeakInputSchema = z.strictObject({
  /** Client connections at the peak (before the proxy). */
  clientConnections: positive('connections', '2000')
    .int({ error: (i) => `${i.input} is not a whole number of connections. Fix: round it, such as 2000.` })
    .optional(),
  /** Database transactions per second at the peak. */
  transactionsPerSecond: positive('transactions per second', '1500').optional(),
  /** Peak traffic as a multiple of a normal day's peak, e.g. 4 for four times. */
  multipleOfBaseline: positive('times the baseline', '4').optional(),
});

/**
 * One campaign entry. Either a one-off window (`start` and `end`) or a weekly one (`weekly`).
 * Times are ISO-8601 with an explicit offset (`2026-11-27T06:00+01:00`) or local times with `timeZone`.
 */
export const campaignInputSchema = z.strictObject({
  /** Unique id, lower-case with dashes: `black-friday-2026`. It names the campaign in logs, metrics and alarms. */
  id: z.string().regex(CAMPAIGN_ID_PATTERN, {
    error: (i) => `"${i.input}" is not a campaign id. Fix: use 2–63 lower-case letters, digits or dashes, such as "black-friday-2026".`,
  }),
  /** Environments the campaign applies to, e.g. `['prod']`. */
  environments: z
    .array(z.string().min(1, { error: 'is an empty name. Fix: use an environment name, such as "prod".' }))
    .min(1, { error: 'is empty. Fix: list at least one environment, such as ["prod"].' }),
  /** One-off window start: ISO-8601 with an offset, or a local time with `timeZone`. */
  start: z.string().optional(),
  /** One-off window end (exclusive), same format as start. */
  end: z.string().optional(),
  /** IANA time zone for `start`/`end` written without an offset. @default - start and end must carry an offset */
  timeZone: z.string().min(1, { error: 'is empty. Fix: set an IANA time zone such as "Europe/Paris", or remove it.' }).optional(),
  /** A weekly recurring window instead of start/end. */
  weekly: weeklyScheduleInputSchema.optional(),
  /** The writer capacity the campaign needs. */
  writer: writerTargetInputSchema,
  /** Fewest Aurora Replicas during the campaign (fixed readers included, like readerAutoScaling.minReplicas). */
  readerFloor: z
    .number()
    .int({ error: (i) => `${i.input} is not a whole number of readers. Fix: use a whole number from 0 to 15, such as 2.`, abort: true })
    .min(0, { error: (i) => `${i.input} is below 0. Fix: use a whole number from 0 to 15, such as 2.`, abort: true })
    .max(15, { error: (i) => `${i.input} is above 15, the Aurora replica limit. Fix: use a whole number from 0 to 15.`, abort: true }),
  /** Who to ask about this campaign. @default - nobody named */
  owner: z.string().min(1, { error: 'is empty. Fix: name a person or team, or remove it.' }).optional(),
  /** Free text for reviewers. @default - none */
  notes: z.string().optional(),
  /** Expected peak load. @default - unknown */
  expectedPeak: expectedPeakInputSchema.optional(),
});

/** What a calendar entry may contain (see `config/campaigns.ts`). */
export type CampaignInput = z.input<typeof campaignInputSchema>;
export type WeeklyScheduleInput = z.input<typeof weeklyScheduleInputSchema>;
export type ExpectedPeak = z.output<typeof expectedPeakInputSchema>;
