import {
  CALENDAR_FILE_FORMAT,
  encodeCalendarFile,
  encodePreScalerEnvironment,
  loadPreScalerRuntimeConfig,
  PreScalerConfigurationError,
} from '../../../lambda/pre-scaler/contract';
import { validateEnvironmentCalendar, type CalendarRules, type CampaignInput, type PlannerSettings } from '../../../lambda/pre-scaler/core';

/** Literal settings and rules: this test depends on neither the committed environments nor the committed calendar. */
const SIZES = {
  'db.r6g.large': { memoryGiB: 16, vcpus: 2 },
  'db.r6g.xlarge': { memoryGiB: 32, vcpus: 4 },
  'db.r6g.4xlarge': { memoryGiB: 128, vcpus: 16 },
};
const SHOP: PlannerSettings = {
  environment: 'shop',
  baseline: { writer: { kind: 'provisioned', instanceClass: 'db.r6g.xlarge' }, readerFloor: 1 },
  leadTimeMinutes: 120,
  coolDownMinutes: 60,
  scaleDownCpuGuardPercent: 40,
  lowTrafficWindow: { daily: '02:00-06:00', timeZone: 'Europe/Paris' },
  failoverMaxReplicaLagMs: 500,
  instanceClassSizes: SIZES,
};
const LAB: PlannerSettings = {
  environment: 'lab',
  baseline: { writer: { kind: 'serverless-v2', minCapacity: 0.5, maxCapacity: 8 }, readerFloor: 1 },
  leadTimeMinutes: 60,
  coolDownMinutes: 30,
  scaleDownCpuGuardPercent: 50,
  instanceClassSizes: SIZES,
};
const RULES: CalendarRules = { knownEnvironments: ['lab', 'shop'], readerMaxReplicas: 6, scheduleRateMinutes: 5 };

const SALE: CampaignInput = {
  id: 'winter-sale',
  environments: ['shop', 'lab'],
  start: '2027-01-08T06:00',
  end: '2027-01-09T02:00',
  timeZone: 'Europe/Paris',
  writer: { instanceClass: 'db.r6g.4xlarge' },
  readerFloor: 4,
  owner: 'ops@example.com',
  notes: 'TV spot at 20:45',
  expectedPeak: { clientConnections: 6000, multipleOfBaseline: 4 },
};
const FRIDAYS: CampaignInput = {
  id: 'friday-flash',
  environments: ['shop'],
  weekly: { days: ['fri'], startTime: '18:00', endTime: '22:00', timeZone: 'Europe/Paris', validFrom: '2027-01-01' },
  writer: { instanceClass: 'db.r6g.4xlarge' },
  readerFloor: 2,
};
const LAB_TEST: CampaignInput = {
  id: 'lab-load-test',
  environments: ['lab'],
  start: '2027-01-01T10:00Z',
  end: '2027-01-01T12:00Z',
  writer: { minCapacity: 2, maxCapacity: 16 },
  readerFloor: 2,
};

const variables = (overrides: Record<string, string | undefined> = {}) => ({
  ...encodePreScalerEnvironment({ clusterIdentifier: 'aurora-surge-shop', dryRun: false, notReadyAlarmMinutes: 30 }),
  ...overrides,
});
const file = (campaigns: readonly CampaignInput[], settings: PlannerSettings = SHOP, rules: CalendarRules = RULES) =>
  encodeCalendarFile({ settings, rules, campaigns });

function problemsOf(env: Record<string, string | undefined>, calendarFile: string | undefined): readonly string[] {
  try {
    loadPreScalerRuntimeConfig(env, calendarFile);
  } catch (err) {
    if (err instanceof PreScalerConfigurationError) return err.problems;
    throw err;
  }
  throw new Error('expected the configuration to be refused');
}

describe('the round trip from synth to the function', () => {
  test.each([
    ['a provisioned environment', SHOP, [SALE, FRIDAYS]],
    ['a Serverless v2 environment', LAB, [LAB_TEST]],
  ] as const)('%s: the decoded calendar deep-equals the one synth validated, every field kept', (_name, settings, campaigns) => {
    const validated = validateEnvironmentCalendar({ settings, rules: RULES, campaigns });
    expect(validated.problems).toEqual([]);
    const config = loadPreScalerRuntimeConfig(variables(), file(campaigns, settings));
    expect(config.calendar).toEqual(validated.campaigns);
    expect(config.settings).toEqual(settings);
    expect(config).toMatchObject({ clusterIdentifier: 'aurora-surge-shop', dryRun: false, notReadyAlarmMinutes: 30 });
  });

  test('the optional fields of an entry (owner, notes, expected peak) reach the function', () => {
    const [sale] = loadPreScalerRuntimeConfig(variables(), file([SALE])).calendar;
    expect(sale).toMatchObject({ owner: 'ops@example.com', notes: 'TV spot at 20:45', expectedPeak: SALE.expectedPeak });
  });

  test('the file carries its format, the settings with the catalogue, the rules and the entries as written', () => {
    expect(JSON.parse(file([SALE]))).toEqual({ format: CALENDAR_FILE_FORMAT, settings: SHOP, rules: RULES, campaigns: [SALE] });
  });

  test('the variables are three scalars', () => {
    expect(encodePreScalerEnvironment({ clusterIdentifier: 'c', dryRun: true, notReadyAlarmMinutes: 15 })).toEqual({
      CLUSTER_IDENTIFIER: 'c',
      DRY_RUN: 'true',
      NOT_READY_ALARM_MINUTES: '15',
    });
  });
});

