import type { EnvironmentConfig } from '../../config/schema/environment';
import { plannerSettingsFor } from '../../config/load-calendar';
import { formatDuration, formatInstant, windowsBetween, type Campaign, type CampaignWindow } from '../../lambda/pre-scaler/core';
import { reactiveSettingsLine } from './reactive-settings-summary';
import { baselineCluster, runSimulationSync, seededRandom, WORST_CASE_DURATIONS, type RunRecord } from '../simulator';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** A margin below this between "ready" and the start is flagged as tight. */
export const TIGHT_MARGIN_MS = 15 * MINUTE;

export interface PlanOptions {
  /** Where the simulation starts; the cluster is assumed at its baseline then. */
  readonly now: Date;
  /** Show only these campaigns (the simulation still runs the whole calendar). @default - every campaign */
  readonly campaignIds?: readonly string[];
  /** How far ahead to look. @default 400 */
  readonly horizonDays?: number;
  /** Occurrences shown per weekly campaign. @default 3 */
  readonly weeklyOccurrences?: number;
}

/** One campaign occurrence and what the simulated pre-scaler does for it. Instants are epoch ms. */
export interface PlanRow {
  readonly campaignId: string;
  readonly startMs: number;
  readonly endMs: number;
  /** e.g. `db.r6g.4xlarge, 4 readers` or `4–16 ACU, 2 readers`. */
  readonly target: string;
  /** First scale-up step for this campaign. @default - none needed (capacity already there) */
  readonly scaleUpStartMs?: number;
  /** The failover to the resized standby (provisioned only). @default - none */
  readonly failoverMs?: number;
  /** First run with capacity at least the target. @default - never within the simulation */
  readonly readyMs?: number;
  /** start − ready; negative when late. @default - none (not ready, or already running at the simulation start) */
  readonly marginMs?: number;
  /** First scale-down step after end + cool-down. @default - none in the simulation */
  readonly scaleBackStartMs?: number;
  /** First run back at the baseline after end + cool-down. @default - not within the simulation */
  readonly baselineMs?: number;
  /** Late, tight, overlaps, held scale-downs, failovers inside a campaign. */
  readonly notes: readonly string[];
  /** The zone the entry's times are written in (IANA name or a fixed offset such as `UTC+1`). */
  readonly timeZone: string;
}

/** A failover the simulated pre-scaler takes. */
export interface PlannedFailover {
  readonly atMs: number;
  readonly direction: 'up' | 'down';
  /** The campaign it is for (a scale-down names the campaign that ended). @default - none */
  readonly campaignId?: string;
  /** Campaigns whose [start, end) it falls in: writes are interrupted while they run. */
  readonly insideCampaigns: readonly string[];
}

export interface Plan {
  readonly environment: string;
  readonly nowMs: number;
  /** What the simulation assumes, one sentence each. */
  readonly assumptions: readonly string[];
  readonly rows: readonly PlanRow[];
  /** Environment-wide warnings (dry run, weekly campaigns cut to a few rows, entries past the horizon). */
  readonly warnings: readonly string[];
  /** Every planned failover of the simulation (from `nowMs` to `untilMs`), in time order. */
  readonly failovers: readonly PlannedFailover[];
  /** Where the simulation stops. */
  readonly untilMs: number;
  /** The environment's reactive scale-up in one line (thresholds, ceiling, cooldown). */
  readonly reactive: string;
  /** For each weekly campaign shown: its planned failovers per occurrence and per week. */
  readonly weeklyFailovers: readonly { readonly campaignId: string; readonly perOccurrence: number; readonly perWeek: number }[];
}

function describeTarget(c: Campaign): string {
  const w = c.writer;
  const writer =
    w.kind === 'provisioned' ? w.instanceClass : `${w.minCapacity}${w.maxCapacity !== undefined ? `–${w.maxCapacity}` : '+'} ACU`;
  return `${writer}, ${c.readerFloor} reader${c.readerFloor === 1 ? '' : 's'}`;
}

