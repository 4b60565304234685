import { INSTANCE_CLASSES } from '../../../config/instance-classes';
import { loadCalendar } from '../../../config/load-calendar';
import { buildPlan, renderPlanMarkdown } from '../../../tools/plan';
import { type CostInput, estimateCampaignCost, formatCost } from '../../../tools/review/cost';
import { formatPlanCostMarkdown, planCosts } from '../../../tools/review/plan-cost';
import { PRICE_TABLE, SERVERLESS_CLASS } from '../../../tools/review/prices';
import { CALENDAR, ENV, PRICES } from './fixtures';

const HOUR = 3_600_000;
const provisioned: CostInput = {
  region: 'us-east-1',
  engine: 'aurora-postgresql',
  baselineWriter: { kind: 'provisioned', instanceClass: 'db.r6g.large' },
  baselineReaderFloor: 1,
  followerReaders: 1,
  campaignWriter: { kind: 'provisioned', instanceClass: 'db.r6g.4xlarge' },
  campaignReaderFloor: 3,
  fromMs: 0,
  toMs: 10 * HOUR,
};

describe('estimateCampaignCost', () => {
  test('provisioned: writer and standby pay the difference, extra readers the campaign class', () => {
    const cost = estimateCampaignCost(provisioned, PRICES);
    expect(cost.lines).toEqual([
      { what: '2 instances (writer and standby) at db.r6g.4xlarge instead of db.r6g.large', extraHours: 20, usd: 20 * (2.4 - 0.3) },
      { what: '2 extra readers at db.r6g.4xlarge', extraHours: 20, usd: 20 * 2.4 },
    ]);
    expect(cost.usd).toBeCloseTo(90);
    expect(formatCost(cost)).toBe('+40 instance-hours over 10 h, about $90.00 on demand');
  });

  test('an unknown price is said, never guessed', () => {
    const cost = estimateCampaignCost({ ...provisioned, region: 'eu-west-1' }, PRICES);
    expect(cost.usd).toBeUndefined();
    expect(cost.extraHours).toBe(40);
    expect(cost.unknownPrices).toEqual([
      'unknown price for db.r6g.4xlarge (aurora-postgresql, eu-west-1)',
      'unknown price for db.r6g.large (aurora-postgresql, eu-west-1)',
    ]);
    expect(formatCost(cost)).toContain('+40 instance-hours over 10 h, unknown price for db.r6g.4xlarge (aurora-postgresql, eu-west-1)');
  });

  test('Serverless v2: the raised minimum on the writer and its tier 0–1 readers is a lower bound', () => {
    const cost = estimateCampaignCost(
      {
        ...provisioned,
        baselineWriter: { kind: 'serverless-v2', minCapacity: 0.5, maxCapacity: 16 },
        campaignWriter: { kind: 'serverless-v2', minCapacity: 4, maxCapacity: 16 },
        campaignReaderFloor: 1,
      },
      [{ ...PRICES[0]!, instanceClass: SERVERLESS_CLASS, usdPerHour: 0.12 }],
    );
    expect(cost).toMatchObject({ unit: 'ACU-hours', lowerBound: true, extraHours: 3.5 * 2 * 10 });
    expect(cost.usd).toBeCloseTo(70 * 0.12);
    expect(formatCost(cost)).toMatch(/^at least \+70 ACU-hours over 10 h/);
  });

  test('a campaign the baseline already covers adds nothing', () => {
    const cost = estimateCampaignCost({ ...provisioned, campaignWriter: provisioned.baselineWriter, campaignReaderFloor: 1 }, PRICES);
    expect(formatCost(cost)).toBe('no extra capacity (the baseline already covers it)');
  });
});

describe('cost in the plan (and so in the PR report, which embeds renderPlanMarkdown)', () => {
  const now = new Date('2026-11-20T00:00:00Z');
  const campaigns = loadCalendar(ENV, { now, campaigns: CALENDAR }).campaigns;

  test('each occurrence costs its extra capacity from the first scale-up step to back at the baseline', () => {
    const plan = buildPlan(ENV, campaigns, { now });
    const [row] = plan.rows;
    const [cost] = planCosts(plan, ENV, campaigns, PRICES);
    expect(cost?.cost.hours).toBeCloseTo(((row?.baselineMs ?? 0) - (row?.scaleUpStartMs ?? 0)) / HOUR);
    expect(cost?.cost.usd).toBeGreaterThan(0);
    expect(formatPlanCostMarkdown(plan, ENV, campaigns, PRICES)).toContain(
      `- \`flash-sale\` (2026-11-27T20:00Z): ${formatCost(cost!.cost)}`,
    );
  });

  test('renderPlanMarkdown carries the cost section', () => {
    expect(renderPlanMarkdown(ENV, CALENDAR, { now })).toContain('#### Estimated extra cost: prod');
  });
});

describe('the committed price table', () => {
  test('every figure names its source and date, and is for a known class', () => {
    for (const p of PRICE_TABLE) {
      expect(p.source.url).toMatch(/^https:\/\//);
      expect(p.source.note).toMatch(/read 2026-12-01/);
      expect(p.instanceClass === SERVERLESS_CLASS || INSTANCE_CLASSES.has(p.instanceClass)).toBe(true);
      expect(p.usdPerHour).toBeGreaterThan(0);
    }
    const keys = PRICE_TABLE.map((p) => `${p.region} ${p.engine} ${p.instanceClass}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
