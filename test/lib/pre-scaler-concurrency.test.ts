import { Template } from 'aws-cdk-lib/assertions';
import { ConfigError, type EnvironmentInput, validateEnvironment } from '../../config';
import { AuroraSurgeStack, stackNameFor } from '../../lib/aurora-surge-stack';
import { AUTHZ_ENVIRONMENT } from '../authz/helpers/fixture-stack';
import { problemsOf, variant } from '../helpers/config-variants';
import { testApp } from '../helpers/synth';

/** One run at a time without reserved concurrency by default; reserved concurrency 1 only when config asks. */

const build = (input: EnvironmentInput) =>
  new AuroraSurgeStack(testApp(), stackNameFor(input.name), {
    config: validateEnvironment(input),
    calendar: { campaigns: [], inputs: [], warnings: [] },
  });

test('reservedConcurrency: 1 reserves one execution for the function', () => {
  const stack = build(variant(AUTHZ_ENVIRONMENT, (e) => (e.preScaler.reservedConcurrency = 1)));
  Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
    FunctionName: 'aurora-surge-authz-pre-scaler',
    ReservedConcurrentExecutions: 1,
  });
});

test('any other reserved concurrency is refused, naming the field and the fix', () => {
  expect(problemsOf(variant(AUTHZ_ENVIRONMENT, (e) => (e.preScaler.reservedConcurrency = 5)))).toEqual([
    expect.stringMatching(/preScaler\.reservedConcurrency.*must be 1 \(one run at a time\), or left out to reserve nothing/),
  ]);
});

test('a schedule too short to keep runs apart fails synth, naming the environment, the field and the fix', () => {
  const input = variant(AUTHZ_ENVIRONMENT, (e) => (e.preScaler.scheduleRateMinutes = 4));
  expect(() => build(input)).toThrow(ConfigError);
  expect(() => build(input)).toThrow(
    /\[authz\] preScaler\.scheduleRateMinutes: 4 minutes is too short for one run at a time: a run may act up to 120 s after its tick and last 60 s, and EventBridge schedules are precise to the minute\. Fix: set scheduleRateMinutes to 5 or more\./,
  );
});
