import type { Template } from 'aws-cdk-lib/assertions';
import { loadConfig } from '../../../config';
import { validateCampaignInputs, type Campaign, type CampaignInput } from '../../../lambda/pre-scaler/core';
import { campaignBands, MAX_WEEKLY_OCCURRENCES_DRAWN } from '../../../lib/monitoring/campaign-bands';
import { committedEnvironmentTemplate } from '../../helpers/committed-environment-templates';
import { alarmsByName, dashboardBody } from './template-reading';

function campaigns(inputs: readonly unknown[]): Campaign[] {
  const { campaigns: valid, problems } = validateCampaignInputs(inputs);
  expect(problems).toEqual([]);
  return valid;
}

const base = { environments: ['prod'], writer: { instanceClass: 'db.r6g.2xlarge' }, readerFloor: 2 } satisfies Partial<CampaignInput>;

describe('campaign bands', () => {
  test('a one-off campaign is one band from start to end', () => {
    const plan = campaignBands(campaigns([{ ...base, id: 'sale', start: '2027-03-01T08:00+01:00', end: '2027-03-01T20:00+01:00' }]));
    expect(plan.bands).toEqual([
      { campaignId: 'sale', startMs: Date.parse('2027-03-01T07:00:00Z'), endMs: Date.parse('2027-03-01T19:00:00Z') },
    ]);
    expect(plan.undrawn).toEqual([]);
  });

  test('a bounded weekly campaign is drawn at every occurrence, following daylight saving', () => {
    // Fridays 18:00–22:00 Paris from 2027-03-19 to 2027-04-09: CET until 28 March, CEST after.
    const plan = campaignBands(
      campaigns([
        {
          ...base,
          id: 'flash',
          weekly: {
            days: ['fri'],
            startTime: '18:00',
            endTime: '22:00',
            timeZone: 'Europe/Paris',
            validFrom: '2027-03-19',
            validUntil: '2027-04-09',
          },
        },
      ]),
    );
    expect(plan.bands.map((b) => new Date(b.startMs).toISOString())).toEqual([
      '2027-03-19T17:00:00.000Z',
      '2027-03-26T17:00:00.000Z',
      '2027-04-02T16:00:00.000Z',
      '2027-04-09T16:00:00.000Z',
    ]);
    expect(plan.bands.every((b) => b.endMs - b.startMs === 4 * 3_600_000)).toBe(true);
  });

  test('an open-ended weekly campaign is listed, not drawn: synth must not depend on the clock', () => {
    const plan = campaignBands(
      campaigns([
        {
          ...base,
          id: 'weekly-promo',
          weekly: { days: ['sat', 'sun'], startTime: '10:00', endTime: '12:30', timeZone: 'Europe/Paris', validFrom: '2027-01-01' },
        },
      ]),
    );
    expect(plan.bands).toEqual([]);
    expect(plan.undrawn).toEqual([
      {
        campaignId: 'weekly-promo',
        schedule: 'every sat, sun 10:00–12:30 Europe/Paris from 2027-01-01',
        reason: 'open-ended: set validFrom and validUntil to have its windows drawn',
      },
    ]);
  });

  test(`a weekly campaign with more than ${MAX_WEEKLY_OCCURRENCES_DRAWN} occurrences is listed, not drawn`, () => {
    const plan = campaignBands(
      campaigns([
        {
          ...base,
          id: 'daily-ish',
          weekly: {
            days: ['mon', 'wed', 'fri'],
            startTime: '12:00',
            endTime: '13:00',
            timeZone: 'UTC',
            validFrom: '2027-01-01',
            validUntil: '2027-12-31',
          },
        },
      ]),
    );
    expect(plan.bands).toEqual([]);
    expect(plan.undrawn[0]!.reason).toBe(`157 occurrences, more than the ${MAX_WEEKLY_OCCURRENCES_DRAWN} drawn`);
  });
});

const templates = new Map<string, Template>();
function templateOf(env: string): Template {
  if (!templates.has(env)) templates.set(env, committedEnvironmentTemplate(env));
  return templates.get(env)!;
}

type Widget = { type: string; properties: Record<string, any> };
const graphs = (env: string): Widget[] =>
  (dashboardBody(templateOf(env)).widgets as Widget[]).filter((w) => w.type === 'metric' && w.properties.view === 'timeSeries');
const bandsOf = (w: Widget): Array<[string, string, string]> =>
  (w.properties.annotations?.vertical ?? []).map((band: [{ value: string; label: string }, { value: string }]) => [
    band[0].label,
    band[0].value,
    band[1].value,
  ]);

// The fixture calendar (test/helpers/fixture-calendar.ts) the stacks are built from, written out: each
// window must be a band on every graph.
const ONE_OFF_BANDS: Record<string, Array<[string, string, string]>> = {
  dev: [['dev-load-test-2026-12', '2026-12-08T13:00:00Z', '2026-12-08T17:00:00Z']],
  staging: [
    ['black-friday-2026', '2026-11-26T23:00:00Z', '2026-11-28T01:00:00Z'],
    ['cyber-monday-2026', '2026-11-30T05:00:00Z', '2026-12-01T01:00:00Z'],
    ['black-friday-2027-rehearsal', '2027-11-09T08:00:00Z', '2027-11-09T16:00:00Z'],
    ['black-friday-2027', '2027-11-25T23:00:00Z', '2027-11-27T01:00:00Z'],
    ['cyber-monday-2027', '2027-11-29T05:00:00Z', '2027-11-30T01:00:00Z'],
  ],
  prod: [
    ['black-friday-2026', '2026-11-26T23:00:00Z', '2026-11-28T01:00:00Z'],
    ['cyber-monday-2026', '2026-11-30T05:00:00Z', '2026-12-01T01:00:00Z'],
    ['winter-sales-2027', '2027-01-13T06:00:00Z', '2027-01-13T23:00:00Z'],
    ['black-friday-2027', '2027-11-25T23:00:00Z', '2027-11-27T01:00:00Z'],
    ['cyber-monday-2027', '2027-11-29T05:00:00Z', '2027-11-30T01:00:00Z'],
  ],
};

