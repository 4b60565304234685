import type { EnvironmentConfig } from '../../config/schema/environment';
import type { Campaign, WriterTarget } from '../../lambda/pre-scaler/core';
import { findPrice, type InstancePrice, SERVERLESS_CLASS } from './prices';

const HOUR = 3_600_000;

/** What a campaign adds on top of the environment's baseline, and for how long. */
export interface CostInput {
  readonly region: string;
  readonly engine: InstancePrice['engine'];
  readonly baselineWriter: WriterTarget;
  /** The baseline reader floor (`readerAutoScaling.minReplicas`, fixed readers included). */
  readonly baselineReaderFloor: number;
  /**
   * Fixed readers in promotion tier 0 or 1. Provisioned: the pre-scaler resizes the tier-0 standby with
   * the writer. Serverless v2: tier 0–1 readers follow the writer's capacity.
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.how-it-works.html
   */
  readonly followerReaders: number;
  readonly campaignWriter: WriterTarget;
  readonly campaignReaderFloor: number;
  /** When the extra capacity starts (the first scale-up step). */
  readonly fromMs: number;
  /** When it is gone again (back at the baseline). */
  readonly toMs: number;
}

/** One line of the estimate. */
export interface CostLine {
  /** e.g. `2 instances at db.r6g.4xlarge instead of db.r6g.xlarge`. */
  readonly what: string;
  /** Instance-hours (ACU-hours for Serverless v2) this line adds. */
  readonly extraHours: number;
  /** Extra USD; absent when a price is unknown. */
  readonly usd?: number;
}

export interface CampaignCost {
  /** Hours the extra capacity is held. */
  readonly hours: number;
  readonly unit: 'instance-hours' | 'ACU-hours';
  readonly lines: readonly CostLine[];
  /** Total extra instance-hours (or ACU-hours). */
  readonly extraHours: number;
  /** Total extra USD; absent when any price is unknown. */
  readonly usd?: number;
  /** `unknown price for db.r6g.4xlarge (aurora-postgresql, eu-west-1)`, one per missing price. */
  readonly unknownPrices: readonly string[];
  /** True for Serverless v2: the minimum is a floor, the real capacity follows load. */
  readonly lowerBound: boolean;
  /** Sources of the prices used. */
  readonly sources: readonly string[];
}

/**
 * The extra capacity a campaign holds and its estimated on-demand cost, from the price table.
 *
 * Provisioned writer: the writer and its tier-0 standby run at the campaign class instead of the baseline
 * class (the difference in price is the extra), and each reader above the baseline floor runs at the
 * campaign class: Aurora Auto Scaling creates replicas with the primary's instance class
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Integrating.AutoScaling.html).
 * Serverless v2: the raised minimum ACU on the writer and on tier 0–1 readers, plus the minimum of each
 * extra reader, is the least the campaign adds; load may take capacity higher.
 */
