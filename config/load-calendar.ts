import {
  validateCampaignInputs,
  windowsBetween,
  formatInstant,
  formatDuration,
  minimumLeadTimeMinutes,
  type Campaign,
  type CampaignInput,
  type PlannerSettings,
} from '../lambda/pre-scaler/core';
import { CAMPAIGNS } from './campaigns';
import { compareInstanceClasses, INSTANCE_CLASSES, instanceClassSpec, knownClassesHint } from './instance-classes';
import { ConfigError, environmentNames } from './load-config';
import type { EnvironmentConfig } from './schema/environment';

const DAY = 86_400_000;
const MINUTE = 60_000;
/** Entries that ended longer ago than this get a warning to prune them. */
export const PRUNE_AFTER_DAYS = 30;
/** Weekly windows are compared with each other over this horizon for the overlap warning. */
const WEEKLY_OVERLAP_HORIZON_MS = 366 * DAY;

export interface LoadCalendarOptions {
  /** The instant warnings are computed for (entries to prune, campaigns starting soon). Validation never depends on it. */
  readonly now: Date;
  /** @default - the committed calendar, `CAMPAIGNS` from config/campaigns.ts */
  readonly campaigns?: readonly CampaignInput[];
}

export interface LoadedCalendar {
  /** Every valid entry for this environment, past ones included (synth output must not depend on the clock). */
  readonly campaigns: readonly Campaign[];
  /** The same entries as written, for the pre-scaler function (which validates them again). */
  readonly inputs: readonly CampaignInput[];
  /** Overlaps, entries to prune, campaigns starting inside their lead time: one sentence each, prefixed `[env]`. */
  readonly warnings: readonly string[];
}

interface Problem {
  readonly path: string;
  readonly message: string;
}

/**
 * Validates the campaign calendar for one environment, all problems at once, and returns that
 * environment's campaigns with warnings. Throws a {@link ConfigError} listing every problem as
 * `[env] campaigns["<id>"].field: what is wrong. Fix: …`.
 *
 * Each entry's problems are reported under the environments it lists (under every environment when
 * it lists none that exists), so `[dev]` never labels a prod-only entry; synth validates every
 * environment at once (`loadEnvironments`), so a broken entry still stops every synth. The rules
 * that need an environment (instance class, baseline, writer kind, reader floor) apply to the
 * entries that list this one; the lead-time rule applies to every environment.
 */
export function loadCalendar(env: EnvironmentConfig, options: LoadCalendarOptions): LoadedCalendar {
  const inputs = options.campaigns ?? CAMPAIGNS;
  const { campaigns, problems } = validateCampaignInputs(inputs);
  const known = new Set<string>([...environmentNames(), env.name]);
  const all: Problem[] = [];
  inputs.forEach((input, index) => {
    const envs = (input as { environments?: unknown }).environments;
    if (!Array.isArray(envs)) return;
    const label = entryLabelFor(input, index);
    envs.forEach((name, i) => {
      if (typeof name === 'string' && !known.has(name)) {
        all.push({
          path: `${label}.environments[${i}]`,
          message: `"${name}" is not an environment. Fix: use one of ${[...known].join(', ')}.`,
        });
      }
    });
  });
  all.push(...problems);
  // Each entry's own problems are reported under the environments it lists (all of them when it lists none we know).
  const mineLabels = new Set(inputs.flatMap((input, index) => (appliesTo(input, env.name, known) ? [entryLabelFor(input, index)] : [])));
  const own = all.filter((p) => mineLabels.has(labelOf(p.path)));
  const mine = campaigns.filter((c) => c.environments.includes(env.name));
  for (const campaign of mine) own.push(...environmentRules(env, campaign));
  // The lead-time rule holds for every environment, with or without a campaign today: one may be added any time.
  const kind = env.database.writer.kind;
  const needed = minimumLeadTimeMinutes(kind, env.preScaler.scheduleRateMinutes);
  if (env.preScaler.leadTimeMinutes < needed) {
    own.push({
      path: 'preScaler.leadTimeMinutes',
      message: `is ${env.preScaler.leadTimeMinutes} minutes, but a ${kind} writer needs about ${needed} minutes to reach a campaign's capacity (${kind === 'provisioned' ? 'add a spare reader, resize the standby, fail over, resize the old writer' : 'raise the capacity range, add readers'}, one ${env.preScaler.scheduleRateMinutes}-minute run between steps). Fix: set leadTimeMinutes to ${needed} or more.`,
    });
  }
  if (own.length > 0)
    throw new ConfigError(
      env.name,
      own.map((p) => `[${env.name}] ${p.path}: ${p.message}`),
    );
  const mineIds = new Set(mine.map((c) => c.id));
  return {
    campaigns: mine,
    inputs: inputs.filter((input) => mineIds.has(input.id)),
    warnings: calendarWarnings(env, mine, options.now.getTime()),
  };
}

