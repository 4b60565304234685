import { parseSurgeArgs, SurgeUsageError } from '../../../tools/surge/args';
import { parseOverrideDuration } from '../../../tools/surge/duration';
import { validateOverrideRequest } from '../../../tools/surge/validate-override';
import { provisionedSettings, serverlessSettings } from './surge-fixtures';

const rules = (settings = provisionedSettings()) => ({ settings, readerMaxReplicas: 6 });
const validate = (argv: string[], settings = provisionedSettings()) =>
  validateOverrideRequest(parseSurgeArgs(['--env', 'shop', ...argv]), rules(settings));
const REASON = ['--reason', 'TV spot at 20:00 decided by on-call @anna'];

describe('a valid override', () => {
  test('provisioned: writer, readers, duration and reason', () => {
    expect(validate(['--writer', 'db.r6g.4xlarge', '--readers', '4', '--for', '6h', ...REASON])).toEqual({
      ok: true,
      request: {
        kind: 'set',
        writer: { kind: 'provisioned', instanceClass: 'db.r6g.4xlarge' },
        readerFloor: 4,
        durationMinutes: 360,
        reason: 'TV spot at 20:00 decided by on-call @anna',
      },
    });
  });

  test('readers alone leave the writer to the calendar', () => {
    const v = validate(['--readers', '3', '--for', '90m', '--reason', 'newsletter']);
    expect(v).toEqual({ ok: true, request: { kind: 'set', readerFloor: 3, durationMinutes: 90, reason: 'newsletter' } });
  });

  test('Serverless v2: --min-acu alone raises the maximum to it when it is above the baseline maximum', () => {
    const v = validate(['--min-acu', '24', '--for', '1h30m', '--reason', 'surge'], serverlessSettings());
    expect(v).toMatchObject({
      ok: true,
      request: { writer: { kind: 'serverless-v2', minCapacity: 24, maxCapacity: 24 }, durationMinutes: 90 },
    });
  });

  test('Serverless v2: both bounds', () => {
    const v = validate(['--min-acu', '16', '--max-acu', '64', '--for', '2h', '--reason', 'surge'], serverlessSettings());
    expect(v).toMatchObject({ ok: true, request: { writer: { kind: 'serverless-v2', minCapacity: 16, maxCapacity: 64 } } });
  });

  test('without a reactive ceiling, an override is bounded by the catalogue and the baseline only', () => {
    const v = validate(['--writer', 'db.r6g.8xlarge', '--for', '1h', '--reason', 'surge'], provisionedSettings(null));
    expect(v).toMatchObject({ ok: true, request: { writer: { instanceClass: 'db.r6g.8xlarge' } } });
  });

  test('--clear alone', () => {
    expect(validate(['--clear'])).toEqual({ ok: true, request: { kind: 'clear' } });
  });
});

