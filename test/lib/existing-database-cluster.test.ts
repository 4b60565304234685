import { Template } from 'aws-cdk-lib/assertions';
import { validateEnvironment } from '../../config';
import type { CampaignInput } from '../../lambda/pre-scaler/core';
import { AuroraSurgeStack, stackNameFor } from '../../lib/aurora-surge-stack';
import { existingClusterEnvironment } from '../helpers/existing-environment';
import { decide, identityPoliciesOf, roleLogicalId } from '../helpers/role-simulation';
import { TEST_NOW, testApp } from '../helpers/synth';

const ACCOUNT = '555555555555';
const REGION = 'eu-central-1';
const config = validateEnvironment(existingClusterEnvironment());
const campaign: CampaignInput = {
  id: 'spring-sale',
  environments: ['brownfield'],
  start: '2027-03-20T08:00',
  end: '2027-03-20T20:00',
  timeZone: 'Europe/Berlin',
  writer: { instanceClass: 'db.r6g.2xlarge' },
  readerFloor: 2,
};
const stack = new AuroraSurgeStack(testApp(), stackNameFor(config.name), {
  config,
  calendar: { campaigns: [], inputs: [campaign], warnings: [] },
  now: TEST_NOW,
});
const template = Template.fromStack(stack);
const rdsArn = (resource: 'cluster' | 'db', name: string) => `arn:aws:rds:${REGION}:${ACCOUNT}:${resource}:${name}`;

describe('around an existing cluster, the stack never changes the cluster itself', () => {
  test.each([
    'AWS::RDS::DBCluster',
    'AWS::RDS::DBInstance',
    'AWS::RDS::DBClusterParameterGroup',
    'AWS::RDS::DBSubnetGroup',
    'AWS::SecretsManager::Secret',
    'AWS::SecretsManager::RotationSchedule',
  ])('no %s in the template', (type) => {
    template.resourceCountIs(type, 0);
  });

  test('the only change next to it is the proxy admitted on the database port, on the first of its security groups', () => {
    const proxySg = Object.keys(
      template.findResources('AWS::EC2::SecurityGroup', {
        Properties: { GroupDescription: 'aurora-surge brownfield: RDS Proxy; admits the database port from application clients only' },
      }),
    )[0];
    const onCluster = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).filter(
      (r) => typeof r.Properties.GroupId === 'string',
    );
    expect(onCluster.map((r) => r.Properties)).toEqual([
      expect.objectContaining({
        GroupId: 'sg-0f1f1f1f1f1f1f1f1',
        FromPort: 6543,
        ToPort: 6543,
        IpProtocol: 'tcp',
        SourceSecurityGroupId: { 'Fn::GetAtt': [proxySg, 'GroupId'] },
      }),
    ]);
  });
});

describe('what the stack builds around it', () => {
  test('RDS Proxy targets the cluster by identifier, with a read/write and a read-only endpoint, on its port', () => {
    template.hasResourceProperties('AWS::RDS::DBProxyTargetGroup', { DBClusterIdentifiers: ['legacy-shop'] });
    template.hasResourceProperties('AWS::RDS::DBProxy', {
      EngineFamily: 'POSTGRESQL',
      Auth: [{ AuthScheme: 'SECRETS', SecretArn: config.database.kind === 'existing' ? config.database.secret.arn : '' }],
    });
    template.hasResourceProperties('AWS::RDS::DBProxyEndpoint', { TargetRole: 'READ_ONLY' });
  });

  test('reader autoscaling on the cluster, with the delete-time clean-up of its auto-scaled replicas', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ResourceId: 'cluster:legacy-shop',
      ScalableDimension: 'rds:cluster:ReadReplicaCount',
      MinCapacity: 1,
      MaxCapacity: 3,
    });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 2);
    // The cluster outlives the stack, but what its autoscaling added goes with it: the clean-up deletes them.
    template.hasResourceProperties('Custom::AutoscaledReplicaCleanup', {
      ClusterIdentifier: 'legacy-shop',
      ClusterDeletionPolicy: 'Delete',
    });
  });

  test('alarms and the dashboard watch the existing cluster', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    const onCluster = alarms.filter((a) => JSON.stringify(a.Properties).includes('"DBClusterIdentifier","Value":"legacy-shop"'));
    expect(onCluster.length).toBeGreaterThan(0);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.resourceCountIs('AWS::SNS::Topic', 2);
  });

  test('the pre-scaler reconciles that cluster, with the calendar it was given', () => {
    expect(Object.values(stack.preScaler.environmentVariables)).toContain('legacy-shop');
    expect(stack.preScaler.calendarFile).toContain('spring-sale');
  });
});