/** The occurrences to show: upcoming or in force at `now`, within the horizon; a few per weekly campaign. */
function occurrencesToShow(campaigns: readonly Campaign[], nowMs: number, coolMs: number, options: PlanOptions): CampaignWindow[] {
  const horizon = nowMs + (options.horizonDays ?? 400) * DAY;
  const shown = options.campaignIds ? new Set(options.campaignIds) : undefined;
  return campaigns
    .filter((c) => !shown || shown.has(c.id))
    .flatMap((c) => {
      const all = windowsBetween(c, nowMs - coolMs, horizon)
        .filter((w) => w.endMs + coolMs > nowMs)
        .sort((a, b) => a.startMs - b.startMs);
      return c.schedule.kind === 'weekly' ? all.slice(0, options.weeklyOccurrences ?? 3) : all;
    })
    .sort((a, b) => a.startMs - b.startMs || a.campaignId.localeCompare(b.campaignId));
}

/**
 * Simulates the pre-scaler for an environment's calendar from `now` (cluster at its baseline,
 * worst-case AWS durations, CPU below the guard) and reads, per campaign occurrence, when each
 * step happens. This is what `npm run plan` prints and the PR report embeds.
 */
export function buildPlan(env: EnvironmentConfig, campaigns: readonly Campaign[], options: PlanOptions): Plan {
  const settings = plannerSettingsFor(env);
  const reactive = reactiveSettingsLine(settings.reactive, env.preScaler.dryRun);
  const mine = campaigns.filter((c) => c.environments.includes(env.name));
  const tick = env.preScaler.scheduleRateMinutes * MINUTE;
  const lead = env.preScaler.leadTimeMinutes * MINUTE;
  const cool = env.preScaler.coolDownMinutes * MINUTE;
  const nowMs = Math.floor(options.now.getTime() / tick) * tick;
  const rows = occurrencesToShow(mine, nowMs, cool, options);
  const warnings: string[] = [];
  if (env.preScaler.dryRun)
    warnings.push(`preScaler.dryRun is on in ${env.name}: the pre-scaler will only log these steps, not take them.`);
  for (const c of mine.filter((c) => c.schedule.kind === 'weekly' && (!options.campaignIds || options.campaignIds.includes(c.id)))) {
    warnings.push(`${c.id} repeats weekly: only its next ${options.weeklyOccurrences ?? 3} occurrences are shown.`);
  }
  const assumptions = [
    `the cluster is at its baseline at ${new Date(nowMs).toISOString().slice(0, 16)}Z (${describeBaseline(env)})`,
    `AWS takes the longest usual time for each step (resize ${WORST_CASE_DURATIONS.resizeInstance.max} min, failover ${WORST_CASE_DURATIONS.failover.max} min, new reader ${WORST_CASE_DURATIONS.addReader.max} min)`,
    `the pre-scaler runs every ${env.preScaler.scheduleRateMinutes} min; lead time ${env.preScaler.leadTimeMinutes} min, cool-down ${env.preScaler.coolDownMinutes} min`,
    `writer CPU stays below the ${env.preScaler.scaleDownCpuGuardPercent}% scale-down guard${env.preScaler.lowTrafficWindow ? `; scale-downs wait for ${env.preScaler.lowTrafficWindow.daily} ${env.preScaler.lowTrafficWindow.timeZone}` : ''}`,
  ];
  warnings.push(...pastHorizonWarnings(mine, nowMs, options));
  if (rows.length === 0)
    return { environment: env.name, nowMs, assumptions, rows: [], warnings, failovers: [], untilMs: nowMs, weeklyFailovers: [], reactive };

  const lastEnd = Math.max(...rows.map((r) => r.endMs));
  const model = baselineCluster(settings, {
    startMs: nowMs,
    readerMax: env.readerAutoScaling.maxReplicas,
    durations: WORST_CASE_DURATIONS,
    random: seededRandom(1),
  });
  const { runs } = runSimulationSync({
    calendar: mine,
    settings,
    model,
    untilMs: lastEnd + cool + 2 * DAY,
    tickMinutes: env.preScaler.scheduleRateMinutes,
    skipIdle: true,
  });
  const failovers = plannedFailovers(runs, mine);
  return {
    environment: env.name,
    nowMs,
    assumptions,
    rows: rows.map((w) => rowFor(w, mine, runs, lead, cool, nowMs, failovers)),
    warnings,
    failovers,
    reactive,
    untilMs: lastEnd + cool + 2 * DAY,
    weeklyFailovers: mine.flatMap((c) => {
      const shown = rows.filter((r) => r.campaignId === c.id);
      const first = shown[0];
      if (c.schedule.kind !== 'weekly' || !first) return [];
      // The failovers of its first shown occurrence: from two lead times before it to the next occurrence's lead time.
      const next = shown[1]?.startMs ?? first.endMs + 7 * DAY;
      const perOccurrence = failovers.filter(
        (f) => f.campaignId === c.id && f.atMs >= first.startMs - 2 * lead && f.atMs < Math.min(next - lead, first.endMs + cool + 2 * DAY),
      ).length;
      return [{ campaignId: c.id, perOccurrence, perWeek: perOccurrence * c.schedule.days.length }];
    }),
  };
}

