import {
  checkPlaceholders,
  defaultRunbookUrl,
  isPlaceholderAccount,
  isPlaceholderResourceId,
} from '../../../tools/preflight/checks/placeholders';
import { shopEnv } from './fixtures';

describe('placeholders left in config', () => {
  it('passes an environment with real-looking ids and addresses', () => {
    const result = checkPlaceholders(shopEnv());
    expect(result.status).toBe('pass');
    expect(result.problems).toEqual([]);
  });

  test.each([
    [
      'account',
      (e: any) => (e.account = '111111111111'),
      'account: "111111111111" is a placeholder account id',
      'Fix: set account in config/environments/shop.ts',
    ],
    [
      'documentation account',
      (e: any) => (e.account = '123456789012'),
      'account: "123456789012" is a placeholder',
      'aws sts get-caller-identity',
    ],
    [
      'owner tag',
      (e: any) => (e.tags.owner = 'team@example.com'),
      'tags.owner: "team@example.com" is an example address',
      'Fix: set tags.owner',
    ],
    [
      'critical e-mail',
      (e: any) => (e.monitoring.notifications.critical.emails = ['oncall@example.org']),
      'monitoring.notifications.critical.emails[0]: "oncall@example.org" is an example address: critical alarms would reach nobody',
      'paging address',
    ],
    [
      'https endpoint',
      (e: any) => (e.monitoring.notifications.warning.httpsUrls = ['https://hooks.example.com/x']),
      'monitoring.notifications.warning.httpsUrls[0]: "https://hooks.example.com/x" is an example URL',
      'https endpoint',
    ],
    [
      'placeholder runbook URL',
      (e: any) => (e.monitoring.runbookUrl = 'https://github.com/example-shop/aurora-surge/blob/main/docs/monitoring.md'),
      'monitoring.runbookUrl: ',
      'Fix: set monitoring.runbookUrl',
    ],
    [
      'VPC id',
      (e: any) => (e.network.vpcId = 'vpc-0a1b2c3d4e5f60718'),
      'network.vpcId: "vpc-0a1b2c3d4e5f60718" looks like a placeholder',
      'describe-vpcs',
    ],
    [
      'subnet id',
      (e: any) => (e.network.isolatedSubnetIds[1] = 'subnet-0b2b2b2b2b2b2b2b2'),
      'network.isolatedSubnetIds[1]: "subnet-0b2b2b2b2b2b2b2b2" looks like a placeholder',
      'describe-subnets',
    ],
    [
      'route table id',
      (e: any) => (e.network.isolatedRouteTableIds[0] = 'rtb-0a1a1a1a1a1a1a1a1'),
      'network.isolatedRouteTableIds[0]: "rtb-0a1a1a1a1a1a1a1a1" looks like a placeholder',
      'describe-route-tables',
    ],
    [
      'security group id',
      (e: any) => (e.proxy.applicationSecurityGroupIds = ['sg-0123456789abcdef0']),
      'proxy.applicationSecurityGroupIds[0]: "sg-0123456789abcdef0" looks like a placeholder',
      'describe-security-groups',
    ],
  ])('fails on a placeholder %s, naming the environment, the field and the fix', (_what, patch, problem, fix) => {
    const result = checkPlaceholders(shopEnv(patch));
    expect(result.status).toBe('fail');
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.problem).toContain(`[shop] ${problem}`);
    expect(result.problems[0]?.fix).toMatch(/^Fix: /);
    expect(result.problems[0]?.fix).toContain(fix);
  });

  it('lists every placeholder at once, one fix each', () => {
    const result = checkPlaceholders(
      shopEnv((e) => {
        e.account = '333333333333';
        e.tags.owner = 'devops@example.com';
        e.network.vpcId = 'vpc-0a1b2c3d4e5f60718';
      }),
    );
    expect(result.problems.map((p) => p.problem.split(':')[0])).toEqual(['[shop] account', '[shop] tags.owner', '[shop] network.vpcId']);
  });

  it('takes the placeholder runbook URL from the schema, not a copy', () => {
    expect(defaultRunbookUrl()).toMatch(/^https:\/\//);
    expect(checkPlaceholders(shopEnv((e) => (e.monitoring.runbookUrl = defaultRunbookUrl()))).status).toBe('fail');
  });

  test.each(['vpc-07f3c9e21d84b5a6e', 'subnet-0e4f8d2c7b9a13f60', 'rtb-04b9e2c8f6a1d37e5', 'sg-0f1e3a9b7c5d2e4a8'])(
    'takes %s for a real id',
    (id) => {
      expect(isPlaceholderResourceId(id)).toBe(false);
    },
  );

  test.each(['480912375566', '000000000001'])('takes account %s for a real one', (account) => {
    expect(isPlaceholderAccount(account)).toBe(false);
  });
});
