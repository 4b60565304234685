import { decide } from './helpers/simulate';

const ACCOUNT = '123456789012';
const allow = (action: string, resource: string) => [
  { name: 'p', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] } },
];

describe('decide', () => {
  test('returns the decision of a well-formed request', async () => {
    const resource = 'arn:aws:sns:eu-central-1:123456789012:t';
    const request = { principal: `arn:aws:iam::${ACCOUNT}:role/r`, action: 'sns:Publish', resource, resourceAccount: ACCOUNT };
    expect(await decide({ ...request, identityPolicies: allow('sns:Publish', resource) })).toBe('Allowed');
    expect(await decide({ ...request, identityPolicies: allow('sns:Publish', `${resource}-other`) })).toBe('ImplicitlyDenied');
  });

  test.each<[string, { action: string; resource: string; context?: Record<string, string> }, RegExp]>([
    [
      'an action that does not exist',
      { action: 'sns:Shout', resource: 'arn:aws:sns:eu-central-1:123456789012:t' },
      /cannot simulate sns:Shout/,
    ],
    [
      'a resource the action does not take',
      { action: 'rds:DeleteDBInstance', resource: 'arn:aws:rds:eu-central-1:123456789012:cluster:c' },
      /cannot simulate/,
    ],
    [
      'a pattern instead of a resource',
      { action: 'rds:ModifyDBInstance', resource: 'arn:aws:rds:eu-central-1:123456789012:db:*' },
      /not the pattern/,
    ],
    [
      'a context key the action does not take',
      { action: 'sns:Publish', resource: 'arn:aws:sns:eu-central-1:123456789012:t', context: { 'rds:DatabaseClass': 'db.r6g.large' } },
      /does not take the context keys rds:DatabaseClass/,
    ],
  ])('throws on %s rather than report a denial', async (_, call, message) => {
    await expect(
      decide({ principal: `arn:aws:iam::${ACCOUNT}:role/r`, resourceAccount: ACCOUNT, identityPolicies: allow('*', '*'), ...call }),
    ).rejects.toThrow(message);
  });
});