describe('IAM is scoped to the existing cluster and its fixed instances (evaluated by the IAM simulator)', () => {
  const env = { account: ACCOUNT, region: REGION };
  const preScalerRoleId = roleLogicalId(template, (id) => id.startsWith('PreScalerRole'));
  const preScaler = identityPoliciesOf(template, preScalerRoleId, env);
  const preScalerArn = `arn:aws:iam::${ACCOUNT}:role/${preScalerRoleId}`;
  const asPreScaler = (action: string, resource: string) =>
    decide(preScaler, { roleArn: preScalerArn, action, resource, account: ACCOUNT });

  test.each([
    ['rds:ModifyDBInstance', rdsArn('db', 'legacy-shop-a')],
    ['rds:ModifyDBInstance', rdsArn('db', 'legacy-shop-b')],
    ['rds:FailoverDBCluster', rdsArn('cluster', 'legacy-shop')],
    ['rds:ModifyDBCluster', rdsArn('cluster', 'legacy-shop')],
    ['rds:DescribeDBClusters', rdsArn('cluster', 'legacy-shop')],
  ])('the pre-scaler may call %s on %s', async (action, resource) => {
    expect(await asPreScaler(action, resource)).toBe('Allowed');
  });

  test.each([
    ['rds:ModifyDBInstance', rdsArn('db', 'legacy-shop-c')],
    ['rds:ModifyDBInstance', rdsArn('db', 'application-autoscaling-1234abcd')],
    ['rds:ModifyDBInstance', rdsArn('db', 'aurora-surge-brownfield-instance-1')],
    ['rds:FailoverDBCluster', rdsArn('cluster', 'another-cluster')],
    ['rds:ModifyDBCluster', rdsArn('cluster', 'aurora-surge-brownfield')],
    ['rds:DeleteDBCluster', rdsArn('cluster', 'legacy-shop')],
    ['rds:DeleteDBInstance', rdsArn('db', 'legacy-shop-b')],
  ])('the pre-scaler may not call %s on %s', async (action, resource) => {
    expect(await asPreScaler(action, resource)).not.toBe('Allowed');
  });

  const proxyRoleId = roleLogicalId(template, (id) => id.startsWith('ConnectionProxyIAMRole'));
  const proxy = identityPoliciesOf(template, proxyRoleId, env);
  const proxyArn = `arn:aws:iam::${ACCOUNT}:role/${proxyRoleId}`;
  const asProxy = (action: string, resource: string, resourcePolicy?: any) =>
    decide(proxy, { roleArn: proxyArn, action, resource, account: ACCOUNT }, resourcePolicy);
  /**
   * The key is not the stack's: its key policy decides whether IAM policies count at all. The default key
   * policy's first statement gives the account (and so its IAM policies) access.
   * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
   */
  const defaultKeyPolicy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  };
  const keyPolicyWithoutIam = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/KeyAdmin` }, Action: 'kms:*', Resource: '*' }],
  };
  const secretArn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:legacy-shop/proxy-Xy12Zq`;
  const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0f0f0f0f-1111-2222-3333-444444444444`;

  test('the proxy reads the configured secret and decrypts it with the configured key', async () => {
    expect(await asProxy('secretsmanager:GetSecretValue', secretArn)).toBe('Allowed');
    expect(await asProxy('kms:Decrypt', keyArn, defaultKeyPolicy)).toBe('Allowed');
  });

  test("a key policy that does not enable IAM policies denies the proxy (docs/adopt-existing-cluster.md: check the key's policy)", async () => {
    expect(await asProxy('kms:Decrypt', keyArn, keyPolicyWithoutIam)).not.toBe('Allowed');
  });

  test('the proxy reads no other secret and uses no other key', async () => {
    expect(await asProxy('secretsmanager:GetSecretValue', `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:other-AbCdEf`)).not.toBe(
      'Allowed',
    );
    const otherKey = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
    expect(await asProxy('kms:Decrypt', otherKey, defaultKeyPolicy)).not.toBe('Allowed');
  });
});

test('refuses IAM logins for application users around an existing cluster, whose resource id config does not carry, with the field and the fix', () => {
  const input = existingClusterEnvironment();
  const withUsers = validateEnvironment({ ...input, proxy: { ...input.proxy, applicationUsers: [{ name: 'shop_app' }] } });
  expect(
    () =>
      new AuroraSurgeStack(testApp(), stackNameFor(withUsers.name), {
        config: withUsers,
        calendar: { campaigns: [], inputs: [], warnings: [] },
        now: TEST_NOW,
      }),
  ).toThrow(
    /proxy\.applicationUsers needs the cluster's resource id .*Fix: leave proxy\.applicationUsers empty for database\.kind 'existing'/,
  );
});
