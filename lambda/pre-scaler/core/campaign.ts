import { DateTime, IANAZone } from 'luxon';
import type { z } from 'zod';
import { campaignInputSchema, ISO_DATE_TIME_PATTERN, WEEKDAYS, type CampaignInput, type ExpectedPeak } from './campaign-schema';
import { firstMissingLocalTime } from './dst-gaps';

/**
 * A validated campaign, with its times resolved to instants. This is what the planner reads; it is
 * built from a {@link CampaignInput} by {@link validateCampaignInputs}, both at synth and in the Lambda.
 */
export interface Campaign {
  readonly id: string;
  readonly environments: readonly string[];
  readonly schedule: CampaignSchedule;
  readonly writer: WriterTarget;
  /** Fewest Aurora Replicas during the campaign (fixed readers included). */
  readonly readerFloor: number;
  /** @default - nobody named */
  readonly owner?: string;
  /** @default - none */
  readonly notes?: string;
  /** @default - unknown */
  readonly expectedPeak?: ExpectedPeak;
  /**
   * The zone the entry's times are written in, to show them back in it: `timeZone`, `weekly.timeZone`,
   * or the fixed offset of `start` (`UTC+1`). @default 'UTC'
   */
  readonly timeZone?: string;
}

/** The writer capacity a campaign asks for. */
export type WriterTarget =
  | { readonly kind: 'provisioned'; readonly instanceClass: string }
  | {
      readonly kind: 'serverless-v2';
      readonly minCapacity: number;
      /** @default - the environment's maximum, or minCapacity if higher */
      readonly maxCapacity?: number;
    };

/** When a campaign runs: once, or every week. Instants are epoch milliseconds; the end is exclusive. */
export type CampaignSchedule = OneOffSchedule | WeeklySchedule;

export interface OneOffSchedule {
  readonly kind: 'once';
  readonly startMs: number;
  readonly endMs: number;
}

export interface WeeklySchedule {
  readonly kind: 'weekly';
  /** ISO weekdays the window starts on: 1 = Monday … 7 = Sunday. */
  readonly days: readonly number[];
  /** Local start, minutes after midnight in timeZone. */
  readonly startMinute: number;
  /** Local end, minutes after midnight in timeZone; at or before startMinute means the next day. */
  readonly endMinute: number;
  /** 1 to 1440 minutes: the nominal length (a daylight-saving change makes one window an hour shorter or longer). */
  readonly durationMinutes: number;
  readonly timeZone: string;
  /** First local start date, `YYYY-MM-DD`. @default - no first date */
  readonly validFrom?: string;
  /** Last local start date, `YYYY-MM-DD`. @default - repeats forever */
  readonly validUntil?: string;
}

/** One problem with one calendar entry. `path` reads like `campaigns["black-friday-2026"].end`. */
export interface CampaignProblem {
  readonly path: string;
  readonly message: string;
}

/** A one-off campaign longer than this is a new baseline, not a campaign. */
export const MAX_CAMPAIGN_DAYS = 14;

const OFFSET_SUFFIX = /(Z|[+-]\d{2}:\d{2})$/;

/** `campaigns["id"]` when the entry has a usable id, else `campaigns[index]`. */
export function entryLabel(input: unknown, index: number): string {
  const id = (input as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 ? `campaigns[${JSON.stringify(id)}]` : `campaigns[${index}]`;
}

function formatZodPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
}

const EXPECTED_WORDS: Readonly<Record<string, string>> = {
  number: 'a number',
  string: 'a string (in quotes)',
  array: 'a list ([…])',
  object: 'an object ({ … })',
  boolean: 'true or false',
};

/** What a value is, for "but is …": `"3" (a string)`, `[] (a list)`. */
function describeInput(input: unknown): string {
  const kind = Array.isArray(input) ? 'a list' : input === null ? 'null' : typeof input === 'object' ? 'an object' : `a ${typeof input}`;
  const text = JSON.stringify(input);
  return text !== undefined && text.length <= 40 ? `${text} (${kind})` : kind;
}

/**
 * One zod issue as a sentence that says what is wrong and how to fix it. The schema's own messages
 * already carry their fix; missing fields, wrong types and unknown fields are worded here (the
 * schema is parsed with `reportInput`, so a wrong type is told apart from a missing field).
 */
function zodIssueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}. Fix: remove them or check the spelling (see docs/campaigns.md).`;
  }
  if (issue.code === 'invalid_type') {
    const expected = EXPECTED_WORDS[issue.expected] ?? issue.expected;
    if (issue.input === undefined) return `is required. Fix: set it to ${expected} (see docs/campaigns.md).`;
    return `must be ${expected}, but is ${describeInput(issue.input)}. Fix: write it as ${expected}${typeof issue.input === 'string' && issue.expected === 'number' && issue.input.trim() !== '' && !Number.isNaN(Number(issue.input)) ? `: ${Number(issue.input)}, without quotes` : ''}.`;
  }
  if (issue.message.includes('Fix:')) return issue.message;
  // A check without its own wording (none is expected): say what the value was, and where to read the rule.
  return `${issue.input === undefined ? 'is not valid' : `${describeInput(issue.input)} is not valid`}. Fix: see docs/campaigns.md for this field.`;
}

/**
 * Whether `zone` is an IANA time zone this runtime knows. `IANAZone.create` caches one zone object per
 * name, validity included; `IANAZone.isValidZone` builds a new `Intl.DateTimeFormat` on every call,
 * which was the largest single cost of the Lambda's cold start (one call per entry and time).
 */
export function isValidTimeZone(zone: string): boolean {
  return zone.length > 0 && IANAZone.create(zone).isValid;
}

function parseInstant(value: string, timeZone: string | undefined, path: string, problems: CampaignProblem[]): number | undefined {
  const example = 'Fix: write it like "2026-11-27T06:00+01:00", or "2026-11-27T06:00" with timeZone: "Europe/Paris".';
  if (!ISO_DATE_TIME_PATTERN.test(value)) {
    problems.push({ path, message: `"${value}" is not an ISO-8601 date and time. ${example}` });
    return undefined;
  }
  const hasOffset = OFFSET_SUFFIX.test(value);
  if (!hasOffset && timeZone === undefined) {
    problems.push({
      path,
      message: `"${value}" has no offset and the entry has no timeZone, so the instant is ambiguous. Fix: add an offset ("${value}+01:00") or set timeZone, such as "Europe/Paris".`,
    });
    return undefined;
  }
  if (timeZone !== undefined && !isValidTimeZone(timeZone)) return undefined; // reported once, on timeZone
  const parsed = hasOffset ? DateTime.fromISO(value, { setZone: true }) : DateTime.fromISO(value, { zone: timeZone });
  if (!parsed.isValid) {
    problems.push({
      path,
      message: `"${value}" is not a real date and time (${parsed.invalidExplanation ?? parsed.invalidReason}). ${example}`,
    });
    return undefined;
  }
  if (timeZone !== undefined) {
    if (hasOffset) {
      const inZone = parsed.setZone(timeZone);
      if (inZone.offset !== parsed.offset) {
        problems.push({
          path,
          message: `"${value}" has offset ${parsed.toFormat('ZZ')}, but ${timeZone} is at ${inZone.toFormat('ZZ')} on that date. Fix: use "${value.replace(OFFSET_SUFFIX, inZone.toFormat('ZZ'))}", or drop the offset and let timeZone decide.`,
        });
        return undefined;
      }
    } else if (parsed.toFormat("yyyy-MM-dd'T'HH:mm") !== value.slice(0, 16)) {
      problems.push({
        path,
        message: `"${value}" does not exist in ${timeZone} (the clocks jump forward then). Fix: pick a time outside the daylight-saving change.`,
      });
      return undefined;
    }
  }
  return parsed.toMillis();
}

function minutesOfDay(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** The fields that say when a campaign runs; they are checked even when the rest of the entry is broken. */
const SCHEDULE_FIELDS = ['start', 'end', 'timeZone', 'weekly'] as const;
const scheduleInputSchema = campaignInputSchema.pick({ start: true, end: true, timeZone: true, weekly: true });
type ScheduleInput = Pick<CampaignInput, (typeof SCHEDULE_FIELDS)[number]>;

function scheduleFieldsOf(input: unknown): Record<string, unknown> | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const record = input as Record<string, unknown>;
  return Object.fromEntries(SCHEDULE_FIELDS.filter((k) => record[k] !== undefined).map((k) => [k, record[k]]));
}

function resolveSchedule(input: ScheduleInput, label: string, problems: CampaignProblem[]): CampaignSchedule | undefined {
  const hasOneOff = input.start !== undefined || input.end !== undefined;
  if (hasOneOff && input.weekly !== undefined) {
    problems.push({
      path: `${label}.weekly`,
      message: 'is set together with start/end. Fix: keep either start and end (a one-off campaign) or weekly (a recurring window).',
    });
    return undefined;
  }
  if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone)) {
    problems.push({
      path: `${label}.timeZone`,
      message: `"${input.timeZone}" is not an IANA time zone. Fix: use a name such as "Europe/Paris" or "UTC".`,
    });
  }
  if (input.weekly !== undefined) return resolveWeekly(input.weekly, label, problems);
  if (input.start === undefined || input.end === undefined) {
    const missing = input.start === undefined ? 'start' : 'end';
    problems.push({
      path: `${label}.${hasOneOff ? missing : 'start'}`,
      message: hasOneOff
        ? 'is required. Fix: a one-off campaign needs both start and end.'
        : 'is required. Fix: set start and end (a one-off campaign), or weekly (a recurring window).',
    });
    return undefined;
  }
  const before = problems.length;
  const startMs = parseInstant(input.start, input.timeZone, `${label}.start`, problems);
  const endMs = parseInstant(input.end, input.timeZone, `${label}.end`, problems);
  if (startMs === undefined || endMs === undefined || problems.length > before) return undefined;
  if (endMs <= startMs) {
    problems.push({
      path: `${label}.end`,
      message: `"${input.end}" is not after start "${input.start}". Fix: end must be later than start.`,
    });
    return undefined;
  }
  const days = (endMs - startMs) / 86_400_000;
  if (days > MAX_CAMPAIGN_DAYS) {
    problems.push({
      path: `${label}.end`,
      message: `the window lasts ${days.toFixed(1)} days, more than the ${MAX_CAMPAIGN_DAYS}-day maximum for a campaign. Fix: shorten it, split it, or raise the environment's baseline instead.`,
    });
    return undefined;
  }
  return { kind: 'once', startMs, endMs };
}

