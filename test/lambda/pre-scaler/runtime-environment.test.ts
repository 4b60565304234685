import type { CampaignInput } from '../../../lambda/pre-scaler/core';
import {
  campaignVariableName,
  decodePreScalerEnvironment,
  encodePreScalerEnvironment,
  environmentSize,
  PreScalerEnvironmentError,
} from '../../../lambda/pre-scaler/runtime-environment';
import { DEV, PROD } from '../../planner/fixtures';

const BLACK_FRIDAY: CampaignInput = {
  id: 'black-friday-2027',
  environments: ['staging', 'prod'],
  start: '2027-11-26T00:00',
  end: '2027-11-27T02:00',
  timeZone: 'Europe/Paris',
  writer: { instanceClass: 'db.r6g.4xlarge' },
  readerFloor: 4,
  owner: 'ops@example.com',
  notes: 'TV spot at 20:45',
  expectedPeak: { clientConnections: 6000 },
};
const DEV_ONLY: CampaignInput = {
  id: 'dev-test',
  environments: ['dev'],
  start: '2027-01-01T10:00Z',
  end: '2027-01-01T12:00Z',
  writer: { minCapacity: 2 },
  readerFloor: 1,
};

const encode = (campaigns: CampaignInput[] = [BLACK_FRIDAY, DEV_ONLY]) =>
  encodePreScalerEnvironment({
    clusterIdentifier: 'aurora-surge-prod',
    settings: PROD,
    campaigns,
    dryRun: false,
    notReadyAlarmMinutes: 30,
  });

function problemsOf(variables: Record<string, string | undefined>): readonly string[] {
  try {
    decodePreScalerEnvironment(variables);
  } catch (err) {
    if (err instanceof PreScalerEnvironmentError) return err.problems;
    throw err;
  }
  throw new Error('expected the environment to be refused');
}

describe('encodePreScalerEnvironment', () => {
  test('one variable per campaign of this environment, only the fields the planner reads, listing only this environment', () => {
    const variables = encode();
    expect(Object.keys(variables).sort()).toEqual([
      'CAMPAIGN_BLACK_FRIDAY_2027',
      'CLUSTER_IDENTIFIER',
      'DRY_RUN',
      'NOT_READY_ALARM_MINUTES',
      'PLANNER_SETTINGS',
    ]);
    expect(JSON.parse(variables.CAMPAIGN_BLACK_FRIDAY_2027!)).toEqual({
      id: 'black-friday-2027',
      environments: ['prod'],
      start: '2027-11-26T00:00',
      end: '2027-11-27T02:00',
      timeZone: 'Europe/Paris',
      writer: { instanceClass: 'db.r6g.4xlarge' },
      readerFloor: 4,
    });
    expect(variables).toMatchObject({ CLUSTER_IDENTIFIER: 'aurora-surge-prod', DRY_RUN: 'false', NOT_READY_ALARM_MINUTES: '30' });
  });

  test('the settings leave the instance class catalogue out (it is bundled code)', () => {
    const settings = JSON.parse(encode().PLANNER_SETTINGS!);
    expect(settings.instanceClassSizes).toBeUndefined();
    expect(settings).toMatchObject({
      environment: 'prod',
      baseline: { writer: { kind: 'provisioned', instanceClass: 'db.r6g.xlarge' }, readerFloor: 1 },
      leadTimeMinutes: 120,
    });
  });

  test('campaign variable names are one-to-one with campaign ids', () => {
    expect(campaignVariableName('black-friday-2027')).toBe('CAMPAIGN_BLACK_FRIDAY_2027');
    expect(campaignVariableName('a1')).toBe('CAMPAIGN_A1');
  });

  test('size counts keys and values', () => {
    expect(environmentSize({ AB: 'cd', É: 'é' })).toBe(4 + 4);
  });
});

