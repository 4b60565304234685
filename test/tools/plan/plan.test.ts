import { execFileSync } from 'node:child_process';
import { ENVIRONMENTS } from '../../../config/environments';
import { loadConfig, validateEnvironment } from '../../../config/load-config';
import { loadCalendar } from '../../../config/load-calendar';
import type { CampaignInput } from '../../../config/schema/campaign';
import { buildPlan, formatPlanMarkdown, planToJson, renderPlanMarkdown } from '../../../tools/plan';

const NOW = new Date('2026-11-20T00:00:00Z');
const prod = loadConfig('prod');

function rowOf(markdown: string, id: string): string[] {
  const line = markdown.split('\n').find((l) => l.startsWith(`| \`${id}\``));
  if (!line) throw new Error(`no row for ${id} in:\n${markdown}`);
  return line.split(' | ').map((c) => c.replace(/^\| |\s\|$/g, '').trim());
}

/** Fixture calendar (not the committed one): a one-off in Paris time, a weekly window, a dev test. */
const FIXTURES: CampaignInput[] = [
  {
    id: 'black-friday',
    environments: ['prod', 'staging'],
    start: '2026-11-27T00:00',
    end: '2026-11-28T02:00',
    timeZone: 'Europe/Paris',
    writer: { instanceClass: 'db.r6g.4xlarge' },
    readerFloor: 4,
  },
  {
    id: 'friday-flash',
    environments: ['prod'],
    weekly: { days: ['fri'], startTime: '18:00', endTime: '22:00', timeZone: 'Europe/Paris', validFrom: '2027-01-01' },
    writer: { instanceClass: 'db.r6g.2xlarge' },
    readerFloor: 2,
  },
  {
    id: 'dev-load-test',
    environments: ['dev'],
    start: '2026-12-08T13:00Z',
    end: '2026-12-08T17:00Z',
    writer: { minCapacity: 4, maxCapacity: 16 },
    readerFloor: 2,
  },
];

