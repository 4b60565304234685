import { loadConfig, validateEnvironment, type EnvironmentConfig } from '../../../config';
import { dev } from '../../../config/environments/dev';
import { prod } from '../../../config/environments/prod';
import { validateCampaignInputs, type Campaign, type CampaignInput } from '../../../lambda/pre-scaler/core';
import { RUN_LOG_MESSAGE } from '../../../lambda/pre-scaler/run-log';
import { campaignBands, MAX_WEEKLY_OCCURRENCES_DRAWN } from '../../../lib/monitoring/campaign-bands';
import { PRE_SCALER_RUN_LOG_MESSAGE } from '../../../lib/monitoring/segments/pre-scaler-segment';
import { synthTemplate } from '../../helpers/synth';
import { monitoringOnlyTemplate } from './monitoring-stack';
import { alarmsByName, dashboardBody } from './template-reading';

function campaigns(inputs: readonly unknown[]): Campaign[] {
  const { campaigns: valid, problems } = validateCampaignInputs(inputs);
  expect(problems).toEqual([]);
  return valid;
}

const base = { environments: ['prod'], writer: { instanceClass: 'db.r6g.4xlarge' }, readerFloor: 2 } satisfies Partial<CampaignInput>;
const NOW = new Date('2027-03-01T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('campaign bands: only current and upcoming campaigns, each with its scale-up lead', () => {
  const window = { now: NOW, leadTimeMinutes: 120 };

  test('a one-off campaign is a scale-up band (start − lead time to start) and a campaign band', () => {
    const plan = campaignBands(
      campaigns([{ ...base, id: 'sale', start: '2027-03-10T08:00+01:00', end: '2027-03-10T20:00+01:00' }]),
      window,
    );
    const start = Date.parse('2027-03-10T07:00:00Z');
    expect(plan.bands).toEqual([
      { campaignId: 'sale', kind: 'scale-up', startMs: start - 2 * HOUR, endMs: start },
      { campaignId: 'sale', kind: 'campaign', startMs: start, endMs: Date.parse('2027-03-10T19:00:00Z') },
    ]);
  });

  test.each<[string, string, string, boolean]>([
    ['ended 8 days ago', '2027-02-20T00:00Z', '2027-02-21T12:00Z', false],
    ['ended 6 days ago', '2027-02-22T00:00Z', '2027-02-23T12:00Z', true],
    ['starts in 89 days', '2027-05-29T12:00Z', '2027-05-30T00:00Z', true],
    ['starts in 91 days', '2027-05-31T12:00Z', '2027-06-01T00:00Z', false],
    ['starts in 90 days and 1 hour: its scale-up begins inside the window', '2027-05-30T13:00Z', '2027-05-31T00:00Z', true],
  ])('a campaign that %s is drawn: %s', (_label, start, end, drawn) => {
    const plan = campaignBands(campaigns([{ ...base, id: 'one-sale', start, end }]), window);
    expect(plan.drawnCampaignIds).toEqual(drawn ? ['one-sale'] : []);
  });

  test('the template does not grow with history: a hundred past campaigns add nothing', () => {
    const past = Array.from({ length: 100 }, (_, i) => ({
      ...base,
      id: `past-${i}`,
      start: new Date(NOW.getTime() - (30 + i) * DAY).toISOString().replace(/:\d\d\.\d{3}Z$/, 'Z'),
      end: new Date(NOW.getTime() - (30 + i) * DAY + HOUR).toISOString().replace(/:\d\d\.\d{3}Z$/, 'Z'),
    }));
    const upcoming = { ...base, id: 'next', start: '2027-03-05T10:00Z', end: '2027-03-05T12:00Z' };
    expect(campaignBands(campaigns([...past, upcoming]), window)).toEqual(campaignBands(campaigns([upcoming]), window));
  });

  test('an open-ended weekly campaign is drawn for the weeks of the window, following daylight saving', () => {
    const flash = {
      ...base,
      id: 'flash',
      weekly: { days: ['fri'], startTime: '18:00', endTime: '22:00', timeZone: 'Europe/Paris', validFrom: '2027-03-19' },
    };
    // To 2027-04-10: Fridays 19 and 26 March in CET, 2 and 9 April in CEST (summer time starts on 28 March).
    const plan = campaignBands(campaigns([flash]), { ...window, upcomingDays: 40 });
    expect(plan.bands.filter((b) => b.kind === 'campaign').map((b) => new Date(b.startMs).toISOString())).toEqual([
      '2027-03-19T17:00:00.000Z',
      '2027-03-26T17:00:00.000Z',
      '2027-04-02T16:00:00.000Z',
      '2027-04-09T16:00:00.000Z',
    ]);
  });

  test(`a weekly campaign with more than ${MAX_WEEKLY_OCCURRENCES_DRAWN} occurrences in the window is listed, not drawn`, () => {
    const plan = campaignBands(
      campaigns([
        {
          ...base,
          id: 'daily-ish',
          weekly: { days: ['mon', 'wed', 'fri'], startTime: '12:00', endTime: '13:00', timeZone: 'UTC', validFrom: '2027-01-01' },
        },
      ]),
      window,
    );
    expect(plan.bands).toEqual([]);
    expect(plan.undrawn[0]!.reason).toMatch(
      new RegExp(`^\\d+ occurrences in the window, more than the ${MAX_WEEKLY_OCCURRENCES_DRAWN} drawn$`),
    );
  });
});