/** An entry applies to the environments it lists; one that lists none we know (or no readable list) applies to all. */
function appliesTo(input: unknown, environment: string, known: ReadonlySet<string>): boolean {
  const envs = (input as { environments?: unknown } | null)?.environments;
  if (!Array.isArray(envs)) return true;
  const names = envs.filter((e): e is string => typeof e === 'string');
  return names.includes(environment) || !names.some((n) => known.has(n));
}

/** `campaigns["id"]` or `campaigns[3]`: the entry part of a problem path. */
function labelOf(path: string): string {
  const match = /^campaigns\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/.exec(path);
  return match ? match[0] : path;
}

function entryLabelFor(input: unknown, index: number): string {
  const id = (input as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 ? `campaigns[${JSON.stringify(id)}]` : `campaigns[${index}]`;
}

function environmentRules(env: EnvironmentConfig, campaign: Campaign): Problem[] {
  const label = `campaigns[${JSON.stringify(campaign.id)}]`;
  const out: Problem[] = [];
  const base = env.database.writer;
  const target = campaign.writer;
  if (target.kind !== base.kind) {
    out.push({
      path: `${label}.writer`,
      message:
        base.kind === 'provisioned'
          ? `sets ACU capacity, but the ${env.name} writer is provisioned (${base.instanceClass}). Fix: set { instanceClass: "…" } at least ${base.instanceClass}, or split the entry per environment.`
          : `sets instanceClass, but the ${env.name} writer is Serverless v2 (${base.minCapacity}–${base.maxCapacity} ACU). Fix: set { minCapacity: … } in ACU, or split the entry per environment.`,
    });
  } else if (target.kind === 'provisioned' && base.kind === 'provisioned') {
    if (!instanceClassSpec(target.instanceClass)) {
      out.push({
        path: `${label}.writer.instanceClass`,
        message: `"${target.instanceClass}" is not an instance class Aurora offers in this project's catalogue. Fix: use one of ${knownClassesHint(target.instanceClass)} (or add it to config/instance-classes.ts).`,
      });
    } else if (instanceClassSpec(base.instanceClass) && compareInstanceClasses(target.instanceClass, base.instanceClass) < 0) {
      out.push({
        path: `${label}.writer.instanceClass`,
        message: `${target.instanceClass} is smaller than the ${env.name} baseline writer ${base.instanceClass}; a campaign can only add capacity. Fix: use ${base.instanceClass} or larger.`,
      });
    }
  } else if (target.kind === 'serverless-v2' && base.kind === 'serverless-v2') {
    if (target.minCapacity < base.minCapacity) {
      out.push({
        path: `${label}.writer.minCapacity`,
        message: `${target.minCapacity} ACU is below the ${env.name} baseline minimum ${base.minCapacity} ACU; a campaign can only add capacity. Fix: use ${base.minCapacity} ACU or more.`,
      });
    }
    if (target.maxCapacity !== undefined && target.maxCapacity < base.maxCapacity) {
      out.push({
        path: `${label}.writer.maxCapacity`,
        message: `${target.maxCapacity} ACU is below the ${env.name} baseline maximum ${base.maxCapacity} ACU; a campaign can only add capacity. Fix: remove maxCapacity or set it to ${base.maxCapacity} ACU or more.`,
      });
    }
  }
  const max = env.readerAutoScaling.maxReplicas;
  if (campaign.readerFloor > max) {
    out.push({
      path: `${label}.readerFloor`,
      message: `${campaign.readerFloor} is above the ${env.name} reader autoscaling maximum (readerAutoScaling.maxReplicas = ${max}), so the floor could never be set. Fix: lower readerFloor to ${max} or raise readerAutoScaling.maxReplicas.`,
    });
  }
  return out;
}

function calendarWarnings(env: EnvironmentConfig, campaigns: readonly Campaign[], nowMs: number): string[] {
  const warnings: string[] = [];
  const label = (c: Campaign) => `campaigns[${JSON.stringify(c.id)}]`;
  for (const [i, a] of campaigns.entries()) {
    for (const b of campaigns.slice(i + 1)) {
      const overlap = firstOverlap(a, b, nowMs);
      if (overlap) {
        warnings.push(
          `[${env.name}] ${label(a)} overlaps ${label(b)} (from ${formatInstant(overlap.startMs)} to ${formatInstant(overlap.endMs)}): while both run, the larger target of each dimension applies.`,
        );
      }
    }
  }
  const lead = env.preScaler.leadTimeMinutes * MINUTE;
  for (const c of campaigns) {
    const s = c.schedule;
    const endedMs = s.kind === 'once' ? s.endMs : s.validUntil !== undefined ? Date.parse(`${s.validUntil}T23:59:59Z`) + DAY : undefined;
    if (endedMs !== undefined && endedMs < nowMs - PRUNE_AFTER_DAYS * DAY) {
      warnings.push(
        `[${env.name}] ${label(c)} ended ${formatInstant(endedMs)}, more than ${PRUNE_AFTER_DAYS} days ago. Prune it from config/campaigns.ts: it has no effect any more.`,
      );
      continue;
    }
    if (s.kind === 'once' && s.startMs - lead <= nowMs && nowMs < s.startMs) {
      warnings.push(
        `[${env.name}] ${label(c)} starts ${formatInstant(s.startMs)}, in ${formatDuration(s.startMs - nowMs)}: inside the ${env.preScaler.leadTimeMinutes}-minute lead time. The pre-scaler acts at once, but capacity may be late; run \`npm run plan -- --env ${env.name}\` to see when it will be ready.`,
      );
    }
  }
  if (env.preScaler.dryRun && campaigns.length > 0) {
    warnings.push(
      `[${env.name}] preScaler.dryRun is on: the pre-scaler only logs its plan and will not scale for ${campaigns.map((c) => c.id).join(', ')}.`,
    );
  }
  return warnings;
}

/** The first period where both campaigns run; weekly windows are compared over the coming year. */
function firstOverlap(a: Campaign, b: Campaign, nowMs: number): { startMs: number; endMs: number } | undefined {
  const [first, second] = a.schedule.kind === 'once' ? [a, b] : [b, a];
  const range =
    first.schedule.kind === 'once'
      ? { from: first.schedule.startMs, to: first.schedule.endMs }
      : { from: nowMs, to: nowMs + WEEKLY_OVERLAP_HORIZON_MS };
  for (const w of windowsBetween(first, range.from, range.to).sort((x, y) => x.startMs - y.startMs)) {
    const hit = windowsBetween(second, w.startMs, w.endMs).sort((x, y) => x.startMs - y.startMs)[0];
    if (hit) return { startMs: Math.max(w.startMs, hit.startMs), endMs: Math.min(w.endMs, hit.endMs) };
  }
  return undefined;
}

/** The planner's view of an environment (serialised into the pre-scaler Lambda with the calendar). */
export function plannerSettingsFor(env: EnvironmentConfig): PlannerSettings {
  const w = env.database.writer;
  const p = env.preScaler;
  return {
    environment: env.name,
    baseline: {
      writer:
        w.kind === 'provisioned'
          ? { kind: 'provisioned', instanceClass: w.instanceClass }
          : { kind: 'serverless-v2', minCapacity: w.minCapacity, maxCapacity: w.maxCapacity },
      readerFloor: env.readerAutoScaling.minReplicas,
    },
    leadTimeMinutes: p.leadTimeMinutes,
    coolDownMinutes: p.coolDownMinutes,
    scaleDownCpuGuardPercent: p.scaleDownCpuGuardPercent,
    ...(p.lowTrafficWindow ? { lowTrafficWindow: { daily: p.lowTrafficWindow.daily, timeZone: p.lowTrafficWindow.timeZone } } : {}),
    ...(p.failoverMaxReplicaLagMs !== undefined ? { failoverMaxReplicaLagMs: p.failoverMaxReplicaLagMs } : {}),
    instanceClassSizes: Object.fromEntries([...INSTANCE_CLASSES].map(([name, s]) => [name, { memoryGiB: s.memoryGiB, vcpus: s.vcpus }])),
  };
}