describe('the function refuses what synth refuses, with the same words', () => {
  test.each<[string, CampaignInput, string]>([
    [
      'a class outside the catalogue',
      { ...SALE, writer: { instanceClass: 'db.r6g.96xlarge' } },
      'campaigns["winter-sale"].writer.instanceClass: "db.r6g.96xlarge" is not an instance class Aurora offers in this project\'s catalogue. Fix: use one of db.r6g.large, db.r6g.xlarge, db.r6g.4xlarge (or add it to config/instance-classes.ts).',
    ],
    [
      'an ACU target on a provisioned writer',
      { ...SALE, writer: { minCapacity: 8 } },
      'campaigns["winter-sale"].writer: sets ACU capacity, but the shop writer is provisioned (db.r6g.xlarge). Fix: set { instanceClass: "…" } at least db.r6g.xlarge, or split the entry per environment.',
    ],
    [
      'a class below the baseline',
      { ...SALE, writer: { instanceClass: 'db.r6g.large' } },
      'campaigns["winter-sale"].writer.instanceClass: db.r6g.large is smaller than the shop baseline writer db.r6g.xlarge; a campaign can only add capacity. Fix: use db.r6g.xlarge or larger.',
    ],
    [
      'a reader floor above the maximum',
      { ...SALE, readerFloor: 7 },
      'campaigns["winter-sale"].readerFloor: 7 is above the shop reader autoscaling maximum (readerAutoScaling.maxReplicas = 6), so the floor could never be set. Fix: lower readerFloor to 6 or raise readerAutoScaling.maxReplicas.',
    ],
    [
      'an environment that does not exist',
      { ...SALE, environments: ['shop', 'prdo'] },
      'campaigns["winter-sale"].environments[1]: "prdo" is not an environment. Fix: use one of lab, shop.',
    ],
  ])('%s', (_name, entry, message) => {
    const synth = validateEnvironmentCalendar({ settings: SHOP, rules: RULES, campaigns: [entry] }).problems;
    expect(synth.map((p) => `${p.path}: ${p.message}`)).toEqual([message]);
    expect(problemsOf(variables(), file([entry]))).toEqual([message]);
  });

  test('one bad entry refuses the whole calendar, and every problem is listed', () => {
    expect(() =>
      loadPreScalerRuntimeConfig(variables(), file([FRIDAYS, { ...SALE, readerFloor: 7 }, { ...SALE, id: 'x2', writer: {} }])),
    ).toThrow(
      /^\[shop\] pre-scaler configuration is invalid \(2 problems\); it acts on nothing until it is fixed:\n {2}- campaigns\["x2"\]\.writer: is empty\. .*\n {2}- campaigns\["winter-sale"\]\.readerFloor: 7 is above/,
    );
  });

  test('a lead time too short for the steps is refused, as at synth', () => {
    expect(problemsOf(variables(), file([SALE], { ...SHOP, leadTimeMinutes: 20 }))).toEqual([
      expect.stringMatching(
        /^preScaler\.leadTimeMinutes: is 20 minutes, but a provisioned writer needs about \d+ minutes .*Fix: set leadTimeMinutes to \d+ or more\.$/,
      ),
    ]);
  });
});

describe('a damaged deployment names the variable or the field, and the fix', () => {
  const FIX = /Fix: correct config\/ and deploy the stack again/;
  test.each<[string, Record<string, string | undefined>, string | undefined, RegExp]>([
    ['a missing cluster', variables({ CLUSTER_IDENTIFIER: undefined }), file([SALE]), /^CLUSTER_IDENTIFIER: is missing\./],
    [
      'a dry-run switch that is not true or false',
      variables({ DRY_RUN: 'yes' }),
      file([SALE]),
      /^DRY_RUN: is "yes", not "true" or "false"\./,
    ],
    ['minutes that are not a number', variables({ NOT_READY_ALARM_MINUTES: 'soon' }), file([SALE]), /^NOT_READY_ALARM_MINUTES: is "soon"/],
    ['no calendar file', variables(), undefined, /^calendar\.json: is missing from the function's code\./],
    ['a calendar file that is not JSON', variables(), '{', /^calendar\.json: is not valid JSON/],
    [
      'a calendar file of another format',
      variables(),
      JSON.stringify({ ...JSON.parse(file([SALE])), format: 2 }),
      /^calendar\.json\.format: is 2, not 1\./,
    ],
    [
      'a setting synth would refuse',
      variables(),
      file([SALE], { ...SHOP, scaleDownCpuGuardPercent: 140 }),
      /^calendar\.json\.settings\.scaleDownCpuGuardPercent: must be between 1 and 100 percent\./,
    ],
  ])('%s', (_name, env, calendarFile, expected) => {
    const problems = problemsOf(env, calendarFile);
    expect(problems).toEqual([expect.stringMatching(expected)]);
    expect(problems[0]).toMatch(FIX);
  });

  test('the error names the environment of the file, and lists problems of the variables and the file together', () => {
    expect(() => loadPreScalerRuntimeConfig(variables({ DRY_RUN: 'maybe' }), file([{ ...SALE, readerFloor: 7 }]))).toThrow(
      /^\[shop\] pre-scaler configuration is invalid \(2 problems\).*\n {2}- DRY_RUN: .*\n {2}- campaigns\["winter-sale"\]\.readerFloor/,
    );
  });
});