function resolveWeekly(
  weekly: NonNullable<CampaignInput['weekly']>,
  label: string,
  problems: CampaignProblem[],
): WeeklySchedule | undefined {
  const before = problems.length;
  const path = `${label}.weekly`;
  if (!isValidTimeZone(weekly.timeZone)) {
    problems.push({
      path: `${path}.timeZone`,
      message: `"${weekly.timeZone}" is not an IANA time zone. Fix: use a name such as "Europe/Paris" or "UTC".`,
    });
  }
  const start = minutesOfDay(weekly.startTime);
  const duration = (minutesOfDay(weekly.endTime) - start + 1440) % 1440;
  if (duration === 0) {
    problems.push({
      path: `${path}.endTime`,
      message: `equals startTime (${weekly.startTime}), so the window is empty. Fix: set an end time; an earlier time than startTime means the next day.`,
    });
  }
  for (const key of ['validFrom', 'validUntil'] as const) {
    const value = weekly[key];
    if (value !== undefined && !DateTime.fromISO(value).isValid) {
      problems.push({ path: `${path}.${key}`, message: `"${value}" is not a real date. Fix: use "YYYY-MM-DD".` });
    }
  }
  if (weekly.validFrom !== undefined && weekly.validUntil !== undefined && weekly.validUntil < weekly.validFrom) {
    problems.push({
      path: `${path}.validUntil`,
      message: `"${weekly.validUntil}" is before validFrom "${weekly.validFrom}". Fix: swap or correct the dates.`,
    });
  }
  const days = [...new Set(weekly.days)].map((d) => WEEKDAYS.indexOf(d) + 1).sort((a, b) => a - b);
  if (problems.length === before) {
    const end = minutesOfDay(weekly.endTime);
    const endDays = end > start ? days : days.map((d) => (d % 7) + 1);
    for (const [field, minute, on] of [
      ['startTime', start, days],
      ['endTime', end, endDays],
    ] as const) {
      const missing = firstMissingLocalTime(weekly.timeZone, minute, on, ...dstCheckRange(weekly));
      if (missing !== undefined)
        problems.push({
          path: `${path}.${field}`,
          message: `"${weekly[field]}" does not exist in ${weekly.timeZone} on ${missing} (the clocks jump forward then), a day this window ${field === 'startTime' ? 'starts' : 'ends'}. Fix: pick a time outside the daylight-saving change.`,
        });
    }
  }
  if (problems.length > before) return undefined;
  return {
    kind: 'weekly',
    days,
    startMinute: start,
    endMinute: minutesOfDay(weekly.endTime),
    durationMinutes: duration,
    timeZone: weekly.timeZone,
    ...(weekly.validFrom !== undefined ? { validFrom: weekly.validFrom } : {}),
    ...(weekly.validUntil !== undefined ? { validUntil: weekly.validUntil } : {}),
  };
}

