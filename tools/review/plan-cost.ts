import type { EnvironmentConfig } from '../../config/schema/environment';
import type { Campaign } from '../../lambda/pre-scaler/core';
import type { Plan } from '../plan/build-plan';
import { type CampaignCost, costInputFor, estimateCampaignCost, formatCost } from './cost';
import { type InstancePrice, PRICE_TABLE } from './prices';

/** One campaign occurrence of the plan with its estimated extra cost. */
export interface PlannedCost {
  readonly campaignId: string;
  readonly startMs: number;
  readonly cost: CampaignCost;
}

/**
 * The extra capacity and cost of each occurrence in the plan: from its first scale-up step (or, when the
 * plan has none, `start − leadTime`) until the plan has it back at the baseline (or `end + coolDown`).
 */
export function planCosts(
  plan: Plan,
  env: EnvironmentConfig,
  campaigns: readonly Campaign[],
  prices: readonly InstancePrice[] = PRICE_TABLE,
): PlannedCost[] {
  const lead = env.preScaler.leadTimeMinutes * 60_000;
  const cool = env.preScaler.coolDownMinutes * 60_000;
  return plan.rows.flatMap((row) => {
    const campaign = campaigns.find((c) => c.id === row.campaignId);
    if (!campaign) return [];
    const from = row.scaleUpStartMs ?? row.startMs - lead;
    const to = row.baselineMs ?? row.endMs + cool;
    return [
      { campaignId: row.campaignId, startMs: row.startMs, cost: estimateCampaignCost(costInputFor(env, campaign, from, to), prices) },
    ];
  });
}

/** The plan's cost section: one line per occurrence, then where the prices come from. */
export function formatPlanCostMarkdown(
  plan: Plan,
  env: EnvironmentConfig,
  campaigns: readonly Campaign[],
  prices: readonly InstancePrice[] = PRICE_TABLE,
): string {
  const costs = planCosts(plan, env, campaigns, prices);
  if (costs.length === 0) return '';
  const lines = ['', `#### Estimated extra cost: ${plan.environment}`, ''];
  for (const c of costs) {
    lines.push(`- \`${c.campaignId}\` (${new Date(c.startMs).toISOString().slice(0, 16)}Z): ${formatCost(c.cost)}`);
  }
  const sources = [...new Set(costs.flatMap((c) => c.cost.sources))];
  lines.push(
    '',
    `On-demand instance prices from tools/review/prices.ts${sources.length > 0 ? ` (${sources.join(', ')})` : ''}; storage, I/O and the proxy not counted.`,
  );
  return `${lines.join('\n')}\n`;
}