describe('an invalid override: every problem names the environment, the flag and the fix', () => {
  test.each<[string, string[], RegExp, ReturnType<typeof provisionedSettings>]>([
    [
      'a class outside the catalogue',
      ['--writer', 'db.r6g.5xlarge'],
      /^\[shop\] --writer: "db\.r6g\.5xlarge" is not an instance class .*Fix: use one of db\.r6g\.large, db\.r6g\.xlarge/,
      provisionedSettings(),
    ],
    [
      'a class of another family',
      ['--writer', 'db.r7g.4xlarge'],
      /^\[shop\] --writer: db\.r7g\.4xlarge is not of the shop writer's family db\.r6g .*Fix: use one of db\.r6g/,
      provisionedSettings(),
    ],
    [
      'a class below the baseline',
      ['--writer', 'db.r6g.large'],
      /^\[shop\] --writer: db\.r6g\.large is smaller than the shop baseline writer db\.r6g\.xlarge.*Fix: use db\.r6g\.xlarge or larger\./,
      provisionedSettings(),
    ],
    [
      'a class above the ceiling',
      ['--writer', 'db.r6g.8xlarge'],
      /^\[shop\] --writer: db\.r6g\.8xlarge is above the shop ceiling db\.r6g\.4xlarge \(preScaler\.reactive\.ceiling\)\. Fix: use db\.r6g\.4xlarge or smaller, or raise the ceiling in config\/environments\/shop\.ts/,
      provisionedSettings(),
    ],
    [
      'ACU flags on a provisioned writer',
      ['--min-acu', '8'],
      /^\[shop\] --min-acu: the shop writer is provisioned \(db\.r6g\.xlarge\).*Fix: use --writer/,
      provisionedSettings(),
    ],
    [
      'a class on a Serverless v2 writer',
      ['--writer', 'db.r6g.4xlarge'],
      /^\[shop\] --writer: the shop writer is Serverless v2 \(2–16 ACU\).*Fix: use --min-acu/,
      serverlessSettings(),
    ],
    [
      'ACU above the ceiling',
      ['--max-acu', '128'],
      /^\[shop\] --max-acu: 128 ACU is above the ceiling 64 ACU \(preScaler\.reactive\.ceiling\)\. Fix: use 64 or less/,
      serverlessSettings(),
    ],
    [
      'ACU below the baseline',
      ['--min-acu', '1'],
      /^\[shop\] --min-acu: 1 ACU is below the shop baseline minimum 2 ACU.*Fix: use 2 or more\./,
      serverlessSettings(),
    ],
    [
      'ACU off the 0.5 grid',
      ['--min-acu', '2.3'],
      /^\[shop\] --min-acu: "2\.3" is not a capacity in ACU \(steps of 0\.5\)/,
      serverlessSettings(),
    ],
    [
      'a maximum below the minimum',
      ['--min-acu', '32', '--max-acu', '24'],
      /^\[shop\] --max-acu: 24 ACU is below --min-acu 32 ACU\. Fix: set --max-acu to 32 or more\./,
      serverlessSettings(),
    ],
    [
      'more readers than the maximum',
      ['--readers', '9'],
      /^\[shop\] --readers: 9 is above the shop reader autoscaling maximum \(readerAutoScaling\.maxReplicas = 6\).*Fix: use 6 or fewer/,
      provisionedSettings(),
    ],
    [
      'fewer readers than the floor',
      ['--readers', '0'],
      /^\[shop\] --readers: 0 is below the shop reader floor 1 .*Fix: use 1 or more\./,
      provisionedSettings(),
    ],
    [
      'readers that are not a number',
      ['--readers', 'four'],
      /^\[shop\] --readers: "four" is not a whole number of readers\. Fix:/,
      provisionedSettings(),
    ],
  ])('%s', (_, flags, message, settings) => {
    const v = validate([...flags, '--for', '6h', '--reason', 'surge'], settings);
    expect(v.ok).toBe(false);
    expect(v.ok ? [] : v.problems).toEqual([expect.stringMatching(message)]);
  });

  test.each<[string, string[], RegExp]>([
    ['no duration', [], /^\[shop\] --for: is required: the override expires by itself\. Fix: e\.g\. --for 6h \(15m to 24h\)\./],
    [
      'a duration of the wrong form',
      ['--for', '6 hours'],
      /^\[shop\] --for: "6 hours" is not a duration\. Fix: write it like 90m, 6h or 1h30m\./,
    ],
    ['too short', ['--for', '10m'], /^\[shop\] --for: 10m is outside 15m–24h\. Fix:/],
    ['too long', ['--for', '25h'], /^\[shop\] --for: 25h is outside 15m–24h\. Fix: .*add a campaign to config\/campaigns\.ts/],
  ])('duration: %s', (_, flags, message) => {
    const v = validate(['--writer', 'db.r6g.2xlarge', ...flags, '--reason', 'surge']);
    expect(v.ok ? [] : v.problems).toEqual([expect.stringMatching(message)]);
  });

  test.each<[string, string[], RegExp]>([
    ['missing', [], /^\[shop\] --reason: is required.*Fix: add --reason/],
    ['blank', ['--reason', '   '], /^\[shop\] --reason: is required/],
    [
      'a quote',
      ['--reason', "it's the TV spot"],
      /^\[shop\] --reason: contains "'" \(U\+0027\), which an RDS tag value cannot hold\. Fix: use only letters, digits, spaces and _ \. : \/ = \+ - @/,
    ],
    ['a comma', ['--reason', 'TV, radio'], /contains "," \(U\+002C\)/],
    ['too long', ['--reason', 'x'.repeat(257)], /^\[shop\] --reason: is 257 characters; an RDS tag value holds 256\. Fix: shorten it/],
    ['a reserved prefix', ['--reason', 'aws: incident'], /^\[shop\] --reason: starts with "aws:" or "rds:"/],
  ])('reason: %s', (_, flags, message) => {
    const v = validate(['--writer', 'db.r6g.2xlarge', '--for', '1h', ...flags]);
    expect(v.ok ? [] : v.problems).toEqual([expect.stringMatching(message)]);
  });

  test('every problem at once', () => {
    const v = validate(['--writer', 'db.r6g.8xlarge', '--readers', '9', '--for', '2d']);
    expect(v.ok ? [] : v.problems.map((p) => p.split(':')[0])).toEqual([
      '[shop] --writer',
      '[shop] --readers',
      '[shop] --for',
      '[shop] --reason',
    ]);
  });

  test('nothing to raise', () => {
    const v = validate(['--for', '1h', '--reason', 'surge']);
    expect(v.ok ? [] : v.problems).toEqual([
      expect.stringMatching(/^\[shop\] --writer\/--readers: nothing to raise\. Fix: add --writer <instance class>/),
    ]);
  });

  test('--clear with setting flags', () => {
    const v = validate(['--clear', '--readers', '2']);
    expect(v.ok ? [] : v.problems).toEqual([
      '[shop] --clear: cannot be combined with --writer, --min-acu, --max-acu, --readers, --for or --reason. Fix: run --clear alone.',
    ]);
  });

  test('an unknown flag is a usage error that points to --help', () => {
    expect(() => parseSurgeArgs(['--env', 'shop', '--writer-class', 'db.r6g.4xlarge'])).toThrow(SurgeUsageError);
    expect(() => parseSurgeArgs(['--env', 'shop', '--writer-class', 'x'])).toThrow(/Fix: see --help\./);
  });
});

describe('--for', () => {
  test.each<[string, number | undefined]>([
    ['15m', 15],
    ['90m', 90],
    ['6h', 360],
    ['1h30m', 90],
    ['24h', 1440],
    ['', undefined],
    ['h', undefined],
    ['1.5h', undefined],
    ['30s', undefined],
  ])('%s', (text, minutes) => {
    expect(parseOverrideDuration(text)).toBe(minutes);
  });
});