describe.each(['dev', 'staging', 'prod'])('%s dashboard', (env) => {
  test('is named after the environment and has a graph per signal, each carrying the campaign bands', () => {
    const dashboards = Object.values(templateOf(env).findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards.map((d) => d.Properties.DashboardName)).toEqual([`aurora-surge-${env}`]);
    const all = graphs(env);
    expect(all.length).toBe(env === 'dev' ? 15 : 14);
    for (const graph of all) {
      const bands = bandsOf(graph);
      for (const band of ONE_OFF_BANDS[env]!)
        expect({ graph: graph.properties.title, bands }).toEqual({ graph: graph.properties.title, bands: expect.arrayContaining([band]) });
    }
  });

  test("draws each alarm's warning and critical thresholds on its graph", () => {
    const alarms = alarmsByName(templateOf(env));
    const byTitle = new Map(graphs(env).map((g) => [g.properties.title as string, g]));
    const lines = (title: string) =>
      (byTitle.get(title)?.properties.annotations?.horizontal ?? []).map((h: { label: string; value: number }) => [h.label, h.value]);
    const expectLines = (title: string, metric: string) =>
      expect(lines(title)).toEqual(
        expect.arrayContaining([
          ['warning', alarms.get(`aurora-surge-${env}-${metric}-warning`)!.Threshold],
          ['critical', alarms.get(`aurora-surge-${env}-${metric}-critical`)!.Threshold],
        ]),
      );
    expectLines('Writer CPU %', 'writer-cpu');
    expectLines('Writer freeable memory (bytes)', 'writer-freeable-memory');
    expectLines('Readers average CPU %', 'readers-cpu');
    expectLines('Worst replica lag (ms)', 'readers-replica-lag');
    expectLines('Proxy client connections', 'proxy-client-connections');
    expectLines('Proxy borrow latency (µs)', 'proxy-borrow-latency');
    expectLines('Proxy backend connections and session pinning', 'proxy-pinned-connections');
    expectLines('Proxy query response latency (µs)', 'proxy-query-latency');
    const connections = [...byTitle.keys()].find((t) => t.startsWith('Writer connections'))!;
    expectLines(connections, 'writer-connections');
  });

  test('the header links the runbook section of every alarm and lists the campaigns', () => {
    const text = (dashboardBody(templateOf(env)).widgets as Widget[]).find((w) => w.type === 'text')!.properties.markdown as string;
    const runbook = loadConfig(env).monitoring.runbookUrl;
    for (const anchor of [
      'database-at-risk',
      'writer-cpu',
      'writer-connections',
      'readers-replica-lag',
      'readers-capacity-exhausted',
      'proxy-borrow-latency',
      'proxy-pinned-connections',
    ]) {
      expect(text).toContain(`(${runbook}#${anchor})`);
    }
    for (const [id, start, end] of ONE_OFF_BANDS[env]!) expect(text).toContain(`**${id}**: ${start} → ${end}`);
  });

  test('the alarm status widget lists every database alarm, the composite first', () => {
    const status = (dashboardBody(templateOf(env)).widgets as Widget[]).find((w) => w.type === 'alarm')!;
    const template = templateOf(env);
    const ids = (type: string) =>
      Object.entries(template.findResources(type))
        // The pre-scaler's and the secret rotation's alarms have rows of their own.
        .filter(([, r]) => !/^aurora-surge-[a-z]+-(pre-scaler|secret-rotation)-/.test(String(r.Properties.AlarmName)))
        .map(([id]) => `<{'Fn::GetAtt':['${id}','Arn']}>`);
    const composite = ids('AWS::CloudWatch::CompositeAlarm');
    expect(status.properties.alarms[0]).toBe(composite[0]);
    expect([...status.properties.alarms].sort()).toEqual([...composite, ...ids('AWS::CloudWatch::Alarm')].sort());
  });

  test("the secret rotation's alarm has its own status row", () => {
    const rows = (dashboardBody(templateOf(env)).widgets as Widget[]).filter((w) => w.type === 'alarm');
    const rotation = rows.find((w) => (w.properties as { title?: string }).title === 'Secret rotation');
    expect(rotation?.properties.alarms).toHaveLength(1);
  });
});

test('prod draws every Friday of the bounded weekly flash sale (25 windows, 18:00–22:00 Paris)', () => {
  const bands = bandsOf(graphs('prod')[0]!).filter(([label]) => label === 'friday-evening-flash-sale');
  expect(bands).toHaveLength(25); // 2027-01-08 … 2027-06-25
  expect(bands[0]).toEqual(['friday-evening-flash-sale', '2027-01-08T17:00:00Z', '2027-01-08T21:00:00Z']);
  expect(bands[24]).toEqual(['friday-evening-flash-sale', '2027-06-25T16:00:00Z', '2027-06-25T20:00:00Z']);
});

test('dev shows its Serverless v2 capacity; provisioned environments do not', () => {
  expect(graphs('dev').some((g) => g.properties.title === 'Writer Serverless v2 capacity')).toBe(true);
  expect(graphs('prod').some((g) => g.properties.title === 'Writer Serverless v2 capacity')).toBe(false);
});
