import { entryLabel, validateCampaignInputs, type Campaign, type CampaignProblem } from './campaign';
import { compareClasses, type InstanceClassSize, type PlannerSettings } from './settings';
import { minimumLeadTimeMinutes } from './step-durations';

/**
 * The facts about an environment that calendar validation needs beyond the planner settings. Synth
 * fills them from the environment config; the pre-scaler's calendar file carries them, so the Lambda
 * applies the very rules synth applied.
 */
export interface CalendarRules {
  /** Every environment a calendar entry may name (`config/environments`). */
  readonly knownEnvironments: readonly string[];
  /** `readerAutoScaling.maxReplicas`: a reader floor above it could never be set. */
  readonly readerMaxReplicas: number;
  /** `preScaler.scheduleRateMinutes`: one run between two steps, for the lead-time rule. */
  readonly scheduleRateMinutes: number;
}

/** What one environment's calendar is checked with: its settings (catalogue included) and rules. */
export interface EnvironmentCalendarInput {
  readonly settings: PlannerSettings;
  readonly rules: CalendarRules;
  /** Calendar entries as written (`config/campaigns.ts`), any environment's. */
  readonly campaigns: readonly unknown[];
}

export interface EnvironmentCalendarResult {
  /** The valid entries that list this environment, in calendar order. */
  readonly campaigns: readonly Campaign[];
  /** Every problem, in a stable order; empty when the calendar is valid for this environment. */
  readonly problems: readonly CampaignProblem[];
}

/**
 * THE calendar validation: synth (`config/load-calendar.ts`) and the pre-scaler Lambda (its calendar
 * file, at cold start) both call this one function, so the function acts on nothing synth would
 * refuse. Every problem is returned at once:
 * - each entry on its own (shape, times, zones, length, duplicates: {@link validateCampaignInputs});
 * - every environment an entry names exists;
 * - for the entries that list this environment: the writer kind matches the baseline writer, the
 *   instance class is in the catalogue and not below the baseline, ACU not below the baseline, the
 *   reader floor not above `readerAutoScaling.maxReplicas`;
 * - the lead time leaves room for the steps (always: a campaign may be added any day).
 *
 * An entry's own problems are returned only for the environments it lists (for every environment
 * when it lists none that exists), so `[dev]` never labels a prod-only entry.
 */
export function validateEnvironmentCalendar(input: EnvironmentCalendarInput): EnvironmentCalendarResult {
  const { settings, rules } = input;
  const { campaigns, problems: entryProblems } = validateCampaignInputs(input.campaigns);
  const all: CampaignProblem[] = [...entryProblems];
  const known = new Set<string>([...rules.knownEnvironments, settings.environment]);
  input.campaigns.forEach((entry, index) => {
    const envs = (entry as { environments?: unknown } | null)?.environments;
    if (!Array.isArray(envs)) return;
    const label = entryLabel(entry, index);
    envs.forEach((name, i) => {
      if (typeof name === 'string' && !known.has(name)) {
        all.push({
          path: `${label}.environments[${i}]`,
          message: `"${name}" is not an environment. Fix: use one of ${[...known].join(', ')}.`,
        });
      }
    });
  });
  // Each entry's own problems belong to the environments it lists (to all, when it lists none that exists):
  // synth validates every environment, so a broken entry still stops it, labelled where it applies.
  const mineLabels = new Set(
    input.campaigns.flatMap((entry, index) => (appliesTo(entry, settings.environment, known) ? [entryLabel(entry, index)] : [])),
  );
  const problems = all.filter((p) => mineLabels.has(entryLabelOf(p.path)));
  const mine = campaigns.filter((c) => c.environments.includes(settings.environment));
  for (const campaign of mine) problems.push(...environmentRuleProblems(campaign, settings, rules));
  // The lead-time rule holds with or without a campaign today: one may be added any day.
  problems.push(...leadTimeProblems(settings, rules));
  return { campaigns: mine, problems };
}

/** An entry applies to the environments it lists; one that lists none that exists (or no readable list) applies to all. */
function appliesTo(entry: unknown, environment: string, known: ReadonlySet<string>): boolean {
  const envs = (entry as { environments?: unknown } | null)?.environments;
  if (!Array.isArray(envs)) return true;
  const names = envs.filter((e): e is string => typeof e === 'string');
  return names.includes(environment) || !names.some((n) => known.has(n));
}

