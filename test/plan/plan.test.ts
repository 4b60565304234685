import { execFileSync } from 'node:child_process';
import { CAMPAIGNS } from '../../config/campaigns';
import { ENVIRONMENTS } from '../../config/environments';
import { loadConfig, validateEnvironment } from '../../config/load-config';
import { loadCalendar } from '../../config/load-calendar';
import type { CampaignInput } from '../../config/schema/campaign';
import { buildPlan, planToJson, renderPlanMarkdown } from '../../tools/plan';

const NOW = new Date('2026-11-20T00:00:00Z');
const prod = loadConfig('prod');

function rowOf(markdown: string, id: string): string[] {
  const line = markdown.split('\n').find((l) => l.startsWith(`| \`${id}\``));
  if (!line) throw new Error(`no row for ${id} in:\n${markdown}`);
  return line.split(' | ').map((c) => c.replace(/^\| |\s\|$/g, '').trim());
}

describe('renderPlanMarkdown', () => {
  const markdown = renderPlanMarkdown(prod, loadCalendar(prod, { now: NOW }).campaigns, { now: NOW });

  test('prints a Markdown table with one row per upcoming campaign occurrence', () => {
    expect(markdown).toContain('### Campaign plan: prod');
    expect(markdown).toContain(
      '| Campaign | Window | Target | Scale-up starts | Failover | Ready | Margin | Scale-back starts | At baseline | Notes |',
    );
    expect(markdown).toContain('|---|---|---|---|---|---|---|---|---|---|');
    expect(markdown.match(/^\| `friday-evening-flash-sale`/gm)).toHaveLength(3);
    expect(markdown).toContain('> ⚠️ friday-evening-flash-sale repeats weekly: only its next 3 occurrences are shown.');
  });

  test('gives the timeline of Black Friday 2026: spare reader, resize, failover, ready 1 h before the start, back after the cool-down inside the window', () => {
    // Starts 00:00 Paris = 23:00 UTC; lead time 2 h; worst-case resize 15 min, failover 1 min, readers 10 min.
    expect(rowOf(markdown, 'black-friday-2026')).toEqual([
      '`black-friday-2026`',
      '2026-11-26 23:00 → 2026-11-28 01:00',
      'db.r6g.4xlarge, 4 readers',
      '2026-11-26 21:00',
      '2026-11-26 21:35',
      '2026-11-26 22:00',
      '1 h 00 min',
      '2026-11-28 03:00',
      '2026-11-28 03:50',
      '',
    ]);
  });

  test('a weekly window ending in the evening scales back in the low-traffic window', () => {
    const row = rowOf(markdown, 'friday-evening-flash-sale');
    expect(row[1]).toBe('2027-01-08 17:00 → 2027-01-08 21:00');
    expect(row[8]).toBe('2027-01-09 00:45'); // 01:00 Paris is 00:00 UTC, then three steps and the spare reader's floor
    expect(row[9]).toBe('scale-down waits for the low-traffic window');
  });

  test('accepts an environment name and raw calendar entries, and shows only the campaigns asked for', () => {
    const md = renderPlanMarkdown('staging', CAMPAIGNS, { now: NOW, campaignIds: ['black-friday-2027-rehearsal', 'cyber-monday-2026'] });
    expect(
      md
        .split('\n')
        .filter((l) => l.startsWith('| `'))
        .map((l) => l.split(' | ')[0]),
    ).toEqual(['| `cyber-monday-2026`', '| `black-friday-2027-rehearsal`']);
  });

  test('Serverless v2: no failover column value', () => {
    const row = rowOf(renderPlanMarkdown('dev', CAMPAIGNS, { now: NOW }), 'dev-load-test-2026-12');
    expect(row.slice(2, 7)).toEqual(['4–16 ACU, 2 readers', '2026-12-08 12:00', '—', '2026-12-08 12:20', '40 min']);
  });

  test('prints times in another zone on request', () => {
    const md = renderPlanMarkdown(prod, loadCalendar(prod, { now: NOW }).campaigns, {
      now: NOW,
      timeZone: 'Europe/Paris',
      campaignIds: ['black-friday-2026'],
    });
    expect(md).toContain('Times in Europe/Paris time.');
    expect(rowOf(md, 'black-friday-2026')[1]).toBe('2026-11-27 00:00 → 2026-11-28 02:00');
  });

  test('says when an environment has nothing upcoming', () => {
    expect(renderPlanMarkdown(prod, [], { now: NOW })).toBe('### Campaign plan: prod\n\nNo upcoming campaign in prod.\n');
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
          'starts inside the lead time (in 1 h 00 min)',
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
    ]);
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
    { encoding: 'utf8', cwd: `${__dirname}/../..` },
  );
  expect(JSON.parse(out)).toMatchObject({
    environment: 'dev',
    now: '2026-11-20T00:00:00.000Z',
    campaigns: [{ id: 'dev-load-test-2026-12', failover: null, ready: '2026-12-08T12:20:00.000Z', marginMinutes: 40, late: false }],
    calendarWarnings: [],
  });
});
