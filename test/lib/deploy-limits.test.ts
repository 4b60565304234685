import { DEPLOY_LIMITS, deployLimitProblems, templateFigures } from '../../lib/deploy-limits';

const fn = (variables: Record<string, string>) => ({
  Type: 'AWS::Lambda::Function',
  Properties: { Environment: { Variables: variables } },
});

describe('deploy-size checks', () => {
  test('environment variables are measured as Lambda measures them: the JSON text of the map, quotes and escapes included', () => {
    const variables = { A: 'say "hi"' };
    expect(templateFigures({ Resources: { F: fn(variables) } }).lambdaEnvironmentBytes).toEqual({ F: JSON.stringify(variables).length });
    expect(JSON.stringify(variables).length).toBeGreaterThan('A'.length + 'say "hi"'.length);
  });

  test('a map whose raw bytes fit but whose JSON text does not is refused', () => {
    const value = '"'.repeat(DEPLOY_LIMITS.lambdaEnvironmentBytes - 10); // raw: under 4096; JSON: every quote escaped
    expect(deployLimitProblems('S', { Resources: { F: fn({ K: value }) } })).toEqual([
      expect.stringMatching(/^S: function F has \d+ bytes of environment variables, above Lambda's 4096\. Fix:/),
    ]);
  });

  test('a template over 1 MB, or over 500 resources, is refused with the figure and the fix', () => {
    const big = {
      Resources: Object.fromEntries(
        Array.from({ length: 501 }, (_, i) => [`R${i}`, { Type: 'AWS::SNS::Topic', Properties: { N: 'x'.repeat(2100) } }]),
      ),
    };
    expect(deployLimitProblems('S', big)).toEqual([
      expect.stringMatching(/^S: the template is \d+ bytes, above CloudFormation's 1000000-byte limit\. Fix:/),
      "S: the template declares 501 resources, above CloudFormation's 500. Fix: move resources to a nested stack.",
    ]);
    expect(deployLimitProblems('S', { Resources: { R: { Type: 'AWS::SNS::Topic' } } })).toEqual([]);
  });
});