export function estimateCampaignCost(input: CostInput, prices: readonly InstancePrice[]): CampaignCost {
  const hours = Math.max(0, input.toMs - input.fromMs) / HOUR;
  const extraReaders = Math.max(0, input.campaignReaderFloor - input.baselineReaderFloor);
  const unknown = new Set<string>();
  const sources = new Set<string>();
  const priceOf = (instanceClass: string): number | undefined => {
    const p = findPrice(prices, input.region, input.engine, instanceClass);
    if (!p) unknown.add(`unknown price for ${instanceClass} (${input.engine}, ${input.region})`);
    else sources.add(p.source.url);
    return p?.usdPerHour;
  };
  const lines: CostLine[] = [];
  const w = input.campaignWriter;
  const b = input.baselineWriter;
  if (w.kind === 'provisioned') {
    const resized = b.kind === 'provisioned' && b.instanceClass !== w.instanceClass ? 1 + input.followerReaders : 0;
    if (resized > 0 && b.kind === 'provisioned') {
      const campaignPrice = priceOf(w.instanceClass);
      const baselinePrice = priceOf(b.instanceClass);
      lines.push({
        what: `${resized} instance${resized === 1 ? '' : 's'} (writer${resized > 1 ? ' and standby' : ''}) at ${w.instanceClass} instead of ${b.instanceClass}`,
        extraHours: resized * hours,
        ...(campaignPrice !== undefined && baselinePrice !== undefined ? { usd: resized * hours * (campaignPrice - baselinePrice) } : {}),
      });
    }
    if (extraReaders > 0) {
      const price = priceOf(w.instanceClass);
      lines.push({
        what: `${extraReaders} extra reader${extraReaders === 1 ? '' : 's'} at ${w.instanceClass}`,
        extraHours: extraReaders * hours,
        ...(price !== undefined ? { usd: extraReaders * hours * price } : {}),
      });
    }
  } else {
    const baselineMin = b.kind === 'serverless-v2' ? b.minCapacity : 0;
    const raise = Math.max(0, w.minCapacity - baselineMin);
    const price = raise > 0 || extraReaders > 0 ? priceOf(SERVERLESS_CLASS) : undefined;
    if (raise > 0) {
      const followers = 1 + input.followerReaders;
      lines.push({
        what: `minimum ${baselineMin} → ${w.minCapacity} ACU on the writer${input.followerReaders > 0 ? ` and ${input.followerReaders} tier 0–1 reader${input.followerReaders === 1 ? '' : 's'}` : ''}`,
        extraHours: raise * followers * hours,
        ...(price !== undefined ? { usd: raise * followers * hours * price } : {}),
      });
    }
    if (extraReaders > 0) {
      lines.push({
        what: `${extraReaders} extra reader${extraReaders === 1 ? '' : 's'} at ${w.minCapacity} ACU or more`,
        extraHours: extraReaders * w.minCapacity * hours,
        ...(price !== undefined ? { usd: extraReaders * w.minCapacity * hours * price } : {}),
      });
    }
  }
  const extraHours = lines.reduce((sum, l) => sum + l.extraHours, 0);
  const known = lines.every((l) => l.usd !== undefined);
  return {
    hours,
    unit: w.kind === 'provisioned' ? 'instance-hours' : 'ACU-hours',
    lines,
    extraHours,
    ...(known ? { usd: lines.reduce((sum, l) => sum + (l.usd ?? 0), 0) } : {}),
    unknownPrices: [...unknown],
    lowerBound: w.kind === 'serverless-v2',
    sources: [...sources],
  };
}

/** The cost input of a campaign in an environment, for an interval of extra capacity. */
export function costInputFor(env: EnvironmentConfig, campaign: Campaign, fromMs: number, toMs: number): CostInput {
  const db = env.database;
  return {
    region: env.region,
    engine: db.engine,
    baselineWriter:
      db.writer.kind === 'provisioned'
        ? { kind: 'provisioned', instanceClass: db.writer.instanceClass }
        : { kind: 'serverless-v2', minCapacity: db.writer.minCapacity, maxCapacity: db.writer.maxCapacity },
    baselineReaderFloor: env.readerAutoScaling.minReplicas,
    followerReaders:
      db.writer.kind === 'provisioned'
        ? Math.min(1, db.fixedReaders.filter((r) => r.promotionTier === 0).length)
        : db.fixedReaders.filter((r) => r.promotionTier <= 1).length,
    campaignWriter: campaign.writer,
    campaignReaderFloor: campaign.readerFloor,
    fromMs,
    toMs,
  };
}

/** `+12.5 instance-hours, about $31.20` or `+12.5 instance-hours, unknown price for db.r6g.4xlarge (…)`. */
export function formatCost(cost: CampaignCost): string {
  if (cost.lines.length === 0) return 'no extra capacity (the baseline already covers it)';
  const amount = `${cost.lowerBound ? 'at least ' : ''}+${round1(cost.extraHours)} ${cost.unit} over ${round1(cost.hours)} h`;
  const money = cost.usd !== undefined ? `about $${cost.usd.toFixed(2)} on demand` : cost.unknownPrices.join('; ');
  return `${amount}, ${money}`;
}

function round1(n: number): string {
  return (Math.round(n * 10) / 10).toLocaleString('en-US');
}
