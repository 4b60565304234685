import { INSTANCE_CLASSES } from '../../config/instance-classes';
import {
  CalendarDocumentError,
  parseCalendarDocument,
  type Campaign,
  type CampaignInput,
  type InstanceClassSize,
  type PlannerSettings,
} from './core';
import { plannerSettingsDocument, plannerSettingsDocumentSchema } from './planner-settings-schema';

/**
 * How the calendar and the settings reach the pre-scaler Lambda: its environment variables, written by
 * the `PreScaler` construct at synth and read once by the function at cold start. Every value is
 * plain JSON or text, so a pull request that changes a campaign shows, in the CloudFormation diff,
 * exactly one variable added, changed or removed:
 *
 * | variable | value |
 * | --- | --- |
 * | `CLUSTER_IDENTIFIER` | `aurora-surge-prod` |
 * | `DRY_RUN` | `true` or `false` |
 * | `NOT_READY_ALARM_MINUTES` | `30` |
 * | `PLANNER_SETTINGS` | the planner settings as JSON (baseline, lead time, cool-down, guards) |
 * | `CAMPAIGN_<ID>` | one calendar entry as JSON, e.g. `CAMPAIGN_BLACK_FRIDAY_2026` |
 *
 * Lambda allows 4 KB of environment variables in total: {@link environmentSize} is checked at synth.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
 */
export const PRE_SCALER_ENV = {
  clusterIdentifier: 'CLUSTER_IDENTIFIER',
  dryRun: 'DRY_RUN',
  notReadyAlarmMinutes: 'NOT_READY_ALARM_MINUTES',
  plannerSettings: 'PLANNER_SETTINGS',
  campaignPrefix: 'CAMPAIGN_',
} as const;

/** Lambda's limit on the total size of a function's environment variables (keys and values). */
export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;

/** The calendar fields the planner reads; owner, notes and expected peak stay in config. */
const PLANNER_FIELDS = ['id', 'environments', 'start', 'end', 'timeZone', 'weekly', 'writer', 'readerFloor'] as const;

/** What the pre-scaler knows for one run of its life (one cold start). */
export interface PreScalerRuntimeConfig {
  /** `DBClusterIdentifier` of the cluster it reconciles. */
  readonly clusterIdentifier: string;
  /** The planner settings, with the bundled instance class catalogue. */
  readonly settings: PlannerSettings;
  /** This environment's validated campaigns. */
  readonly calendar: readonly Campaign[];
  /** Decide and report, call nothing that changes AWS. */
  readonly dryRun: boolean;
  /** Minutes before a campaign's start from which "not ready" is alarmed. */
  readonly notReadyAlarmMinutes: number;
}

export interface PreScalerEnvironmentInput {
  readonly clusterIdentifier: string;
  /** The environment's planner settings (`plannerSettingsFor`); the class catalogue is left out. */
  readonly settings: PlannerSettings;
  /** Calendar entries as written in `config/campaigns.ts`; entries for other environments are dropped. */
  readonly campaigns: readonly CampaignInput[];
  readonly dryRun: boolean;
  readonly notReadyAlarmMinutes: number;
}

/** `black-friday-2026` → `CAMPAIGN_BLACK_FRIDAY_2026` (campaign ids hold no `_`, so this is one-to-one). */
export function campaignVariableName(campaignId: string): string {
  return `${PRE_SCALER_ENV.campaignPrefix}${campaignId.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * The function's environment variables for one environment, as the construct sets them. Each calendar
 * entry keeps only the fields the planner reads, and lists only this environment, so an entry edited
 * for another environment does not touch this function.
 */
export function encodePreScalerEnvironment(input: PreScalerEnvironmentInput): Record<string, string> {
  const environment = input.settings.environment;
  const variables: Record<string, string> = {
    [PRE_SCALER_ENV.clusterIdentifier]: input.clusterIdentifier,
    [PRE_SCALER_ENV.dryRun]: String(input.dryRun),
    [PRE_SCALER_ENV.notReadyAlarmMinutes]: String(input.notReadyAlarmMinutes),
    [PRE_SCALER_ENV.plannerSettings]: JSON.stringify(plannerSettingsDocument(input.settings)),
  };
  for (const campaign of input.campaigns) {
    if (!campaign.environments.includes(environment)) continue;
    const entry: Record<string, unknown> = {};
    for (const field of PLANNER_FIELDS) {
      if (campaign[field] !== undefined) entry[field] = campaign[field];
    }
    entry.environments = [environment];
    variables[campaignVariableName(campaign.id)] = JSON.stringify(entry);
  }
  return variables;
}

/** Bytes Lambda counts against its 4 KB limit: every key and value, UTF-8. */
export function environmentSize(variables: Readonly<Record<string, string>>): number {
  return Object.entries(variables).reduce((sum, [k, v]) => sum + Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8'), 0);
}

/** The environment variables cannot be used: every problem, one line each, naming the variable and the fix. */
export class PreScalerEnvironmentError extends Error {
  constructor(
    readonly environment: string,
    readonly problems: readonly string[],
  ) {
    super(
      `[${environment}] pre-scaler configuration is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}); it acts on nothing until it is fixed:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'PreScalerEnvironmentError';
  }
}

