/**
 * What preflight and verify find in a deployed stack, they find by output key and resource type.
 * This synthesizes a fixture environment's stack and checks that those keys and types are there, so
 * a renamed output breaks this test rather than verify on a real account.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { loadCalendar } from '../../../config/load-calendar';
import { OUTPUT_KEYS } from '../../../tools/verify/run-verify';
import { buildStack } from '../../helpers/synth';
import { SALE, shopEnv } from '../preflight/fixtures';

describe('the stack verify reads', () => {
  const env = shopEnv();
  const template = Template.fromStack(
    buildStack(env, { calendar: loadCalendar(env, { now: new Date('2026-11-01T00:00:00Z'), campaigns: [SALE] }) }),
  );

  it('has every output verify reads', () => {
    const outputs = Object.keys(template.findOutputs('*'));
    expect(outputs).toEqual(expect.arrayContaining(Object.values(OUTPUT_KEYS)));
  });

  test.each(['AWS::SNS::Topic', 'AWS::CloudWatch::Alarm', 'AWS::RDS::DBProxy', 'AWS::RDS::DBCluster'])(
    'has the %s resources verify looks up by type',
    (type) => {
      expect(Object.keys(template.findResources(type)).length).toBeGreaterThan(0);
    },
  );

  it('names the reserved-concurrency functions, so preflight can ask for their current reservation', () => {
    const reserved = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (f) => f.Properties?.ReservedConcurrentExecutions !== undefined,
    );
    for (const f of reserved) expect(typeof f.Properties.FunctionName).toBe('string');
  });
});