// --- the dashboard, built from literal settings and a fixture calendar ---

/** A prod-like environment with a provisioned writer and a 2-hour lead time. */
const provisioned: EnvironmentConfig = validateEnvironment({
  ...structuredClone(prod),
  database: { ...structuredClone(prod.database), writer: { kind: 'provisioned', instanceClass: 'db.r6g.xlarge' } },
  preScaler: { ...structuredClone(prod.preScaler), leadTimeMinutes: 120 },
});
const serverless: EnvironmentConfig = validateEnvironment({
  ...structuredClone(dev),
  database: { ...structuredClone(dev.database), writer: { kind: 'serverless-v2', minCapacity: 0.5, maxCapacity: 8 } },
});

const FIXTURE = campaigns([
  {
    ...base,
    id: 'spring-sale',
    start: '2027-03-10T08:00+01:00',
    end: '2027-03-10T20:00+01:00',
    expectedPeak: { transactionsPerSecond: 4200, clientConnections: 5200 },
  },
  {
    ...base,
    id: 'old-sale',
    start: '2026-11-27T00:00+01:00',
    end: '2026-11-28T00:00+01:00',
    expectedPeak: { transactionsPerSecond: 9999 },
  },
]);

type Widget = { type: string; properties: Record<string, any> };
const bodyCache = new Map<EnvironmentConfig, Widget[]>();
function widgets(config: EnvironmentConfig): Widget[] {
  if (!bodyCache.has(config)) {
    const template = monitoringOnlyTemplate(config, {
      campaigns: FIXTURE,
      now: NOW,
      preScalerLogGroupName: '/aws/lambda/aurora-surge-x-pre-scaler',
    });
    bodyCache.set(config, dashboardBody(template).widgets);
  }
  return bodyCache.get(config)!;
}
const graphs = (config: EnvironmentConfig) => widgets(config).filter((w) => w.type === 'metric');
function graph(config: EnvironmentConfig, titleStart: string): Widget {
  const found = graphs(config).filter((g) => String(g.properties.title).startsWith(titleStart));
  if (found.length !== 1) throw new Error(`expected one graph titled "${titleStart}…", found ${found.length}`);
  return found[0]!;
}

/** The metrics of a graph as `namespace metricName stat [dimensions]`, and its expressions. */
function series(w: Widget): { metrics: string[]; expressions: string[] } {
  const metrics: string[] = [];
  const expressions: string[] = [];
  for (const entry of w.properties.metrics as unknown[][]) {
    const first = entry[0];
    if (typeof first === 'object' && first !== null && 'expression' in first) {
      expressions.push((first as { expression: string }).expression);
      continue;
    }
    const options = entry.find((e) => typeof e === 'object') as { stat?: string } | undefined;
    const strings = entry.filter((e): e is string => typeof e === 'string');
    const [namespace, name, ...dims] = strings;
    const stat = options?.stat ?? w.properties.stat ?? 'Average';
    metrics.push(`${namespace} ${name} ${stat} [${dims.join(' ')}]`);
  }
  return { metrics, expressions };
}

const WRITER = '[DBClusterIdentifier aurora-surge-prod Role WRITER]';