const FIX_DEPLOY = "Fix: correct config/ and deploy the stack again (never edit the function's variables by hand).";

/**
 * Reads and validates the function's environment variables (once, at cold start): the planner
 * settings with the config schemas, the calendar entries with the same rules as synth
 * (`parseCalendarDocument`). Throws a {@link PreScalerEnvironmentError} listing every problem.
 */
export function decodePreScalerEnvironment(env: Readonly<Record<string, string | undefined>>): PreScalerRuntimeConfig {
  const problems: string[] = [];
  const clusterIdentifier = env[PRE_SCALER_ENV.clusterIdentifier];
  if (!clusterIdentifier) problems.push(`${PRE_SCALER_ENV.clusterIdentifier}: is missing. ${FIX_DEPLOY}`);

  const dryRunText = env[PRE_SCALER_ENV.dryRun];
  if (dryRunText !== 'true' && dryRunText !== 'false')
    problems.push(`${PRE_SCALER_ENV.dryRun}: is ${JSON.stringify(dryRunText ?? null)}, not "true" or "false". ${FIX_DEPLOY}`);

  const minutesText = env[PRE_SCALER_ENV.notReadyAlarmMinutes] ?? '';
  const notReadyAlarmMinutes = Number(minutesText);
  if (!/^\d+$/.test(minutesText))
    problems.push(
      `${PRE_SCALER_ENV.notReadyAlarmMinutes}: is ${JSON.stringify(minutesText)}, not a whole number of minutes. ${FIX_DEPLOY}`,
    );

  let settingsDocument: PlannerSettings | undefined;
  const settingsParsed = parseJson(env[PRE_SCALER_ENV.plannerSettings], PRE_SCALER_ENV.plannerSettings, problems);
  if (settingsParsed !== undefined) {
    const result = plannerSettingsDocumentSchema.safeParse(settingsParsed);
    if (result.success) {
      settingsDocument = { ...(result.data as Omit<PlannerSettings, 'instanceClassSizes'>), instanceClassSizes: INSTANCE_CLASS_SIZES };
    } else {
      for (const issue of result.error.issues)
        problems.push(`${[PRE_SCALER_ENV.plannerSettings, ...issue.path.map(String)].join('.')}: ${issue.message}. ${FIX_DEPLOY}`);
    }
  }
  const environment = settingsDocument?.environment ?? 'unknown environment';

  const campaigns: unknown[] = [];
  for (const [name, value] of Object.entries(env).sort(([a], [b]) => a.localeCompare(b))) {
    if (!name.startsWith(PRE_SCALER_ENV.campaignPrefix)) continue;
    const entry = parseJson(value, name, problems);
    if (entry === undefined) continue;
    const id = (entry as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || campaignVariableName(id) !== name) {
      problems.push(`${name}: holds the entry ${JSON.stringify(id ?? null)}, not the campaign its name says. ${FIX_DEPLOY}`);
      continue;
    }
    campaigns.push(entry);
  }

  let calendar: Campaign[] = [];
  if (settingsDocument) {
    try {
      calendar = parseCalendarDocument({ settings: settingsDocument, campaigns: campaigns as CampaignInput[] }).campaigns;
    } catch (err) {
      if (!(err instanceof CalendarDocumentError)) throw err;
      for (const p of err.problems) problems.push(`${p.path}: ${p.message}`);
    }
  }

  if (problems.length > 0 || !settingsDocument || !clusterIdentifier) throw new PreScalerEnvironmentError(environment, problems);
  return { clusterIdentifier, settings: settingsDocument, calendar, dryRun: dryRunText === 'true', notReadyAlarmMinutes };
}

function parseJson(text: string | undefined, name: string, problems: string[]): unknown {
  if (text === undefined || text === '') {
    problems.push(`${name}: is missing. ${FIX_DEPLOY}`);
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    problems.push(`${name}: is not valid JSON (${(err as Error).message}). ${FIX_DEPLOY}`);
    return undefined;
  }
}

/** The bundled catalogue, in the planner's shape. */
const INSTANCE_CLASS_SIZES: Readonly<Record<string, InstanceClassSize>> = Object.fromEntries(
  [...INSTANCE_CLASSES].map(([name, spec]) => [name, { memoryGiB: spec.memoryGiB, vcpus: spec.vcpus }]),
);