describe('decodePreScalerEnvironment', () => {
  test('round trip: settings with the bundled catalogue, the campaigns validated', () => {
    const config = decodePreScalerEnvironment(encode());
    expect(config.clusterIdentifier).toBe('aurora-surge-prod');
    expect(config.dryRun).toBe(false);
    expect(config.notReadyAlarmMinutes).toBe(30);
    expect(config.settings).toEqual(PROD);
    expect(config.calendar.map((c) => c.id)).toEqual(['black-friday-2027']);
    expect(config.calendar[0]!.schedule).toEqual({
      kind: 'once',
      startMs: Date.parse('2027-11-25T23:00Z'),
      endMs: Date.parse('2027-11-27T01:00Z'),
    });
  });

  test('a Serverless v2 environment round-trips too', () => {
    const variables = encodePreScalerEnvironment({
      clusterIdentifier: 'aurora-surge-dev',
      settings: DEV,
      campaigns: [DEV_ONLY],
      dryRun: true,
      notReadyAlarmMinutes: 15,
    });
    const config = decodePreScalerEnvironment(variables);
    expect(config).toMatchObject({ dryRun: true, notReadyAlarmMinutes: 15, settings: DEV });
    expect(config.calendar.map((c) => c.id)).toEqual(['dev-test']);
  });

  test.each<[string, (v: Record<string, string | undefined>) => void, RegExp]>([
    [
      'a missing cluster',
      (v) => {
        delete v.CLUSTER_IDENTIFIER;
      },
      /^CLUSTER_IDENTIFIER: is missing\. Fix: correct config\/ and deploy the stack again/,
    ],
    [
      'a dry-run switch that is not true or false',
      (v) => {
        v.DRY_RUN = 'yes';
      },
      /^DRY_RUN: is "yes", not "true" or "false"\./,
    ],
    [
      'settings that are not JSON',
      (v) => {
        v.PLANNER_SETTINGS = '{';
      },
      /^PLANNER_SETTINGS: is not valid JSON/,
    ],
    [
      'a setting synth would refuse',
      (v) => {
        v.PLANNER_SETTINGS = JSON.stringify({ ...JSON.parse(v.PLANNER_SETTINGS as string), scaleDownCpuGuardPercent: 140 });
      },
      /^PLANNER_SETTINGS\.scaleDownCpuGuardPercent: must be between 1 and 100 percent\./,
    ],
    [
      'an unknown setting',
      (v) => {
        v.PLANNER_SETTINGS = JSON.stringify({ ...JSON.parse(v.PLANNER_SETTINGS as string), extra: 1 });
      },
      /^PLANNER_SETTINGS: Unrecognized key: "extra"\. Fix:/,
    ],
    [
      "a campaign under another campaign's name",
      (v) => {
        v.CAMPAIGN_OTHER = v.CAMPAIGN_BLACK_FRIDAY_2027;
      },
      /^CAMPAIGN_OTHER: holds the entry "black-friday-2027", not the campaign its name says\./,
    ],
    [
      'a campaign entry that breaks a calendar rule',
      (v) => {
        v.CAMPAIGN_BLACK_FRIDAY_2027 = JSON.stringify({ ...JSON.parse(v.CAMPAIGN_BLACK_FRIDAY_2027 as string), readerFloor: 99 });
      },
      /^campaigns\["black-friday-2027"\]\.readerFloor: must be at most 15/,
    ],
  ])('refuses %s, naming the variable and the fix', (_name, spoil, expected) => {
    const variables: Record<string, string | undefined> = { ...encode() };
    spoil(variables);
    const problems = problemsOf(variables);
    expect(problems).toEqual([expect.stringMatching(expected)]);
  });

  test('the error names the environment and lists every problem', () => {
    const variables: Record<string, string | undefined> = { ...encode(), DRY_RUN: 'maybe', CAMPAIGN_X: 'not json' };
    expect(() => decodePreScalerEnvironment(variables)).toThrow(
      /^\[prod\] pre-scaler configuration is invalid \(2 problems\); it acts on nothing until it is fixed:\n {2}- DRY_RUN: .*\n {2}- CAMPAIGN_X: is not valid JSON/,
    );
  });
});