describe('renderPlanMarkdown', () => {
  const markdown = renderPlanMarkdown(prod, FIXTURES, { now: NOW });

  test('prints a Markdown table with one row per upcoming campaign occurrence', () => {
    expect(markdown).toContain('### Campaign plan: prod');
    expect(markdown).toContain(
      '| Campaign | Window | Target | Scale-up starts | Failover | Ready | Margin | Scale-back starts | At baseline | Notes |',
    );
    expect(markdown).toContain('|---|---|---|---|---|---|---|---|---|---|');
    expect(markdown.match(/^\| `friday-flash`/gm)).toHaveLength(3);
    expect(markdown).toContain('> ⚠️ friday-flash repeats weekly: only its next 3 occurrences are shown.');
  });

  test("times in the entry's own zone with UTC beside: spare reader, resize, failover, ready 1 h before the start, back after the cool-down", () => {
    // Starts 00:00 Paris = 23:00 UTC; lead time 2 h; worst-case new reader 10 min, resize 15 min, failover 1 min.
    expect(markdown).toContain("Times in each campaign's own time zone, UTC in brackets.");
    expect(rowOf(markdown, 'black-friday')).toEqual([
      '`black-friday`',
      '2026-11-27 00:00 (11-26 23:00 UTC) → 2026-11-28 02:00 (01:00 UTC) Europe/Paris',
      'db.r6g.4xlarge, 4 readers',
      '2026-11-26 22:00 (21:00 UTC)',
      '2026-11-26 22:35 (21:35 UTC)',
      '2026-11-26 23:00 (22:00 UTC)',
      '1 h 00 min',
      '2026-11-28 04:00 (03:00 UTC)',
      '2026-11-28 04:50 (03:50 UTC)',
      '',
    ]);
  });

  test('a weekly window ending in the evening scales back in the low-traffic window', () => {
    const row = rowOf(markdown, 'friday-flash');
    expect(row[1]).toBe('2027-01-01 18:00 (17:00 UTC) → 2027-01-01 22:00 (21:00 UTC) Europe/Paris');
    expect(row[8]).toBe('2027-01-02 01:45 (00:45 UTC)'); // 01:00 Paris, then three steps and the spare reader's floor
    expect(row[9]).toBe('scale-down waits for the low-traffic window');
  });

  test('counts planned failovers: a weekly window is two a week, each a short write interruption', () => {
    expect(markdown).toMatch(
      /\*\*Planned failovers: \d+\*\* from 2026-11-20T00:00Z to .*; each interrupts writes for up to about a minute \(AWS: service is typically restored in under 60 seconds, often under 30/,
    );
    expect(markdown).toContain('- `friday-flash` repeats weekly: 2 planned failovers per occurrence, 2 every week.');
  });

  test('accepts an environment name and raw calendar entries, and shows only the campaigns asked for', () => {
    const md = renderPlanMarkdown('staging', FIXTURES, { now: NOW, campaignIds: ['black-friday'] });
    expect(
      md
        .split('\n')
        .filter((l) => l.startsWith('| `'))
        .map((l) => l.split(' | ')[0]),
    ).toEqual(['| `black-friday`']);
  });

  test('Serverless v2: no failover column value', () => {
    const row = rowOf(renderPlanMarkdown('dev', FIXTURES, { now: NOW }), 'dev-load-test');
    expect(row.slice(2, 7)).toEqual(['4–16 ACU, 2 readers', '2026-12-08 12:00', '—', '2026-12-08 12:20', '40 min']);
  });

  test('prints every time in one zone on request', () => {
    const md = renderPlanMarkdown(prod, FIXTURES, { now: NOW, timeZone: 'UTC', campaignIds: ['black-friday'] });
    expect(md).toContain('Times in UTC. Simulated');
    expect(rowOf(md, 'black-friday')[1]).toBe('2026-11-26 23:00 → 2026-11-28 01:00 UTC');
  });

  test('says when an environment has nothing upcoming', () => {
    // The environment's reactive scale-up line comes first (issue 15.5), then the plan.
    expect(renderPlanMarkdown(prod, [], { now: NOW })).toMatch(
      /^### Campaign plan: prod\n\nReactive scale-up: [^\n]+\n\nNo upcoming campaign in prod\.\n$/,
    );
  });

  test('warns about an entry past the horizon instead of hiding it', () => {
    const far = { ...FIXTURES[0]!, id: 'far-away', start: '2029-11-27T00:00', end: '2029-11-28T00:00' } as CampaignInput;
    const plan = buildPlan(prod, loadCalendar(prod, { now: NOW, campaigns: [far] }).campaigns, { now: NOW });
    expect(plan.rows).toEqual([]);
    expect(plan.warnings).toEqual([
      "far-away starts 2029-11-26T23:00Z, after the plan's 400-day horizon, so it is not shown. Run `npm run plan -- --days 1104` to see it.",
    ]);
  });
});

describe('the plan flags what a reviewer must see', () => {
  const entry = (over: Partial<CampaignInput>): CampaignInput => ({
    id: 'flash',
    environments: ['prod'],
    start: '2026-11-20T00:40Z',
    end: '2026-11-20T04:00Z',
    writer: { instanceClass: 'db.r6g.4xlarge' },
    readerFloor: 2,
    ...over,
  });

  test('a campaign added inside its lead time: acts at once and is late', () => {
    const plan = buildPlan(prod, loadCalendar(prod, { now: NOW, campaigns: [entry({})] }).campaigns, { now: NOW });
    const row = plan.rows[0]!;
    expect(row.scaleUpStartMs).toBe(NOW.getTime());
    expect(row.readyMs).toBe(Date.parse('2026-11-20T00:55Z'));
    // It ends 04:00 UTC, in force until 06:00 UTC = 07:00 Paris: the scale-down waits for the next night.
    expect(row.notes).toEqual([
      '**LATE** by 15 min',
      'starts inside the lead time (in 40 min)',
      'scale-down waits for the low-traffic window',
    ]);
    expect(planToJson(plan)).toMatchObject({
      campaigns: [{ id: 'flash', late: true, marginMinutes: -15, ready: '2026-11-20T00:55:00.000Z' }],
    });
  });

  test('a tight margin, an overlap, and capacity kept for the next campaign', () => {
    const campaigns = loadCalendar(prod, {
      now: NOW,
      campaigns: [
        entry({ start: '2026-11-20T01:00Z' }),
        entry({ id: 'evening', start: '2026-11-20T03:00Z', end: '2026-11-20T08:00Z', writer: { instanceClass: 'db.r6g.2xlarge' } }),
      ],
    }).campaigns;
    const plan = buildPlan(prod, campaigns, { now: NOW });
    expect(plan.rows.map((r) => [r.campaignId, r.notes])).toEqual([
      [
        'flash',
        [
          'tight margin',
          'starts inside the lead time (in 1 h)',
          'overlaps evening',
          'capacity kept for evening',
          'scale-down waits for the low-traffic window',
        ],
      ],
      ['evening', ['capacity already there (no step needed)', 'overlaps flash', 'scale-down waits for the low-traffic window']],
    ]);
  });

  test('a campaign already running when the simulation starts has no margin', () => {
    const row = buildPlan(prod, loadCalendar(prod, { now: NOW, campaigns: [entry({ start: '2026-11-19T22:00Z' })] }).campaigns, {
      now: NOW,
    }).rows[0]!;
    expect(row.marginMs).toBeUndefined();
    expect(row.notes).toEqual([
      'already running when the simulation starts (from the baseline), so its times are only indicative',
      'scale-down waits for the low-traffic window',
      '**its failover at 2026-11-20T00:35Z falls inside the campaign**',
    ]);
  });

  test('a bigger campaign added too late to scale up before a smaller one: the plan says which failover falls inside which campaign', () => {
    // small starts in 30 min, inside its lead time; bigger starts in 1 h 30 and chains with it. The chain's
    // capacity (bigger's class) can no longer be reached before small starts.
    const plan = buildPlan(
      prod,
      loadCalendar(prod, {
        now: NOW,
        campaigns: [
          entry({ id: 'small', start: '2026-11-20T00:30Z', end: '2026-11-20T03:00Z', writer: { instanceClass: 'db.r6g.2xlarge' } }),
          entry({ id: 'bigger', start: '2026-11-20T01:30Z', end: '2026-11-20T04:00Z', writer: { instanceClass: 'db.r6g.8xlarge' } }),
        ],
      }).campaigns,
      { now: NOW },
    );
    const notes = Object.fromEntries(plan.rows.map((r) => [r.campaignId, r.notes]));
    expect(notes.bigger).toContain('**needs a failover at 2026-11-20T00:35Z, inside small** (added too late to scale up before it)');
    expect(notes.small).toContain('**a failover at 2026-11-20T00:35Z for bigger interrupts writes during this campaign**');
    expect(plan.failovers.filter((f) => f.insideCampaigns.length > 0)).toEqual([
      { atMs: Date.parse('2026-11-20T00:35Z'), direction: 'up', campaignId: 'bigger', insideCampaigns: ['small'] },
    ]);
    expect(formatPlanMarkdown(plan)).toContain('**1 of them during a campaign.**');
  });

  test('dry run is a warning', () => {
    const dry = validateEnvironment({ ...ENVIRONMENTS.prod, preScaler: { ...ENVIRONMENTS.prod.preScaler, dryRun: true } }, 'prod');
    const plan = buildPlan(
      dry,
      loadCalendar(dry, { now: NOW, campaigns: [entry({ start: '2026-12-01T10:00Z', end: '2026-12-01T12:00Z' })] }).campaigns,
      { now: NOW },
    );
    expect(plan.warnings).toEqual(['preScaler.dryRun is on in prod: the pre-scaler will only log these steps, not take them.']);
  });
});

test('npm run plan prints JSON for machines', () => {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', 'tools/plan/cli.ts', '--env', 'dev', '--now', '2026-11-20T00:00Z', '--json'],
    { encoding: 'utf8', cwd: `${__dirname}/../../..` },
  );
  expect(JSON.parse(out)).toMatchObject({
    environment: 'dev',
    now: '2026-11-20T00:00:00.000Z',
    campaigns: [{ id: 'dev-load-test-2026-12', failover: null, ready: '2026-12-08T12:20:00.000Z', marginMinutes: 40, late: false }],
    calendarWarnings: [],
  });
});