describe('the on-call dashboard during a surge', () => {
  test('throughput with the expected peak of each drawn campaign, and the pre-scaler resizes, failovers, emergency steps and override on the time axis', () => {
    const w = graph(provisioned, 'Writer throughput');
    expect(series(w).metrics).toEqual([
      `AWS/RDS CommitThroughput Average ${WRITER}`,
      'AuroraSurge/PreScaler ResizeStarted Sum [Environment prod]',
      'AuroraSurge/PreScaler FailoverStarted Sum [Environment prod]',
      'AuroraSurge/PreScaler EmergencyStepTaken Sum [Environment prod]',
      'AuroraSurge/PreScaler OverrideInForce Maximum [Environment prod]',
    ]);
    // old-sale (November 2026) is outside the window of 2027-03-01: its peak is not drawn.
    expect(w.properties.annotations.horizontal).toEqual([
      { value: 4200, label: 'spring-sale: expected peak 4200 tps', color: expect.any(String), yAxis: 'left' },
    ]);
  });

  test('a surge shows on the time axis: emergency steps and the override next to the writer CPU, and the surge level in its own graph', () => {
    const marks = [
      'AuroraSurge/PreScaler EmergencyStepTaken Sum [Environment prod]',
      'AuroraSurge/PreScaler OverrideInForce Maximum [Environment prod]',
    ];
    expect(series(graph(provisioned, 'Writer CPU')).metrics).toEqual(expect.arrayContaining(marks));
    const surge = graph(provisioned, 'Surge: emergency level');
    expect(series(surge).metrics).toEqual([
      'AuroraSurge/PreScaler SurgeLevel Maximum [Environment prod]',
      ...marks,
      'AuroraSurge/PreScaler SurgeAtCeiling Maximum [Environment prod]',
    ]);
    // The level on the left; the 0/1 marks on the right axis, bounded to 1 so they read as marks.
    expect(surge.properties.yAxis.right).toMatchObject({ min: 0, max: 1 });
    const onRight = (surge.properties.metrics as unknown[][]).filter(
      (e) => (e.find((x) => typeof x === 'object') as { yAxis?: string })?.yAxis === 'right',
    );
    expect(onRight).toHaveLength(3);
  });

  test('the connection storm: new connections at the proxy and behind it, failed logins, availability', () => {
    const storm = series(graph(provisioned, 'Connection storm')).metrics;
    expect(storm).toEqual([
      'AWS/RDS ClientConnectionsReceived Sum [ProxyName aurora-surge-prod]',
      'AWS/RDS DatabaseConnectionRequests Sum [ProxyName aurora-surge-prod]',
    ]);
    expect(series(graph(provisioned, 'Failed logins')).metrics).toEqual([
      'AWS/RDS ClientConnectionsSetupFailedAuth Sum [ProxyName aurora-surge-prod]',
      'AWS/RDS AvailabilityPercentage Average [ProxyName aurora-surge-prod TargetGroup default TargetRole READ_WRITE]',
    ]);
  });

  test("Performance Insights DB load against the running writer's vCPUs", () => {
    const { metrics, expressions } = series(graph(provisioned, 'Writer DB load'));
    expect(metrics).toEqual(
      expect.arrayContaining([
        `AWS/RDS DBLoad Average ${WRITER}`,
        `AWS/RDS DBLoadCPU Average ${WRITER}`,
        `AWS/RDS DBLoadNonCPU Average ${WRITER}`,
        'AuroraSurge/PreScaler ActualWriterCapacity Maximum [Environment prod]',
      ]),
    );
    // 32 GiB (db.r6g.xlarge) is 4 vCPUs, 128 GiB (db.r6g.4xlarge) 16; the baseline's 4 while nothing is reported.
    expect(expressions).toContainEqual(expect.stringMatching(/IF\(mem == 32, 4, .*IF\(mem == 128, 16, .*, 4\)+$/));
  });

  test('the hottest reader: the maximum beside the average', () => {
    expect(series(graph(provisioned, 'Readers CPU')).metrics).toEqual([
      'AWS/RDS CPUUtilization Average [DBClusterIdentifier aurora-surge-prod Role READER]',
      'AWS/RDS CPUUtilization Maximum [DBClusterIdentifier aurora-surge-prod Role READER]',
    ]);
  });

  test('memory in GiB', () => {
    const w = graph(provisioned, 'Writer freeable memory, GiB');
    expect(series(w).expressions).toContain('bytes / 1073741824');
    expect(w.properties.yAxis.left.label).toBe('GiB');
  });

  test('a Logs Insights table of the pre-scaler’s latest decisions and reasons, on its log group', () => {
    const log = widgets(provisioned).find((w) => w.type === 'log')!;
    expect(log.properties.query).toContain("SOURCE '/aws/lambda/aurora-surge-x-pre-scaler'");
    expect(log.properties.query).toContain('action.reason');
    expect(log.properties.query).toContain(`message = "${RUN_LOG_MESSAGE}"`);
    expect(PRE_SCALER_RUN_LOG_MESSAGE).toBe(RUN_LOG_MESSAGE);
  });

  test('every graph draws the drawn campaign and its scale-up band (start − lead time), nothing older than the window', () => {
    for (const g of graphs(provisioned)) {
      expect({ title: g.properties.title, bands: g.properties.annotations?.vertical }).toEqual({
        title: g.properties.title,
        bands: [
          [{ value: '2027-03-10T05:00:00Z', label: 'spring-sale: scale-up', color: '#17becf' }, { value: '2027-03-10T07:00:00Z' }],
          [{ value: '2027-03-10T07:00:00Z', label: 'spring-sale', color: '#9467bd' }, { value: '2027-03-10T19:00:00Z' }],
        ],
      });
    }
  });

  test("alarm thresholds are drawn on their graphs, in the alarm's unit", () => {
    const alarms = alarmsByName(monitoringOnlyTemplate(provisioned));
    const lines = (w: Widget, axis: 'horizontal') =>
      (w.properties.annotations?.[axis] ?? []).map((h: { label: string; value: number }) => [h.label, h.value]);
    for (const [title, alarm] of [
      ['Writer CPU', 'writer-cpu'],
      ['Writer connections', 'writer-connections'],
      ['Writer freeable memory', 'writer-freeable-memory'],
      ['Readers CPU', 'readers-cpu'],
      ['Worst replica lag', 'readers-replica-lag'],
      ['Proxy client connections', 'proxy-client-connections'],
      ['Proxy borrow latency', 'proxy-borrow-latency'],
      ['Proxy backend connections', 'proxy-pinned-connections'],
      ['Proxy query response latency', 'proxy-query-latency'],
    ] as const) {
      expect({ title, lines: lines(graph(provisioned, title), 'horizontal') }).toEqual({
        title,
        lines: expect.arrayContaining([
          ['warning', alarms.get(`aurora-surge-prod-${alarm}-warning`)!.Threshold],
          ['critical', alarms.get(`aurora-surge-prod-${alarm}-critical`)!.Threshold],
        ]),
      });
    }
  });

  test('the header names the time zone, the window and the campaigns drawn, and links the runbook of every alarm', () => {
    const text = widgets(provisioned).find((w) => w.type === 'text')!.properties.markdown as string;
    expect(text).toContain('**Time zone: UTC.**');
    expect(text).toContain('**Campaigns from 2027-02-22 to 2027-05-30**');
    expect(text).toContain('120-minute scale-up lead');
    expect(text).toContain('**spring-sale**: 2027-03-10T07:00:00Z → 2027-03-10T19:00:00Z');
    expect(text).not.toContain('old-sale');
    const runbook = provisioned.monitoring.runbookUrl;
    for (const anchor of ['database-at-risk', 'writer-cpu', 'writer-connections', 'readers-replica-lag', 'proxy-pinned-connections']) {
      expect(text).toContain(`(${runbook}#${anchor})`);
    }
  });

  test('a Serverless v2 writer shows its capacity and no vCPU line', () => {
    expect(graphs(serverless).some((g) => g.properties.title === 'Writer Serverless v2 capacity')).toBe(true);
    expect(graphs(provisioned).some((g) => g.properties.title === 'Writer Serverless v2 capacity')).toBe(false);
    expect(series(graph(serverless, 'Writer DB load')).expressions).toEqual([]);
  });

  test("the secret rotation's alarm has its own status row, and the pre-scaler's segment its own", () => {
    // The whole stack (the rotation alarm lives beside the database), with an empty calendar.
    const template = synthTemplate(loadConfig('prod'), { calendar: { campaigns: [], inputs: [], warnings: [] } });
    const rows = (dashboardBody(template).widgets as Widget[]).filter((w) => w.type === 'alarm');
    const rotation = rows.find((w) => (w.properties as { title?: string }).title === 'Secret rotation');
    expect(rotation?.properties.alarms).toHaveLength(1);
    expect(rows.find((w) => w.properties.title === 'Pre-scaler alarms')?.properties.alarms).toHaveLength(6);
  });
});
