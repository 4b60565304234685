import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { environmentNames, loadConfig, validateEnvironment } from '../../config';
import { prod } from '../../config/environments/prod';
import { staging } from '../../config/environments/staging';
import { CONNECTION_BUDGET_WARNING_ID } from '../../lib/connection-proxy';
import { loadCalendar } from '../../config/load-calendar';
import { captureConsole } from '../helpers/capture-console';
import { committedEnvironmentTemplate } from '../helpers/committed-environment-templates';
import { createdClusterEnvironmentNames } from '../helpers/environments';
import { buildStack, fixtureCalendar, synthTemplate, TEST_NOW } from '../helpers/synth';

function logicalId(template: Template, type: string, props: Record<string, unknown> = {}): string {
  const ids = Object.keys(template.findResources(type, { Properties: props }));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

// Around an existing cluster: test/lib/existing-database-cluster.test.ts.
describe.each(createdClusterEnvironmentNames())('%s: connection proxy', (name) => {
  const config = loadConfig(name);
  const template = committedEnvironmentTemplate(name);
  const proxyId = logicalId(template, 'AWS::RDS::DBProxy');
  const proxySg = logicalId(template, 'AWS::EC2::SecurityGroup', { GroupDescription: Match.stringLikeRegexp('RDS Proxy') });
  const clientSg = logicalId(template, 'AWS::EC2::SecurityGroup', { GroupDescription: Match.stringLikeRegexp('attach to applications') });
  const databaseSg = logicalId(template, 'AWS::EC2::SecurityGroup', { GroupDescription: Match.stringLikeRegexp('the Aurora cluster') });

  test('requires TLS, authenticates to the database with the cluster secret, and is not debug-logging SQL', () => {
    template.hasResourceProperties('AWS::RDS::DBProxy', {
      DBProxyName: `aurora-surge-${name}`,
      EngineFamily: 'POSTGRESQL',
      RequireTLS: true,
      DebugLogging: false,
      IdleClientTimeout: config.proxy.idleClientTimeoutSeconds,
      Auth: [Match.objectLike({ AuthScheme: 'SECRETS', IAMAuth: config.proxy.requireIamAuthentication ? 'REQUIRED' : 'DISABLED' })],
      VpcSecurityGroupIds: [{ 'Fn::GetAtt': [proxySg, 'GroupId'] }],
    });
  });

  test('pools connections with the configured settings', () => {
    template.hasResourceProperties('AWS::RDS::DBProxyTargetGroup', {
      DBProxyName: { Ref: proxyId },
      ConnectionPoolConfigurationInfo: {
        MaxConnectionsPercent: config.proxy.maxConnectionsPercent,
        MaxIdleConnectionsPercent: config.proxy.maxIdleConnectionsPercent,
        ConnectionBorrowTimeout: config.proxy.connectionBorrowTimeoutSeconds,
      },
    });
  });

  test('has a READ_ONLY endpoint in the same subnets and security group', () => {
    template.hasResourceProperties('AWS::RDS::DBProxyEndpoint', {
      DBProxyName: { Ref: proxyId },
      DBProxyEndpointName: `aurora-surge-${name}-read-only`,
      TargetRole: 'READ_ONLY',
      VpcSecurityGroupIds: [{ 'Fn::GetAtt': [proxySg, 'GroupId'] }],
    });
  });

  test('security groups chain application → proxy → database on the database port only', () => {
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r: any) => r.Properties);
    const into = (sg: string) => ingress.filter((r) => JSON.stringify(r.GroupId) === JSON.stringify({ 'Fn::GetAtt': [sg, 'GroupId'] }));
    const sources = (sg: string) =>
      into(sg).map((r) => r.SourceSecurityGroupId?.['Fn::GetAtt']?.[0] ?? r.SourceSecurityGroupId ?? r.CidrIp);

    expect(sources(proxySg)).toEqual([clientSg]);
    expect(into(proxySg).every((r) => r.FromPort === 5432 && r.ToPort === 5432 && r.IpProtocol === 'tcp')).toBe(true);
    // The database admits the proxy and the secret-rotation function, nothing else.
    expect(sources(databaseSg).sort()).toEqual([proxySg, expect.stringMatching(/RotationSingleUserSecurityGroup/)].sort());
    // No group in the stack is open to the world.
    for (const r of ingress) expect(r.CidrIp).not.toBe('0.0.0.0/0');
    for (const sg of Object.values(template.findResources('AWS::EC2::SecurityGroup')) as any[]) {
      for (const rule of sg.Properties.SecurityGroupIngress ?? []) expect(rule.CidrIp).not.toBe('0.0.0.0/0');
    }
    // Client and proxy groups send nothing but the database port onward.
    for (const sg of [clientSg, proxySg]) {
      expect(template.toJSON().Resources[sg].Properties.SecurityGroupEgress).toBeUndefined();
    }
  });

  test('outputs both endpoints, the port and the client security group', () => {
    template.hasOutput('ProxyEndpoint', { Value: { 'Fn::GetAtt': [proxyId, 'Endpoint'] } });
    template.hasOutput('ProxyReadOnlyEndpoint', {});
    template.hasOutput('ProxyPort', { Value: '5432' });
    template.hasOutput('DatabaseClientSecurityGroupId', { Value: { 'Fn::GetAtt': [clientSg, 'GroupId'] } });
  });
});

