import * as z from 'zod';
import {
  plannerSettingsSchema,
  validateEnvironmentCalendar,
  type CalendarRules,
  type Campaign,
  type CampaignInput,
  type PlannerSettings,
} from '../core';
import { FIX_DEPLOY } from './environment';

/**
 * The pre-scaler's calendar file: one environment's planner settings (with the instance class
 * catalogue), the facts its calendar rules need, and the calendar entries that list it, as written.
 * The `PreScaler` construct writes it next to the bundle (`index.js`) in the function's code asset;
 * the function reads it once, at cold start, and validates it with {@link validateEnvironmentCalendar},
 * the function synth validated it with. Its size is no limit: the code asset may hold 250 MB unzipped,
 * where environment variables hold 4 KB.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
export const CALENDAR_FILE_NAME = 'calendar.json';

/** Bumped when the file's shape changes, so a function never reads a file it does not understand. */
export const CALENDAR_FILE_FORMAT = 1;

export interface CalendarFile {
  readonly format: typeof CALENDAR_FILE_FORMAT;
  readonly settings: PlannerSettings;
  readonly rules: CalendarRules;
  /** This environment's entries as written in `config/campaigns.ts`, every field kept. */
  readonly campaigns: readonly CampaignInput[];
}

/** What the function works from once the file is validated. */
export interface DecodedCalendarFile {
  readonly settings: PlannerSettings;
  /** This environment's validated campaigns (deep-equal to what synth's `loadCalendar` returned). */
  readonly calendar: readonly Campaign[];
}

/** The file's text: stable key order (as built), one entry per line block, so two synths of one config give one asset hash. */
export function encodeCalendarFile(file: Omit<CalendarFile, 'format'>): string {
  const document: CalendarFile = { format: CALENDAR_FILE_FORMAT, settings: file.settings, rules: file.rules, campaigns: file.campaigns };
  return `${JSON.stringify(document, null, 1)}\n`;
}

const calendarRulesSchema = z.strictObject({
  knownEnvironments: z.array(z.string().min(1)).min(1),
  readerMaxReplicas: z.number().int().min(0),
  scheduleRateMinutes: z.number().int().min(1),
});

/**
 * Reads and validates the file's text. Every problem is pushed to `problems`, each naming the field
 * and the fix, and nothing is returned then: the function acts on none of a calendar with a problem.
 */
export function decodeCalendarFile(text: string | undefined, problems: string[]): DecodedCalendarFile | undefined {
  const where = CALENDAR_FILE_NAME;
  if (text === undefined) {
    problems.push(`${where}: is missing from the function's code. ${FIX_DEPLOY}`);
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    problems.push(`${where}: is not valid JSON (${(err as Error).message}). ${FIX_DEPLOY}`);
    return undefined;
  }
  const document = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Partial<Record<keyof CalendarFile, unknown>>;
  if (document.format !== CALENDAR_FILE_FORMAT) {
    problems.push(`${where}.format: is ${JSON.stringify(document.format ?? null)}, not ${CALENDAR_FILE_FORMAT}. ${FIX_DEPLOY}`);
    return undefined;
  }
  const before = problems.length;
  const settings = plannerSettingsSchema.safeParse(document.settings);
  if (!settings.success) for (const issue of settings.error.issues) problems.push(issueLine(`${where}.settings`, issue));
  const rules = calendarRulesSchema.safeParse(document.rules);
  if (!rules.success) for (const issue of rules.error.issues) problems.push(issueLine(`${where}.rules`, issue));
  if (!Array.isArray(document.campaigns)) problems.push(`${where}.campaigns: is not a list of calendar entries. ${FIX_DEPLOY}`);
  if (problems.length > before || !settings.success || !rules.success || !Array.isArray(document.campaigns)) return undefined;

  const result = validateEnvironmentCalendar({
    settings: settings.data as PlannerSettings,
    rules: rules.data,
    campaigns: document.campaigns,
  });
  for (const p of result.problems) problems.push(`${p.path}: ${p.message}`);
  if (problems.length > before) return undefined;
  return { settings: settings.data as PlannerSettings, calendar: result.campaigns };
}

function issueLine(prefix: string, issue: z.core.$ZodIssue): string {
  return `${[prefix, ...issue.path.map(String)].join('.')}: ${issue.message}. ${FIX_DEPLOY}`;
}
