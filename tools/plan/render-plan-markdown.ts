import { DateTime } from 'luxon';
import { loadConfig } from '../../config/load-config';
import { loadCalendar } from '../../config/load-calendar';
import type { EnvironmentConfig } from '../../config/schema/environment';
import { type Campaign, type CampaignInput, formatInstant } from '../../lambda/pre-scaler/core';
import { formatPlanCostMarkdown } from '../review/plan-cost';
import { buildPlan, type Plan, type PlanOptions } from './build-plan';

export interface RenderPlanOptions extends PlanOptions {
  /** IANA zone the times are printed in. @default - each campaign's own zone, with UTC beside */
  readonly timeZone?: string;
}

/**
 * The plan of an environment's campaigns as Markdown (a table that renders in a PR comment).
 *
 * `env` is a validated environment or its name; `campaigns` are validated campaigns (from
 * `loadCalendar`) or raw calendar entries (such as `CAMPAIGNS`), which are validated here.
 */
export function renderPlanMarkdown(
  env: EnvironmentConfig | string,
  campaigns: readonly (Campaign | CampaignInput)[],
  options: RenderPlanOptions,
): string {
  const config = typeof env === 'string' ? loadConfig(env) : env;
  const resolved = resolveCampaigns(config, campaigns, options.now);
  const plan = buildPlan(config, resolved, options);
  return formatPlanMarkdown(plan, options.timeZone) + formatPlanCostMarkdown(plan, config, resolved);
}

/** Validated campaigns for the environment, whichever form they were given in. */
export function resolveCampaigns(env: EnvironmentConfig, campaigns: readonly (Campaign | CampaignInput)[], now: Date): Campaign[] {
  const isValidated = (c: Campaign | CampaignInput): c is Campaign => 'schedule' in c;
  if (campaigns.every(isValidated)) return campaigns.filter((c) => c.environments.includes(env.name));
  return [...loadCalendar(env, { now, campaigns: campaigns as CampaignInput[] }).campaigns];
}

const HEADERS = [
  'Campaign',
  'Window',
  'Target',
  'Scale-up starts',
  'Failover',
  'Ready',
  'Margin',
  'Scale-back starts',
  'At baseline',
  'Notes',
];

/**
 * How long a planned failover interrupts writes, as AWS states it: service is typically restored in
 * under 60 seconds, often under 30 (RDS Proxy keeps client connections open meanwhile).
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html#Aurora.Managing.FaultTolerance
 */
export const FAILOVER_WRITE_INTERRUPTION =
  'each interrupts writes for up to about a minute (AWS: service is typically restored in under 60 seconds, often under 30; RDS Proxy keeps client connections open)';

/**
 * Renders a built plan as Markdown. Times are shown in each entry's own time zone with UTC beside
 * them, or all in `timeZone` when one is given.
 */
export function formatPlanMarkdown(plan: Plan, timeZone?: string): string {
  const lines = [`### Campaign plan: ${plan.environment}`, '', plan.reactive, ''];
  if (plan.rows.length === 0) {
    lines.push(`No upcoming campaign in ${plan.environment}.`);
  } else {
    const where = timeZone === undefined ? "each campaign's own time zone" : timeZone === 'UTC' ? 'UTC' : `${timeZone} time`;
    lines.push(
      `Times in ${where}${timeZone === 'UTC' ? '' : ', UTC in brackets'}. Simulated, assuming ${plan.assumptions.join('; ')}.`,
      '',
    );
    lines.push(`| ${HEADERS.join(' | ')} |`, `|${HEADERS.map(() => '---').join('|')}|`);
    for (const r of plan.rows) {
      const zone = timeZone ?? r.timeZone;
      const t = (ms: number | undefined) => (ms === undefined ? '—' : localWithUtc(ms, zone));
      const cells = [
        `\`${r.campaignId}\``,
        `${t(r.startMs)} → ${t(r.endMs)}${zone === 'UTC' ? ' UTC' : ` ${zone}`}`,
        r.target,
        t(r.scaleUpStartMs),
        t(r.failoverMs),
        t(r.readyMs),
        r.marginMs === undefined ? '—' : r.marginMs < 0 ? `−${duration(-r.marginMs)}` : duration(r.marginMs),
        t(r.scaleBackStartMs),
        t(r.baselineMs),
        r.notes.join('; '),
      ];
      lines.push(`| ${cells.map(escapeCell).join(' | ')} |`);
    }
    lines.push('', failoverSummary(plan));
    for (const w of plan.weeklyFailovers)
      lines.push(
        `- \`${w.campaignId}\` repeats weekly: ${w.perOccurrence} planned failover${w.perOccurrence === 1 ? '' : 's'} per occurrence, ${w.perWeek} every week.`,
      );
  }
  if (plan.warnings.length > 0) lines.push('', ...plan.warnings.map((w) => `> ⚠️ ${w}`));
  return `${lines.join('\n')}\n`;
}

function failoverSummary(plan: Plan): string {
  const n = plan.failovers.length;
  const inside = plan.failovers.filter((f) => f.insideCampaigns.length > 0).length;
  const during = inside > 0 ? ` **${inside} of them during a campaign.**` : '';
  const span = `from ${formatInstant(plan.nowMs)} to ${formatInstant(plan.untilMs)}`;
  return `**Planned failovers: ${n}** ${span}${n > 0 ? `; ${FAILOVER_WRITE_INTERRUPTION}` : ''}.${during}`;
}

/** `2026-11-27 00:00 (23:00 UTC)`; the UTC date is added when it differs; plain when the zone is UTC. */
function localWithUtc(ms: number, zone: string): string {
  const local = DateTime.fromMillis(ms, { zone });
  const utc = DateTime.fromMillis(ms, { zone: 'UTC' });
  if (zone === 'UTC' || local.offset === 0) return local.toFormat('yyyy-MM-dd HH:mm');
  const sameDay = local.toISODate() === utc.toISODate();
  return `${local.toFormat('yyyy-MM-dd HH:mm')} (${utc.toFormat(sameDay ? 'HH:mm' : 'MM-dd HH:mm')} UTC)`;
}

function duration(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The plan as plain JSON (instants as ISO strings), for machines. */
export function planToJson(plan: Plan): unknown {
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  return {
    environment: plan.environment,
    now: iso(plan.nowMs),
    assumptions: plan.assumptions,
    reactive: plan.reactive,
    warnings: plan.warnings,
    campaigns: plan.rows.map((r) => ({
      id: r.campaignId,
      start: iso(r.startMs),
      end: iso(r.endMs),
      target: r.target,
      scaleUpStarts: iso(r.scaleUpStartMs),
      failover: iso(r.failoverMs),
      ready: iso(r.readyMs),
      marginMinutes: r.marginMs === undefined ? null : Math.round(r.marginMs / 60_000),
      late: r.marginMs !== undefined && r.marginMs < 0,
      scaleBackStarts: iso(r.scaleBackStartMs),
      atBaseline: iso(r.baselineMs),
      timeZone: r.timeZone,
      notes: r.notes,
    })),
    plannedFailovers: plan.failovers.map((f) => ({
      at: iso(f.atMs),
      direction: f.direction,
      campaign: f.campaignId ?? null,
      insideCampaigns: f.insideCampaigns,
    })),
    weeklyFailovers: plan.weeklyFailovers,
  };
}