describe('connection budget at synth', () => {
  test('a non-production environment whose pool is too small gets a warning with a stable id and the numbers', () => {
    const config = validateEnvironment({
      ...staging,
      proxy: { ...staging.proxy, expectedPeakClientConnections: 4000, assumedMultiplexingRatio: 1 },
    });
    // CDK prints the stack's warnings in its validation report at synth: captured and checked here.
    const { result: annotations, printed } = captureConsole('error', () => Annotations.fromStack(buildStack(config)));
    expect(printed).toContain('WARNING [staging] connection budget: baseline: writer db.r6g.large allows max_connections 1678');
    annotations.hasWarning(
      '*',
      Match.stringLikeRegexp(
        `\\[staging\\] connection budget: baseline: writer db.r6g.large allows max_connections 1678; the proxy pool is 1510 .* needs 4000 backend connections — short by 2490\\..*\\[ack: ${CONNECTION_BUDGET_WARNING_ID}\\]`,
      ),
    );
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
  });

  test('a production environment whose pool is too small fails synth', () => {
    const config = validateEnvironment({ ...prod, proxy: { ...prod.proxy, expectedPeakClientConnections: 9000 } });
    expect(() => Template.fromStack(buildStack(config))).toThrow(
      /\[prod\] connection budget: baseline: writer db.r6g.xlarge allows max_connections 3357; the proxy pool is 3021 .* short by 1479/,
    );
  });

  test('each campaign is checked at its own writer target and peak', () => {
    const stack = buildStack(loadConfig('prod'));
    expect(stack.proxy.budgets.map((b) => [b.scope, b.capacity, b.expectedPeakClientConnections])).toEqual(
      expect.arrayContaining([
        ['baseline', 'db.r6g.xlarge', 2500],
        ['campaign "black-friday-2026"', 'db.r6g.4xlarge', 6000],
      ]),
    );
  });

  test('a campaign whose peak the pool cannot serve fails a production synth and names the campaign', () => {
    const config = loadConfig('prod');
    const campaign = fixtureCalendar(config).campaigns[0]!;
    const tooBusy = { ...campaign, expectedPeak: { clientConnections: 20_000 } };
    expect(() => Template.fromStack(buildStack(config, { calendar: { campaigns: [tooBusy], inputs: [], warnings: [] } }))).toThrow(
      new RegExp(
        `\\[prod\\] connection budget: campaign "${campaign.id}": writer ${campaign.writer.kind === 'provisioned' ? campaign.writer.instanceClass : ''} allows max_connections 5000; the proxy pool is 4500 .* needs 10000 backend connections — short by 5500`,
      ),
    );
  });

  test.each(environmentNames())('the committed %s environment fits its budget, the committed campaigns included', (name) => {
    const config = loadConfig(name);
    const stack = buildStack(config, { calendar: loadCalendar(config, { now: TEST_NOW }) });
    expect(stack.proxy.budgets.every((b) => b.fits)).toBe(true);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('connection budget'));
  });
});

test('application security groups from config are admitted to the proxy on the database port', () => {
  const config = validateEnvironment({ ...prod, proxy: { ...prod.proxy, applicationSecurityGroupIds: ['sg-0123456789abcdef0'] } });
  synthTemplate(config).hasResourceProperties('AWS::EC2::SecurityGroup', {
    GroupDescription: Match.stringLikeRegexp('RDS Proxy'),
    SecurityGroupIngress: [
      Match.objectLike({ SourceSecurityGroupId: 'sg-0123456789abcdef0', FromPort: 5432, ToPort: 5432, IpProtocol: 'tcp' }),
    ],
  });
});

test('IAM authentication for clients is switched on by config', () => {
  const config = validateEnvironment({ ...prod, proxy: { ...prod.proxy, requireIamAuthentication: true } });
  synthTemplate(config).hasResourceProperties('AWS::RDS::DBProxy', { Auth: [Match.objectLike({ IAMAuth: 'REQUIRED' })] });
});

