import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { checkAccountAndRegion, resolveCaller } from '../../../tools/aws-checks/caller';
import { awsError } from '../../helpers/aws-errors';

const sts = mockClient(STSClient);
beforeEach(() => sts.reset());

describe('credentials', () => {
  it('returns the caller when STS answers', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '480912375566', Arn: 'arn:aws:sts::480912375566:assumed-role/deploy/me' });
    expect(await resolveCaller(new STSClient({ region: 'eu-central-1' }), 'shop')).toEqual({
      identity: { account: '480912375566', arn: 'arn:aws:sts::480912375566:assumed-role/deploy/me' },
    });
  });

  it('fails with a sign-in fix when there are no credentials', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const out = await resolveCaller(new STSClient({ region: 'eu-central-1' }), 'shop');
    if (!('check' in out)) throw new Error('expected a failing check');
    expect(out.check.status).toBe('fail');
    expect(out.check.problems[0]?.problem).toBe('[shop] no usable AWS credentials: none found.');
    expect(out.check.problems[0]?.fix).toContain('aws sso login');
  });

  it('fails with a renew fix when the session has expired', async () => {
    sts.on(GetCallerIdentityCommand).rejects(awsError('ExpiredToken'));
    const out = await resolveCaller(new STSClient({ region: 'eu-central-1' }), 'shop');
    if (!('check' in out)) throw new Error('expected a failing check');
    expect(out.check.problems[0]?.problem).toContain('ExpiredToken');
    expect(out.check.problems[0]?.fix).toContain('renew the session');
  });
});

describe('account and region', () => {
  const configured = { account: '480912375566', region: 'eu-central-1' };
  const identity = { account: '480912375566', arn: 'arn:aws:sts::480912375566:assumed-role/deploy/me' };

  it('passes when the account and the shell region match the config', () => {
    expect(checkAccountAndRegion('shop', configured, identity, 'eu-central-1').status).toBe('pass');
  });

  it('passes when the shell names no region (the checks call the configured one)', () => {
    expect(checkAccountAndRegion('shop', configured, identity, undefined).status).toBe('pass');
  });

  it('fails on another account, naming both', () => {
    const result = checkAccountAndRegion('shop', configured, { ...identity, account: '999988887777' }, 'eu-central-1');
    expect(result.status).toBe('fail');
    expect(result.problems[0]?.problem).toContain('account 999988887777');
    expect(result.problems[0]?.problem).toContain('the config says 480912375566');
    expect(result.problems[0]?.fix).toContain('use credentials for account 480912375566');
  });

  it('fails when the shell region differs, with the export that fixes it', () => {
    const result = checkAccountAndRegion('shop', configured, identity, 'us-east-1');
    expect(result.status).toBe('fail');
    expect(result.problems[0]?.fix).toBe(
      'Fix: export AWS_REGION=eu-central-1 (or set region in config/environments/shop.ts if us-east-1 is right).',
    );
  });
});

describe('credentials when AWS cannot be reached', () => {
  it('says the network, not the session, is the problem', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .rejects(Object.assign(new Error('getaddrinfo ENOTFOUND sts.eu-central-1.amazonaws.com'), { code: 'ENOTFOUND' }));
    const out = await resolveCaller(new STSClient({ region: 'eu-central-1' }), 'shop');
    if (!('check' in out)) throw new Error('expected a failing check');
    expect(out.check.problems[0]?.problem).toContain('AWS is not reachable');
    expect(out.check.problems[0]?.fix).toContain('network route to AWS');
    expect(out.skipReason).toBe('AWS is not reachable.');
  });
});