/** The failovers the simulation executed, each with the campaigns it falls inside. */
function plannedFailovers(runs: readonly RunRecord[], campaigns: readonly Campaign[]): PlannedFailover[] {
  return runs
    .filter((r) => r.outcome === 'executed' && r.action.kind === 'failover')
    .map((r) => {
      const a = r.action as Extract<RunRecord['action'], { kind: 'failover' }>;
      const inside = campaigns.filter((c) => windowsBetween(c, r.atMs, r.atMs + 1).length > 0).map((c) => c.id);
      return { atMs: r.atMs, direction: a.direction, ...(a.campaignId ? { campaignId: a.campaignId } : {}), insideCampaigns: inside };
    });
}

/** Entries the horizon hides: they start after it and have no occurrence before it. */
function pastHorizonWarnings(campaigns: readonly Campaign[], nowMs: number, options: PlanOptions): string[] {
  const days = options.horizonDays ?? 400;
  const horizon = nowMs + days * DAY;
  return campaigns
    .filter((c) => !options.campaignIds || options.campaignIds.includes(c.id))
    .flatMap((c) => {
      const s = c.schedule;
      const firstMs = s.kind === 'once' ? s.startMs : s.validFrom !== undefined ? Date.parse(`${s.validFrom}T00:00Z`) : undefined;
      if (firstMs === undefined || firstMs <= horizon) return [];
      return [
        `${c.id} starts ${formatInstant(firstMs)}, after the plan's ${days}-day horizon, so it is not shown. Run \`npm run plan -- --days ${Math.ceil((firstMs - nowMs) / DAY) + 1}\` to see it.`,
      ];
    });
}

function describeBaseline(env: EnvironmentConfig): string {
  const w = env.database.writer;
  const writer = w.kind === 'provisioned' ? `${w.instanceClass} writer and standby` : `${w.minCapacity}–${w.maxCapacity} ACU`;
  return `${writer}, reader floor ${env.readerAutoScaling.minReplicas}`;
}