describe('application users log in through the proxy (end-to-end IAM authentication)', () => {
  const ACCOUNT = '333333333333';
  const REGION = 'eu-west-1';
  const CLUSTER_RESOURCE_ID = 'cluster-ABCDEFGHIJKL01234567890AB';
  const config = validateEnvironment({
    ...prod,
    proxy: { ...prod.proxy, applicationUsers: [{ name: 'shop_app' }, { name: 'shop_reports' }] },
  });
  const template = synthTemplate(config);
  const clusterId = logicalId(template, 'AWS::RDS::DBCluster');
  const proxy = Object.values(template.findResources('AWS::RDS::DBProxy'))[0] as any;
  const roleId: string = proxy.Properties.RoleArn['Fn::GetAtt'][0];

  /** The proxy role's identity policies, with the tokens a deploy would resolve filled in. */
  function proxyRolePolicies(): { name: string; policy: unknown }[] {
    const resolve = (v: any): any => {
      if (Array.isArray(v)) return v.map(resolve);
      if (v === null || typeof v !== 'object') return v;
      if ('Ref' in v)
        return { 'AWS::Partition': 'aws', 'AWS::Region': REGION, 'AWS::AccountId': ACCOUNT }[v.Ref as string] ?? `ref-${v.Ref}`;
      if ('Fn::Join' in v) return (resolve(v['Fn::Join'][1]) as string[]).join(v['Fn::Join'][0]);
      if ('Fn::GetAtt' in v) {
        const [id, attr] = v['Fn::GetAtt'];
        if (id === clusterId && attr === 'DBClusterResourceId') return CLUSTER_RESOURCE_ID;
        return `getatt-${id}-${attr}`;
      }
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    };
    return Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([, p]: [string, any]) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
      .map(([name, p]: [string, any]) => ({ name, policy: resolve(p.Properties.PolicyDocument) }));
  }

  async function decide(dbUser: string, clusterResourceId = CLUSTER_RESOURCE_ID): Promise<string> {
    const resource = `arn:aws:rds-db:${REGION}:${ACCOUNT}:dbuser:${clusterResourceId}/${dbUser}`;
    const response = await runSimulation(
      {
        request: {
          principal: `arn:aws:iam::${ACCOUNT}:role/proxy`,
          action: 'rds-db:connect',
          resource: { resource, accountId: ACCOUNT },
          contextVariables: {},
        },
        identityPolicies: proxyRolePolicies(),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
      },
      {},
    );
    if (response.resultType === 'error')
      throw new Error(`cannot simulate rds-db:connect on ${resource}: ${JSON.stringify(response.errors)}`);
    return response.overallResult;
  }

  test('the proxy authenticates to the database with IAM by default and keeps the master secret', () => {
    template.hasResourceProperties('AWS::RDS::DBProxy', {
      DefaultAuthScheme: 'IAM_AUTH',
      Auth: [Match.objectLike({ AuthScheme: 'SECRETS' })],
    });
  });

  test.each(['shop_app', 'shop_reports'])('the proxy role may log in to this cluster as %s', async (user) => {
    expect(await decide(user)).toBe('Allowed');
  });

  test('the proxy role may not log in as an unlisted user, the master user, or on another cluster', async () => {
    expect(await decide('someone_else')).not.toBe('Allowed');
    expect(await decide('shop_admin')).not.toBe('Allowed');
    expect(await decide('shop_app', 'cluster-ZZZZZZZZZZZZZZZZZZZZZZZZZZ')).not.toBe('Allowed');
  });

  test('without application users the proxy keeps secrets-only authentication and no rds-db:connect', () => {
    const plain = synthTemplate(validateEnvironment({ ...prod, proxy: { ...prod.proxy, applicationUsers: [] } }));
    const props = (Object.values(plain.findResources('AWS::RDS::DBProxy'))[0] as any).Properties;
    expect(props.DefaultAuthScheme).toBeUndefined();
    expect(JSON.stringify(plain.findResources('AWS::IAM::Policy'))).not.toContain('rds-db:connect');
  });
});

test('an application user listed twice is refused with the field and the fix', () => {
  expect(() =>
    validateEnvironment({ ...prod, proxy: { ...prod.proxy, applicationUsers: [{ name: 'shop_app' }, { name: 'shop_app' }] } }),
  ).toThrow(/proxy\.applicationUsers\[1\]\.name: "shop_app" is listed twice\. Fix: list each application user once/s);
});