/** The local dates a weekly window is checked for daylight-saving gaps: its validity, or ten years from a fixed date (never the clock). */
const DST_CHECK_FIRST_DATE = '2025-01-01';
const DST_CHECK_YEARS = 10;
function dstCheckRange(weekly: NonNullable<CampaignInput['weekly']>): [string, string] {
  const from = weekly.validFrom ?? DST_CHECK_FIRST_DATE;
  const to = weekly.validUntil ?? `${Number(from.slice(0, 4)) + DST_CHECK_YEARS}-12-31`;
  return [from, to];
}

/** The zone an entry's times are written in (see {@link Campaign.timeZone}). */
function writtenZone(entry: CampaignInput): string {
  const zone = entry.weekly?.timeZone ?? entry.timeZone;
  if (zone !== undefined) return zone;
  const start = entry.start === undefined ? undefined : DateTime.fromISO(entry.start, { setZone: true });
  return start?.isValid ? (start.zoneName ?? 'UTC') : 'UTC';
}

function resolveWriter(writer: CampaignInput['writer']): WriterTarget {
  if (writer.instanceClass !== undefined) return { kind: 'provisioned', instanceClass: writer.instanceClass };
  return {
    kind: 'serverless-v2',
    minCapacity: writer.minCapacity as number,
    ...(writer.maxCapacity !== undefined ? { maxCapacity: writer.maxCapacity } : {}),
  };
}

/**
 * Validates calendar entries on their own (no environment needed): the shape, the times and time
 * zones, end after start, the maximum length, unique ids. Every problem is returned, not just the
 * first; entries with a problem are left out of `campaigns`.
 *
 * Environment-dependent rules (known instance class, baseline, writer kind, reader floor, lead time)
 * are checked by `config/load-calendar.ts`.
 */
export function validateCampaignInputs(inputs: readonly unknown[]): { campaigns: Campaign[]; problems: CampaignProblem[] } {
  const problems: CampaignProblem[] = [];
  const campaigns: Campaign[] = [];
  inputs.forEach((input, index) => {
    const label = entryLabel(input, index);
    const parsed = campaignInputSchema.safeParse(input, { reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = `${label}${formatZodPath(issue.path)}`;
        // An unknown field is named in the path, one line each.
        if (issue.code === 'unrecognized_keys')
          for (const key of issue.keys)
            problems.push({
              path: `${path}.${key}`,
              message: 'is not a field here. Fix: remove it or check the spelling (see docs/campaigns.md).',
            });
        else problems.push({ path, message: zodIssueMessage(issue) });
      }
      // A shape error elsewhere in the entry must not hide what is wrong with its times.
      if (!parsed.error.issues.some((i) => SCHEDULE_FIELDS.includes(i.path[0] as (typeof SCHEDULE_FIELDS)[number]))) {
        const times = scheduleInputSchema.safeParse(scheduleFieldsOf(input));
        if (times.success) resolveSchedule(times.data, label, problems);
      }
      return;
    }
    const entry = parsed.data;
    const before = problems.length;
    const schedule = resolveSchedule(entry, label, problems);
    const duplicates = new Set(entry.environments).size !== entry.environments.length;
    if (duplicates)
      problems.push({
        path: `${label}.environments`,
        message: `lists an environment twice (${entry.environments.join(', ')}). Fix: list each once.`,
      });
    if (!schedule || problems.length > before) return;
    campaigns.push({
      id: entry.id,
      environments: entry.environments,
      schedule,
      writer: resolveWriter(entry.writer),
      readerFloor: entry.readerFloor,
      ...(entry.owner !== undefined ? { owner: entry.owner } : {}),
      ...(entry.notes !== undefined ? { notes: entry.notes } : {}),
      ...(entry.expectedPeak !== undefined ? { expectedPeak: entry.expectedPeak } : {}),
      timeZone: writtenZone(entry),
    });
  });
  problems.push(...duplicateIdProblems(inputs));
  return { campaigns, problems };
}

function duplicateIdProblems(inputs: readonly unknown[]): CampaignProblem[] {
  const positions = new Map<string, number[]>();
  inputs.forEach((input, index) => {
    const id = (input as { id?: unknown } | null)?.id;
    if (typeof id === 'string') positions.set(id, [...(positions.get(id) ?? []), index]);
  });
  return [...positions]
    .filter(([, at]) => at.length > 1)
    .map(([id, at]) => ({
      path: `campaigns[${JSON.stringify(id)}].id`,
      message: `is used by ${at.length} entries (positions ${at.join(', ')} in the list). Fix: give each entry its own id, such as "${id}-2".`,
    }));
}
