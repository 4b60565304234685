import {
  validateEnvironmentCalendar,
  windowsBetween,
  formatInstant,
  formatDuration,
  type CalendarRules,
  type Campaign,
  type CampaignInput,
  type PlannerSettings,
  type ReactiveSettings,
  type WriterCapacity,
} from '../lambda/pre-scaler/core';
import { CAMPAIGNS } from './campaigns';
import { INSTANCE_CLASSES } from './instance-classes';
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

/**
 * Validates the campaign calendar for one environment, all problems at once, and returns that
 * environment's campaigns with warnings. Throws a {@link ConfigError} listing every problem as
 * `[env] campaigns["<id>"].field: what is wrong. Fix: …`.
 *
 * Entries are checked on their own whatever environments they list (a broken entry fails every
 * synth); the rules that need an environment (instance class, baseline, writer kind, reader floor)
 * apply to the entries that list this one.
 */
export function loadCalendar(env: EnvironmentConfig, options: LoadCalendarOptions): LoadedCalendar {
  const inputs = options.campaigns ?? CAMPAIGNS;
  const { campaigns: mine, problems } = validateEnvironmentCalendar({
    settings: plannerSettingsFor(env),
    rules: calendarRulesFor(env),
    campaigns: inputs,
  });
  if (problems.length > 0)
    throw new ConfigError(
      env.name,
      problems.map((p) => `[${env.name}] ${p.path}: ${p.message}`),
    );
  const mineIds = new Set(mine.map((c) => c.id));
  return {
    campaigns: mine,
    inputs: inputs.filter((input) => mineIds.has(input.id)),
    warnings: calendarWarnings(env, mine, options.now.getTime()),
  };
}

/** The facts beyond the planner settings that {@link validateEnvironmentCalendar} checks an environment's calendar with. */
export function calendarRulesFor(env: EnvironmentConfig): CalendarRules {
  return {
    knownEnvironments: environmentNames(),
    readerMaxReplicas: env.readerAutoScaling.maxReplicas,
    scheduleRateMinutes: env.preScaler.scheduleRateMinutes,
  };
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

export interface PlannerSettingsOptions {
  /**
   * The engine's `max_connections` for a writer capacity (lib/connection-budget.ts's formula, which
   * config may not import): with it, the reactive settings carry each writer's limit and the
   * connections threshold is watched. @default - the connections signal is not watched
   */
  readonly maxConnectionsOf?: (capacity: WriterCapacity) => number;
}

/** The planner's view of an environment (serialised into the pre-scaler Lambda with the calendar). */
export function plannerSettingsFor(env: EnvironmentConfig, options: PlannerSettingsOptions = {}): PlannerSettings {
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
    ...(p.reactive ? { reactive: reactiveSettingsFor(env, options) } : {}),
    instanceClassSizes: Object.fromEntries([...INSTANCE_CLASSES].map(([name, s]) => [name, { memoryGiB: s.memoryGiB, vcpus: s.vcpus }])),
  };
}

/**
 * The reactive settings of an environment as the planner reads them: the config block with its
 * defaults, and the `max_connections` of every writer an emergency step may reach (the baseline's
 * family from the baseline to the ceiling; `db.serverless` from the baseline maximum ACU, which
 * `max_connections` follows until a reboot).
 */
export function reactiveSettingsFor(env: EnvironmentConfig, options: PlannerSettingsOptions = {}): ReactiveSettings {
  const r = env.preScaler.reactive;
  if (!r) throw new Error(`[${env.name}] preScaler.reactive is not set`);
  const w = env.database.writer;
  const maxConnectionsOf = options.maxConnectionsOf;
  let writerMaxConnections: Record<string, number> | undefined;
  if (maxConnectionsOf) {
    if (w.kind === 'provisioned') {
      const family = w.instanceClass.split('.')[1];
      const top = r.ceiling.kind === 'provisioned' ? INSTANCE_CLASSES.get(r.ceiling.instanceClass) : undefined;
      const base = INSTANCE_CLASSES.get(w.instanceClass);
      writerMaxConnections = Object.fromEntries(
        [...INSTANCE_CLASSES.values()]
          .filter((c) => c.name.split('.')[1] === family && base && c.memoryGiB >= base.memoryGiB && (!top || c.memoryGiB <= top.memoryGiB))
          .map((c) => [c.name, maxConnectionsOf({ kind: 'provisioned', instanceClass: c.name })]),
      );
    } else {
      writerMaxConnections = {
        'db.serverless': maxConnectionsOf({ kind: 'serverless-v2', minCapacity: w.minCapacity, maxCapacity: w.maxCapacity }),
      };
    }
  }
  return {
    enabled: r.enabled,
    sustainedMinutes: r.sustainedMinutes,
    writerCpuPercent: r.writerCpuPercent,
    writerConnectionsPercent: r.writerConnectionsPercent,
    ...(r.proxyBorrowLatencyMicros !== undefined ? { proxyBorrowLatencyMicros: r.proxyBorrowLatencyMicros } : {}),
    ...(r.proxyClientConnections !== undefined ? { proxyClientConnections: r.proxyClientConnections } : {}),
    ceiling: r.ceiling,
    readerFloorStep: r.readerFloorStep,
    cooldownMinutes: r.cooldownMinutes,
    quietMinutes: r.quietMinutes,
    ...(writerMaxConnections ? { writerMaxConnections } : {}),
  };
}