/** `campaigns["id"]` or `campaigns[3]`: the entry part of a problem path. */
function entryLabelOf(path: string): string {
  const match = /^campaigns\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/.exec(path);
  return match ? match[0] : path;
}

function environmentRuleProblems(campaign: Campaign, settings: PlannerSettings, rules: CalendarRules): CampaignProblem[] {
  const env = settings.environment;
  const catalogue = settings.instanceClassSizes;
  const label = `campaigns[${JSON.stringify(campaign.id)}]`;
  const out: CampaignProblem[] = [];
  const base = settings.baseline.writer;
  const target = campaign.writer;
  if (target.kind !== base.kind) {
    out.push({
      path: `${label}.writer`,
      message:
        base.kind === 'provisioned'
          ? `sets ACU capacity, but the ${env} writer is provisioned (${base.instanceClass}). Fix: set { instanceClass: "…" } at least ${base.instanceClass}, or split the entry per environment.`
          : `sets instanceClass, but the ${env} writer is Serverless v2 (${base.minCapacity}–${base.maxCapacity} ACU). Fix: set { minCapacity: … } in ACU, or split the entry per environment.`,
    });
  } else if (target.kind === 'provisioned' && base.kind === 'provisioned') {
    if (!catalogue[target.instanceClass]) {
      out.push({
        path: `${label}.writer.instanceClass`,
        message: `"${target.instanceClass}" is not an instance class Aurora offers in this project's catalogue. Fix: use one of ${knownClassesHint(target.instanceClass, catalogue)} (or add it to config/instance-classes.ts).`,
      });
    } else if ((compareClasses(settings, target.instanceClass, base.instanceClass) ?? 0) < 0) {
      out.push({
        path: `${label}.writer.instanceClass`,
        message: `${target.instanceClass} is smaller than the ${env} baseline writer ${base.instanceClass}; a campaign can only add capacity. Fix: use ${base.instanceClass} or larger.`,
      });
    }
  } else if (target.kind === 'serverless-v2' && base.kind === 'serverless-v2') {
    if (target.minCapacity < base.minCapacity) {
      out.push({
        path: `${label}.writer.minCapacity`,
        message: `${target.minCapacity} ACU is below the ${env} baseline minimum ${base.minCapacity} ACU; a campaign can only add capacity. Fix: use ${base.minCapacity} ACU or more.`,
      });
    }
    if (target.maxCapacity !== undefined && target.maxCapacity < base.maxCapacity) {
      out.push({
        path: `${label}.writer.maxCapacity`,
        message: `${target.maxCapacity} ACU is below the ${env} baseline maximum ${base.maxCapacity} ACU; a campaign can only add capacity. Fix: remove maxCapacity or set it to ${base.maxCapacity} ACU or more.`,
      });
    }
  }
  const max = rules.readerMaxReplicas;
  if (campaign.readerFloor > max) {
    out.push({
      path: `${label}.readerFloor`,
      message: `${campaign.readerFloor} is above the ${env} reader autoscaling maximum (readerAutoScaling.maxReplicas = ${max}), so the floor could never be set. Fix: lower readerFloor to ${max} or raise readerAutoScaling.maxReplicas.`,
    });
  }
  return out;
}

function leadTimeProblems(settings: PlannerSettings, rules: CalendarRules): CampaignProblem[] {
  const kind = settings.baseline.writer.kind;
  const rate = rules.scheduleRateMinutes;
  const needed = minimumLeadTimeMinutes(kind, rate);
  if (settings.leadTimeMinutes >= needed) return [];
  return [
    {
      path: 'preScaler.leadTimeMinutes',
      message: `is ${settings.leadTimeMinutes} minutes, but a ${kind} writer needs about ${needed} minutes to reach a campaign's capacity (${kind === 'provisioned' ? 'add a spare reader, resize the standby, fail over, resize the old writer' : 'raise the capacity range, add readers'}, one ${rate}-minute run between steps). Fix: set leadTimeMinutes to ${needed} or more.`,
    },
  ];
}

/** A short list of known classes to print in an error: the same family first, else the r6g and r7g families. */
export function knownClassesHint(name: string, catalogue: Readonly<Record<string, InstanceClassSize>>): string {
  const family = name.split('.')[1];
  const names = Object.keys(catalogue);
  const sameFamily = names.filter((n) => n.split('.')[1] === family);
  const list = sameFamily.length > 0 ? sameFamily : names.filter((n) => n.startsWith('db.r6g.') || n.startsWith('db.r7g.'));
  return list.join(', ');
}