function rowFor(
  w: CampaignWindow,
  campaigns: readonly Campaign[],
  runs: readonly RunRecord[],
  leadMs: number,
  coolMs: number,
  nowMs: number,
  failovers: readonly PlannedFailover[],
): PlanRow {
  const campaign = campaigns.find((c) => c.id === w.campaignId) as Campaign;
  const inForceFrom = w.startMs - leadMs;
  const until = w.endMs + coolMs;
  const mine = (r: RunRecord) => r.desired?.inForce.some((f) => f.campaignId === w.campaignId && f.startMs === w.startMs) ?? false;
  const executedUp = runs.filter(
    (r) =>
      r.outcome === 'executed' &&
      r.action.campaignId === w.campaignId &&
      'direction' in r.action &&
      r.action.direction === 'up' &&
      r.atMs >= inForceFrom - leadMs &&
      r.atMs < w.endMs,
  );
  const scaleUpStartMs = executedUp[0]?.atMs;
  const failoverMs = executedUp.find((r) => r.action.kind === 'failover')?.atMs;
  const readyMs = runs.find((r) => mine(r) && r.assessment?.ready)?.atMs;
  const downs = runs.filter((r) => r.outcome === 'executed' && 'direction' in r.action && r.action.direction === 'down' && r.atMs >= until);
  const scaleBackStartMs = downs[0]?.atMs;
  const baselineMs = runs.find((r) => r.atMs >= until && r.desired?.inForce.length === 0 && r.assessment?.converged)?.atMs;

  const notes: string[] = [];
  if (w.startMs <= nowMs) {
    notes.push('already running when the simulation starts (from the baseline), so its times are only indicative');
  } else {
    if (readyMs === undefined) notes.push('**not ready** before the campaign ends');
    else if (readyMs > w.startMs) notes.push(`**LATE** by ${formatDuration(readyMs - w.startMs)}`);
    else if (w.startMs - readyMs < TIGHT_MARGIN_MS) notes.push('tight margin');
    if (inForceFrom < nowMs) notes.push(`starts inside the lead time (in ${formatDuration(w.startMs - nowMs)})`);
  }
  if (scaleUpStartMs === undefined && readyMs !== undefined) notes.push('capacity already there (no step needed)');
  const overlapping = campaigns.filter((c) => c.id !== w.campaignId && windowsBetween(c, w.startMs, w.endMs).length > 0).map((c) => c.id);
  if (overlapping.length > 0) notes.push(`overlaps ${overlapping.join(', ')}`);
  const afterCoolDown = runs.find((r) => r.atMs >= until);
  const keptFor = [...new Set(afterCoolDown?.desired?.inForce.map((f) => f.campaignId) ?? [])].filter((id) => id !== w.campaignId);
  if (keptFor.length > 0) notes.push(`capacity kept for ${keptFor.join(', ')}`);
  const heldForWindow = runs.some(
    (r) =>
      r.atMs >= until &&
      (baselineMs === undefined || r.atMs < baselineMs) &&
      r.action.kind === 'wait' &&
      r.action.waitingFor === 'low-traffic-window',
  );
  if (heldForWindow) notes.push('scale-down waits for the low-traffic window');
  // A failover while a campaign runs interrupts its writes: say which campaign needs it, and inside which.
  for (const f of failovers) {
    const inside = f.insideCampaigns.filter((id) => id !== f.campaignId);
    if (f.campaignId === w.campaignId && f.insideCampaigns.includes(w.campaignId) && f.atMs >= w.startMs && f.atMs < w.endMs)
      notes.push(`**its failover at ${formatInstant(f.atMs)} falls inside the campaign**`);
    if (f.campaignId === w.campaignId && inside.length > 0)
      notes.push(`**needs a failover at ${formatInstant(f.atMs)}, inside ${inside.join(', ')}** (added too late to scale up before it)`);
    if (
      f.atMs >= w.startMs &&
      f.atMs < w.endMs &&
      f.insideCampaigns.includes(w.campaignId) &&
      f.campaignId !== undefined &&
      f.campaignId !== w.campaignId
    )
      notes.push(`**a failover at ${formatInstant(f.atMs)} for ${f.campaignId} interrupts writes during this campaign**`);
  }
  return {
    campaignId: w.campaignId,
    startMs: w.startMs,
    endMs: w.endMs,
    target: describeTarget(campaign),
    ...(scaleUpStartMs !== undefined ? { scaleUpStartMs } : {}),
    ...(failoverMs !== undefined ? { failoverMs } : {}),
    ...(readyMs !== undefined ? { readyMs } : {}),
    ...(readyMs !== undefined && w.startMs > nowMs ? { marginMs: w.startMs - readyMs } : {}),
    ...(scaleBackStartMs !== undefined ? { scaleBackStartMs } : {}),
    ...(baselineMs !== undefined ? { baselineMs } : {}),
    notes,
    timeZone: campaign.timeZone ?? 'UTC',
  };
}
