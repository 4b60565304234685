import { ConfigError, loadConfig, validateEnvironment } from '../../../config/load-config';
import { loadCalendar } from '../../../config/load-calendar';
import { ENVIRONMENTS } from '../../../config/environments';
import type { CampaignInput } from '../../../config/schema/campaign';

const NOW = new Date('2026-10-01T00:00:00Z');
const prod = loadConfig('prod');
const dev = loadConfig('dev');

/** A valid prod campaign; each case changes one thing. */
const base = {
  id: 'spring-sale',
  environments: ['prod'],
  start: '2027-03-10T08:00',
  end: '2027-03-10T20:00',
  timeZone: 'Europe/Paris',
  writer: { instanceClass: 'db.r6g.2xlarge' },
  readerFloor: 3,
} satisfies CampaignInput;

function problemsOf(env: typeof prod, campaigns: readonly unknown[]): string[] {
  try {
    loadCalendar(env, { now: NOW, campaigns: campaigns as CampaignInput[] });
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('loadCalendar rejects bad entries, naming the environment, the entry, the field and the fix', () => {
  test.each<[string, Record<string, unknown>, string]>([
    [
      'end before start',
      { end: '2027-03-10T07:00' },
      '[prod] campaigns["spring-sale"].end: "2027-03-10T07:00" is not after start "2027-03-10T08:00". Fix: end must be later than start.',
    ],
    ['end equal to start', { end: '2027-03-10T08:00' }, '[prod] campaigns["spring-sale"].end: "2027-03-10T08:00" is not after start'],
    [
      'unparseable time',
      { start: 'next friday 8am' },
      '[prod] campaigns["spring-sale"].start: "next friday 8am" is not an ISO-8601 date and time. Fix: write it like "2026-11-27T06:00+01:00"',
    ],
    [
      'impossible date',
      { start: '2027-02-30T08:00' },
      '[prod] campaigns["spring-sale"].start: "2027-02-30T08:00" is not a real date and time',
    ],
    [
      'no offset and no time zone',
      { timeZone: undefined, end: '2027-03-10T20:00Z' },
      '[prod] campaigns["spring-sale"].start: "2027-03-10T08:00" has no offset and the entry has no timeZone, so the instant is ambiguous. Fix: add an offset',
    ],
    [
      'unknown time zone',
      { timeZone: 'Europe/Pariss' },
      '[prod] campaigns["spring-sale"].timeZone: "Europe/Pariss" is not an IANA time zone. Fix: use a name such as "Europe/Paris"',
    ],
    [
      'offset that contradicts the zone',
      { start: '2027-07-01T08:00+01:00', end: '2027-07-01T20:00+02:00' },
      '[prod] campaigns["spring-sale"].start: "2027-07-01T08:00+01:00" has offset +01:00, but Europe/Paris is at +02:00 on that date. Fix: use "2027-07-01T08:00+02:00"',
    ],
    [
      'local time skipped by daylight saving',
      { start: '2027-03-28T02:30', end: '2027-03-28T20:00' },
      '[prod] campaigns["spring-sale"].start: "2027-03-28T02:30" does not exist in Europe/Paris',
    ],
    [
      'window longer than the maximum',
      { end: '2027-03-30T08:00' },
      '[prod] campaigns["spring-sale"].end: the window lasts 20.0 days, more than the 14-day maximum for a campaign. Fix: shorten it',
    ],
    [
      'unknown instance class',
      { writer: { instanceClass: 'db.r6g.3xlarge' } },
      '[prod] campaigns["spring-sale"].writer.instanceClass: "db.r6g.3xlarge" is not an instance class Aurora offers in this project\'s catalogue. Fix: use one of db.r6g.large',
    ],
    [
      'malformed instance class',
      { writer: { instanceClass: 'r6g.2xlarge' } },
      '[prod] campaigns["spring-sale"].writer.instanceClass: "r6g.2xlarge" is not an instance class name. Fix: write it as db.<family>.<size>, such as "db.r6g.4xlarge"',
    ],
    [
      'writer smaller than the baseline',
      { writer: { instanceClass: 'db.r6g.large' } },
      '[prod] campaigns["spring-sale"].writer.instanceClass: db.r6g.large is smaller than the prod baseline writer db.r6g.xlarge; a campaign can only add capacity. Fix: use db.r6g.xlarge or larger.',
    ],
    [
      'ACU target for a provisioned writer',
      { writer: { minCapacity: 8 } },
      '[prod] campaigns["spring-sale"].writer: sets ACU capacity, but the prod writer is provisioned (db.r6g.xlarge). Fix: set { instanceClass: "…" }',
    ],
    [
      'both kinds of target',
      { writer: { instanceClass: 'db.r6g.2xlarge', minCapacity: 8 } },
      '[prod] campaigns["spring-sale"].writer: sets both instanceClass and ACU capacity. Fix:',
    ],
    [
      'empty writer target',
      { writer: {} },
      '[prod] campaigns["spring-sale"].writer: is empty. Fix: set { instanceClass: "db.r6g.2xlarge" }',
    ],
    [
      'reader floor above the autoscaling maximum',
      { readerFloor: 7 },
      '[prod] campaigns["spring-sale"].readerFloor: 7 is above the prod reader autoscaling maximum (readerAutoScaling.maxReplicas = 6), so the floor could never be set. Fix: lower readerFloor to 6 or raise readerAutoScaling.maxReplicas.',
    ],
    [
      'reader floor above the Aurora limit',
      { readerFloor: 16 },
      '[prod] campaigns["spring-sale"].readerFloor: 16 is above 15, the Aurora replica limit. Fix: use a whole number from 0 to 15.',
    ],
    [
      'unknown environment',
      { environments: ['prod', 'prd'] },
      `[prod] campaigns["spring-sale"].environments[1]: "prd" is not an environment. Fix: use one of ${Object.keys(ENVIRONMENTS).join(', ')}.`,
    ],
    [
      'environment listed twice',
      { environments: ['prod', 'prod'] },
      '[prod] campaigns["spring-sale"].environments: lists an environment twice',
    ],
    [
      'missing end',
      { end: undefined },
      '[prod] campaigns["spring-sale"].end: is required. Fix: a one-off campaign needs both start and end.',
    ],
    [
      'no schedule at all',
      { start: undefined, end: undefined },
      '[prod] campaigns["spring-sale"].start: is required. Fix: set start and end (a one-off campaign), or weekly (a recurring window).',
    ],
    [
      'one-off and weekly together',
      { weekly: { days: ['fri'], startTime: '18:00', endTime: '22:00', timeZone: 'Europe/Paris' } },
      '[prod] campaigns["spring-sale"].weekly: is set together with start/end. Fix: keep either',
    ],
    [
      'misspelt field',
      { readerFlor: 3 },
      '[prod] campaigns["spring-sale"].readerFlor: is not a field here. Fix: remove it or check the spelling',
    ],
    ['missing reader floor', { readerFloor: undefined }, '[prod] campaigns["spring-sale"].readerFloor: is required.'],
    [
      'bad id',
      { id: 'Spring Sale!' },
      '[prod] campaigns["Spring Sale!"].id: "Spring Sale!" is not a campaign id. Fix: use 2–63 lower-case letters, digits or dashes',
    ],
    [
      'negative expected peak',
      { expectedPeak: { clientConnections: -5 } },
      '[prod] campaigns["spring-sale"].expectedPeak.clientConnections: -5 is not a positive number of connections. Fix: use a number above 0',
    ],
  ])('%s', (_name, change, expected) => {
    const entry = { ...base, ...change };
    for (const [k, v] of Object.entries(change)) if (v === undefined) delete (entry as Record<string, unknown>)[k];
    const problems = problemsOf(prod, [entry]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  test.each<[string, Record<string, unknown>, string]>([
    [
      'unknown day',
      { days: ['fri', 'friday'] },
      '[prod] campaigns["friday-deals"].weekly.days[1]: "friday" is not a day. Fix: use one of mon, tue, wed, thu, fri, sat, sun.',
    ],
    [
      'empty window',
      { endTime: '18:00' },
      '[prod] campaigns["friday-deals"].weekly.endTime: equals startTime (18:00), so the window is empty.',
    ],
    [
      'bad local time',
      { startTime: '6pm' },
      '[prod] campaigns["friday-deals"].weekly.startTime: "6pm" is not a local time. Fix: write it as "HH:mm", such as "18:00".',
    ],
    ['unknown zone', { timeZone: 'Paris' }, '[prod] campaigns["friday-deals"].weekly.timeZone: "Paris" is not an IANA time zone.'],
    [
      'dates in the wrong order',
      { validFrom: '2027-06-01', validUntil: '2027-01-01' },
      '[prod] campaigns["friday-deals"].weekly.validUntil: "2027-01-01" is before validFrom "2027-06-01". Fix: swap or correct the dates.',
    ],
    [
      'a start time inside the spring gap',
      { days: ['sun'], startTime: '02:30', endTime: '06:00' },
      '[prod] campaigns["friday-deals"].weekly.startTime: "02:30" does not exist in Europe/Paris on 2025-03-30 (the clocks jump forward then), a day this window starts. Fix: pick a time outside the daylight-saving change.',
    ],
    [
      'an end time inside the spring gap, the day after the start',
      { days: ['sat'], startTime: '22:00', endTime: '02:15' },
      '[prod] campaigns["friday-deals"].weekly.endTime: "02:15" does not exist in Europe/Paris on 2025-03-30 (the clocks jump forward then), a day this window ends.',
    ],
    [
      'a spring-gap start checked within its validity only',
      { days: ['sun'], startTime: '02:30', endTime: '06:00', validFrom: '2027-03-29', validUntil: '2028-03-25' },
      '',
    ],
  ])('weekly entry: %s', (_name, change, expected) => {
    const weekly = { days: ['fri'], startTime: '18:00', endTime: '22:00', timeZone: 'Europe/Paris', ...change };
    const entry = { id: 'friday-deals', environments: ['prod'], weekly, writer: { instanceClass: 'db.r6g.2xlarge' }, readerFloor: 2 };
    const problems = problemsOf(prod, [entry]);
    if (expected === '') return expect(problems).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  test.each<[string, Record<string, unknown>, string]>([
    [
      'instance class for a Serverless v2 writer',
      { writer: { instanceClass: 'db.r6g.2xlarge' } },
      '[dev] campaigns["dev-test"].writer: sets instanceClass, but the dev writer is Serverless v2 (0.5–8 ACU). Fix: set { minCapacity: … } in ACU',
    ],
    [
      'maximum below the baseline maximum',
      { writer: { minCapacity: 2, maxCapacity: 4 } },
      '[dev] campaigns["dev-test"].writer.maxCapacity: 4 ACU is below the dev baseline maximum 8 ACU; a campaign can only add capacity. Fix: remove maxCapacity or set it to 8 ACU or more.',
    ],
    [
      'maximum below the minimum',
      { writer: { minCapacity: 16, maxCapacity: 8 } },
      '[dev] campaigns["dev-test"].writer.maxCapacity: 8 ACU is below minCapacity 16 ACU. Fix: raise maxCapacity or remove it.',
    ],
    [
      'capacity not in half steps',
      { writer: { minCapacity: 2.3 } },
      '[dev] campaigns["dev-test"].writer.minCapacity: 2.3 ACU is not a multiple of 0.5 ACU. Fix: use a multiple of 0.5 from 0.5 to 256',
    ],
    [
      'maximum only',
      { writer: { maxCapacity: 16 } },
      '[dev] campaigns["dev-test"].writer.minCapacity: is required for a Serverless v2 target.',
    ],
  ])('Serverless v2: %s', (_name, change, expected) => {
    const entry = {
      id: 'dev-test',
      environments: ['dev'],
      start: '2027-03-10T08:00Z',
      end: '2027-03-10T12:00Z',
      writer: { minCapacity: 4 },
      readerFloor: 2,
      ...change,
    };
    const problems = problemsOf(dev, [entry]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  test('duplicate ids are reported once, with their positions', () => {
    const problems = problemsOf(prod, [base, { ...base, start: '2027-04-10T08:00', end: '2027-04-10T20:00' }]);
    expect(problems).toEqual([
      '[prod] campaigns["spring-sale"].id: is used by 2 entries (positions 0, 1 in the list). Fix: give each entry its own id, such as "spring-sale-2".',
    ]);
  });

  test('every problem is reported at once, in one ConfigError', () => {
    const entries = [
      { ...base, id: 'a-sale', end: '2027-03-10T07:00' },
      { ...base, id: 'b-sale', readerFloor: 9 },
      { ...base, id: 'c-sale', writer: { instanceClass: 'db.r6g.large' } },
    ];
    expect(() => loadCalendar(prod, { now: NOW, campaigns: entries })).toThrow(ConfigError);
    const problems = problemsOf(prod, entries);
    expect(problems.map((p) => p.slice(0, p.indexOf(':')))).toEqual([
      '[prod] campaigns["a-sale"].end',
      '[prod] campaigns["b-sale"].readerFloor',
      '[prod] campaigns["c-sale"].writer.instanceClass',
    ]);
  });

  test('an entry for another environment is neither checked against this environment nor reported under it', () => {
    // Valid for dev; its ACU target would be wrong for prod, but prod does not judge it.
    const devEntry = {
      id: 'dev-test',
      environments: ['dev'],
      start: '2027-03-10T08:00Z',
      end: '2027-03-10T12:00Z',
      writer: { minCapacity: 4 },
      readerFloor: 2,
    };
    expect(problemsOf(prod, [devEntry])).toEqual([]);
    // Its own mistakes are dev's (synth validates every environment at once, so it still stops synth).
    expect(problemsOf(prod, [{ ...devEntry, end: '2027-03-10T07:00Z' }])).toEqual([]);
    expect(problemsOf(dev, [{ ...devEntry, end: '2027-03-10T07:00Z' }])).toEqual([
      '[dev] campaigns["dev-test"].end: "2027-03-10T07:00Z" is not after start "2027-03-10T08:00Z". Fix: end must be later than start.',
    ]);
  });

  test('a lead time too short for the provisioned steps is a problem of the environment', () => {
    const hurried = validateEnvironment(
      { ...ENVIRONMENTS.prod, preScaler: { ...ENVIRONMENTS.prod.preScaler, leadTimeMinutes: 30 } },
      'prod',
    );
    expect(problemsOf(hurried, [base])).toEqual([
      "[prod] preScaler.leadTimeMinutes: is 30 minutes, but a provisioned writer needs about 66 minutes to reach a campaign's capacity (add a spare reader, resize the standby, fail over, resize the old writer, one 5-minute run between steps). Fix: set leadTimeMinutes to 66 or more.",
    ]);
    // The rule holds without campaigns too: one may be added any day.
    expect(problemsOf(hurried, [])).toEqual([expect.stringContaining('[prod] preScaler.leadTimeMinutes: is 30 minutes')]);
  });

  test('a Serverless v2 writer needs less lead time', () => {
    const hurried = validateEnvironment(
      { ...ENVIRONMENTS.dev, preScaler: { ...ENVIRONMENTS.dev.preScaler, scheduleRateMinutes: 15, leadTimeMinutes: 40 } },
      'dev',
    );
    const entry = {
      id: 'dev-test',
      environments: ['dev'],
      start: '2027-03-10T08:00Z',
      end: '2027-03-10T12:00Z',
      writer: { minCapacity: 4 },
      readerFloor: 2,
    };
    expect(problemsOf(hurried, [entry])).toEqual([
      expect.stringContaining('[dev] preScaler.leadTimeMinutes: is 40 minutes, but a serverless-v2 writer needs about 41 minutes'),
    ]);
  });
});

describe("loadCalendar returns the environment's campaigns and warnings", () => {
  test('times with an offset and times with a zone give the same instant', () => {
    const a = loadCalendar(prod, { now: NOW, campaigns: [base] }).campaigns[0]!;
    const b = loadCalendar(prod, {
      now: NOW,
      campaigns: [{ ...base, timeZone: undefined, start: '2027-03-10T08:00+01:00', end: '2027-03-10T19:00Z' }],
    }).campaigns[0]!;
    expect(a.schedule).toEqual({ kind: 'once', startMs: Date.parse('2027-03-10T07:00Z'), endMs: Date.parse('2027-03-10T19:00Z') });
    expect(b.schedule).toEqual(a.schedule);
  });

  test('only the entries that list the environment are returned', () => {
    const other = { ...base, id: 'staging-only', environments: ['staging'] };
    expect(loadCalendar(prod, { now: NOW, campaigns: [base, other] }).campaigns.map((c) => c.id)).toEqual(['spring-sale']);
  });

  test('overlaps are allowed and reported', () => {
    const overlapping = { ...base, id: 'flash-sale', start: '2027-03-10T18:00', end: '2027-03-10T23:00' };
    const { campaigns, warnings } = loadCalendar(prod, { now: NOW, campaigns: [base, overlapping] });
    expect(campaigns).toHaveLength(2);
    expect(warnings).toEqual([
      '[prod] campaigns["spring-sale"] overlaps campaigns["flash-sale"] (from 2027-03-10T17:00Z to 2027-03-10T19:00Z): while both run, the larger target of each dimension applies.',
    ]);
  });

  test('a weekly window that meets a one-off campaign is reported as an overlap', () => {
    const weekly: CampaignInput = {
      id: 'wednesday-deals',
      environments: ['prod'],
      weekly: { days: ['wed'], startTime: '19:00', endTime: '21:00', timeZone: 'Europe/Paris' },
      writer: { instanceClass: 'db.r6g.2xlarge' },
      readerFloor: 2,
    };
    const { warnings } = loadCalendar(prod, { now: NOW, campaigns: [base, weekly] }); // 2027-03-10 is a Wednesday
    expect(warnings).toEqual([
      '[prod] campaigns["spring-sale"] overlaps campaigns["wednesday-deals"] (from 2027-03-10T18:00Z to 2027-03-10T19:00Z): while both run, the larger target of each dimension applies.',
    ]);
  });

  test('back-to-back campaigns are not overlaps', () => {
    const next = { ...base, id: 'evening-sale', start: '2027-03-10T20:00', end: '2027-03-10T23:00' };
    expect(loadCalendar(prod, { now: NOW, campaigns: [base, next] }).warnings).toEqual([]);
  });

  test('an entry that ended long ago is a warning to prune, never an error, and is still returned', () => {
    const old = { ...base, id: 'summer-sale-2026', start: '2026-07-01T08:00', end: '2026-07-01T20:00' };
    const { campaigns, warnings } = loadCalendar(prod, { now: NOW, campaigns: [old] });
    expect(campaigns.map((c) => c.id)).toEqual(['summer-sale-2026']);
    expect(warnings).toEqual([
      '[prod] campaigns["summer-sale-2026"] ended 2026-07-01T18:00Z, more than 30 days ago. Prune it from config/campaigns.ts: it has no effect any more.',
    ]);
  });

  test('a campaign added inside its lead time is accepted with a warning that capacity may be late', () => {
    const soon = { ...base, id: 'surprise-sale', start: '2026-10-01T00:40Z', end: '2026-10-01T06:00Z', timeZone: undefined };
    const { warnings } = loadCalendar(prod, { now: NOW, campaigns: [soon] });
    expect(warnings).toEqual([
      '[prod] campaigns["surprise-sale"] starts 2026-10-01T00:40Z, in 40 min: inside the 120-minute lead time. The pre-scaler acts at once, but capacity may be late; run `npm run plan -- --env prod` to see when it will be ready.',
    ]);
  });

  test('the returned campaigns do not depend on the clock', () => {
    const old = { ...base, id: 'summer-sale-2026', start: '2026-07-01T08:00', end: '2026-07-01T20:00' };
    const early = loadCalendar(prod, { now: new Date('2026-01-01T00:00Z'), campaigns: [old, base] });
    const late = loadCalendar(prod, { now: new Date('2030-01-01T00:00Z'), campaigns: [old, base] });
    expect(late.campaigns).toEqual(early.campaigns);
    expect(late.warnings).not.toEqual(early.warnings);
  });
});
