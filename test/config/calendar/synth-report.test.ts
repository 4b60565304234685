import { ENVIRONMENTS } from '../../../config/environments';
import { type EnvironmentProblems, formatEnvironmentProblems, loadEnvironments } from '../../../config/load-environments';
import type { CampaignInput } from '../../../lambda/pre-scaler/core';

const NOW = new Date('2027-01-10T00:00Z');

/** A valid provisioned entry for prod and staging; each case breaks one thing. */
const entry = (change: Record<string, unknown> = {}): CampaignInput =>
  ({
    id: 'spring-sale',
    environments: ['staging', 'prod'],
    start: '2027-03-10T08:00',
    end: '2027-03-10T20:00',
    timeZone: 'Europe/Paris',
    writer: { instanceClass: 'db.r6g.2xlarge' },
    readerFloor: 2,
    ...change,
  }) as CampaignInput;

function problemsBy(report: ReturnType<typeof loadEnvironments>): Record<string, readonly string[]> {
  if (report.ok) return {};
  return Object.fromEntries(report.problems.map((e) => [e.environment, e.problems]));
}

describe('synth reports every problem of every environment at once', () => {
  test('an invalid environment does not hide the others, and an entry is reported only under the environments it lists', () => {
    const staging = structuredClone(ENVIRONMENTS.staging) as Record<string, any>;
    staging.preScaler.scaleDownCpuGuardPercent = 150;
    const report = loadEnvironments({
      now: NOW,
      environments: { dev: ENVIRONMENTS.dev, staging: staging as never, prod: ENVIRONMENTS.prod },
      campaigns: [entry({ id: 'prod-only', environments: ['prod'], readerFloor: 40 })],
    });
    const by = problemsBy(report);
    expect(Object.keys(by)).toEqual(['staging', 'prod']); // dev is clean: the prod-only entry is not labelled [dev]
    expect(by.staging).toHaveLength(1);
    expect(by.staging![0]).toMatch(/^\[staging\] preScaler\.scaleDownCpuGuardPercent: /);
    expect(by.prod).toEqual([
      '[prod] campaigns["prod-only"].readerFloor: 40 is above 15, the Aurora replica limit. Fix: use a whole number from 0 to 15.',
    ]);
  });

  test('within one entry, a shape error does not hide its start/end error; a wrong type is a wrong type', () => {
    const report = loadEnvironments({
      now: NOW,
      environments: { prod: ENVIRONMENTS.prod },
      campaigns: [entry({ readerFloor: '3', end: '2027-03-10T07:00' })],
    });
    expect(problemsBy(report).prod).toEqual([
      '[prod] campaigns["spring-sale"].readerFloor: must be a number, but is "3" (a string). Fix: write it as a number: 3, without quotes.',
      '[prod] campaigns["spring-sale"].end: "2027-03-10T07:00" is not after start "2027-03-10T08:00". Fix: end must be later than start.',
    ]);
  });

  test('ACU 0.3 is one mistake, one line', () => {
    const report = loadEnvironments({
      now: NOW,
      environments: { dev: ENVIRONMENTS.dev },
      campaigns: [entry({ environments: ['dev'], writer: { minCapacity: 0.3 } })],
    });
    expect(problemsBy(report).dev).toEqual([
      '[dev] campaigns["spring-sale"].writer.minCapacity: 0.3 ACU is below the Serverless v2 minimum of 0.5 ACU. Fix: use a multiple of 0.5 from 0.5 to 256, such as 8 or 8.5.',
    ]);
  });

  const BAD_ENTRIES: ReadonlyArray<[string, Record<string, unknown>]> = [
    ['id not a string', { id: 42 }],
    ['bad id', { id: 'Spring Sale' }],
    ['environments not a list', { environments: 'prod' }],
    ['empty environments', { environments: [] }],
    ['empty environment name', { environments: ['prod', ''] }],
    ['unknown environment', { environments: ['prod', 'qa'] }],
    ['start not a string', { start: 20270310 }],
    ['end missing', { end: undefined }],
    ['empty time zone', { timeZone: '' }],
    ['writer not an object', { writer: 'big' }],
    ['writer empty', { writer: {} }],
    ['instance class a number', { writer: { instanceClass: 4 } }],
    ['unknown writer field', { writer: { instanceClass: 'db.r6g.2xlarge', size: 'xl' } }],
    ['reader floor a string', { readerFloor: '3' }],
    ['reader floor negative', { readerFloor: -1 }],
    ['reader floor fractional', { readerFloor: 1.5 }],
    ['owner empty', { owner: '' }],
    ['notes a number', { notes: 3 }],
    ['expected peak negative', { expectedPeak: { clientConnections: -1 } }],
    ['expected peak not a number', { expectedPeak: { transactionsPerSecond: 'many' } }],
    ['unknown field', { colour: 'red' }],
    ['weekly not an object', { start: undefined, end: undefined, weekly: 'fridays' }],
    [
      'weekly day unknown',
      { start: undefined, end: undefined, weekly: { days: ['fr'], startTime: '18:00', endTime: '22:00', timeZone: 'UTC' } },
    ],
    [
      'weekly days empty',
      { start: undefined, end: undefined, weekly: { days: [], startTime: '18:00', endTime: '22:00', timeZone: 'UTC' } },
    ],
    [
      'weekly time a number',
      { start: undefined, end: undefined, weekly: { days: ['fri'], startTime: 18, endTime: '22:00', timeZone: 'UTC' } },
    ],
    [
      'weekly bad date',
      {
        start: undefined,
        end: undefined,
        weekly: { days: ['fri'], startTime: '18:00', endTime: '22:00', timeZone: 'UTC', validFrom: '1/2/2027' },
      },
    ],
  ];

  test.each(BAD_ENTRIES)(
    '%s: every line names the environment, the entry, the field, what is wrong and the fix, in our words',
    (_name, change) => {
      const input = entry(change) as Record<string, unknown>;
      for (const [k, v] of Object.entries(change)) if (v === undefined) delete input[k];
      const report = loadEnvironments({ now: NOW, environments: { prod: ENVIRONMENTS.prod }, campaigns: [input as CampaignInput] });
      const lines = problemsBy(report).prod ?? [];
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line).toMatch(/^\[prod\] campaigns\[("[^"]*"|\d+)\]\.[\w.[\]"]+: .+\. Fix: .+/);
        expect(line).not.toMatch(/Invalid input|Too small|Too big|expected \w+, received|Unrecognized key/);
      }
    },
  );
});

test('the report reads as one message: a count, then each environment with its own lines', () => {
  const report: EnvironmentProblems[] = [
    { environment: 'staging', problems: ['[staging] preScaler.leadTimeMinutes: is 30 minutes … Fix: set it to 66 or more.'] },
    {
      environment: 'prod',
      problems: [
        '[prod] campaigns["a"].start: is required. Fix: set it.',
        '[prod] campaigns["b"].readerFloor: 40 is above 15. Fix: lower it.',
      ],
    },
  ];
  expect(formatEnvironmentProblems(report)).toBe(
    [
      'Synth stopped: 3 configuration problems in 2 environments. Nothing was synthesized.',
      '',
      'staging (1 problem):',
      '  - preScaler.leadTimeMinutes: is 30 minutes … Fix: set it to 66 or more.',
      '',
      'prod (2 problems):',
      '  - campaigns["a"].start: is required. Fix: set it.',
      '  - campaigns["b"].readerFloor: 40 is above 15. Fix: lower it.',
      '',
    ].join('\n'),
  );
});
