import { DateTime } from 'luxon';
import { loadConfig } from '../../config/load-config';
import { loadCalendar } from '../../config/load-calendar';
import type { EnvironmentConfig } from '../../config/schema/environment';
import type { Campaign, CampaignInput } from '../../lambda/pre-scaler/core';
import { formatPlanCostMarkdown } from '../review/plan-cost';
import { buildPlan, type Plan, type PlanOptions } from './build-plan';

export interface RenderPlanOptions extends PlanOptions {
  /** IANA zone the times are printed in. @default 'UTC' */
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
  return formatPlanMarkdown(plan, options.timeZone ?? 'UTC') + formatPlanCostMarkdown(plan, config, resolved);
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

/** Renders a built plan as Markdown, times in `timeZone`. */
export function formatPlanMarkdown(plan: Plan, timeZone = 'UTC'): string {
  const t = (ms: number | undefined) => (ms === undefined ? '—' : DateTime.fromMillis(ms, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm'));
  const zoneLabel = timeZone === 'UTC' ? 'UTC' : `${timeZone} time`;
  const lines = [`### Campaign plan: ${plan.environment}`, ''];
  if (plan.rows.length === 0) {
    lines.push(`No upcoming campaign in ${plan.environment}.`);
  } else {
    lines.push(`Times in ${zoneLabel}. Simulated, assuming ${plan.assumptions.join('; ')}.`, '');
    lines.push(`| ${HEADERS.join(' | ')} |`, `|${HEADERS.map(() => '---').join('|')}|`);
    for (const r of plan.rows) {
      const cells = [
        `\`${r.campaignId}\``,
        `${t(r.startMs)} → ${t(r.endMs)}`,
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
  }
  if (plan.warnings.length > 0) lines.push('', ...plan.warnings.map((w) => `> ⚠️ ${w}`));
  return `${lines.join('\n')}\n`;
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
      notes: r.notes,
    })),
  };
}
