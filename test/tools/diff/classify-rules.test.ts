/** The stateful-resource rules, on small hand-written templates: one row per resource type and change. */
import { diffStackTemplates, type CfnTemplate } from '../../../tools/diff/classify';
import { STATEFUL_RESOURCE_RULES } from '../../../tools/diff/stateful-resources';

function template(resources: Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }>): CfnTemplate {
  return { Resources: resources };
}

function only(base: CfnTemplate | undefined, head: CfnTemplate | undefined) {
  const diff = diffStackTemplates('AuroraSurge-test', base, head);
  expect(diff.resources).toHaveLength(1);
  return diff.resources[0];
}

describe('every stateful type blocks when deleted, and is routine when added', () => {
  test.each(STATEFUL_RESOURCE_RULES.map((rule) => [rule.type]))('%s', (type) => {
    const withIt = template({ Thing: { Type: type, Properties: {} } });
    expect(only(withIt, template({}))).toMatchObject({ kind: 'removed', impact: 'blocked', resourceType: type });
    expect(only(template({}), withIt)).toMatchObject({ kind: 'added', impact: 'routine' });
  });
});

describe('classification by change and type', () => {
  const topic = (name: string) => template({ Alarms: { Type: 'AWS::SNS::Topic', Properties: { TopicName: name } } });
  const fn = (memory: number, name = 'f') =>
    template({ Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: name, MemorySize: memory } } });
  const logGroup = (days: number, deletionPolicy?: string) =>
    template({
      Audit: {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: '/aws/rds/cluster/x/audit', RetentionInDays: days },
        ...(deletionPolicy ? { DeletionPolicy: deletionPolicy } : {}),
      },
    });

  test.each([
    ['an SNS topic renamed is replaced → blocked', topic('a'), topic('b'), { kind: 'replaced', impact: 'blocked' }],
    [
      "a log group's retention changed is an in-place update of a stateful resource → caution",
      logGroup(30),
      logGroup(90),
      { kind: 'updated', impact: 'caution' },
    ],
    ['a retained log group removed is orphaned → blocked', logGroup(30, 'Retain'), template({}), { kind: 'orphaned', impact: 'blocked' }],
    [
      'a Lambda function renamed is replaced, but holds no data → caution',
      fn(256, 'a'),
      fn(256, 'b'),
      { kind: 'replaced', impact: 'caution' },
    ],
    ['a Lambda function removed → caution', fn(256), template({}), { kind: 'removed', impact: 'caution' }],
    ['a Lambda memory change → routine', fn(256), fn(512), { kind: 'updated', impact: 'routine' }],
  ] as const)('%s', (_name, base, head, expected) => {
    expect(only(base, head)).toMatchObject(expected);
  });

  test('a fixed instance whose class changes is blocked: CloudFormation would resize it in place, and it may be the writer', () => {
    const instance = (cls: string) =>
      template({ Writer: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: cls, PromotionTier: 0 } } });
    const change = only(instance('db.r6g.large'), instance('db.r6g.xlarge'));
    expect(change).toMatchObject({ kind: 'updated', impact: 'blocked' });
    expect(change?.reason).toContain('docs/pre-scaler-runbook.md, "Change the baseline writer class"');
    // Any other in-place change of an instance stays a caution.
    const tier = (t: number) =>
      template({ Writer: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.r6g.large', PromotionTier: t } } });
    expect(only(tier(0), tier(1))).toMatchObject({ kind: 'updated', impact: 'caution' });
  });

  test('a whole stack that is gone deletes its stateful resources → blocked', () => {
    const diff = diffStackTemplates('AuroraSurge-test', template({ Key: { Type: 'AWS::KMS::Key', Properties: {} } }), undefined);
    expect(diff.stackChange).toBe('removed');
    expect(diff.resources[0]).toMatchObject({
      kind: 'removed',
      impact: 'blocked',
      reason: expect.stringMatching(/^Deleted: .*Loses the key that encrypts/),
    });
  });

  test('CDK metadata resources and metadata-only changes are not reported', () => {
    const base = template({ CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v1' } } });
    const head = template({ CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2' } } });
    expect(diffStackTemplates('AuroraSurge-test', base, head).resources).toEqual([]);
    const moved = (path: string): CfnTemplate => ({
      Resources: { T: { Type: 'AWS::SNS::Topic', Properties: {}, Metadata: { 'aws:cdk:path': path } } },
    });
    expect(
      diffStackTemplates('AuroraSurge-test', moved('AuroraSurge-test/A/Resource'), moved('AuroraSurge-test/B/Resource')).stackChange,
    ).toBe('unchanged');
  });

  test('the construct path is shown without the stack name', () => {
    const head: CfnTemplate = {
      Resources: {
        T: { Type: 'AWS::SNS::Topic', Properties: {}, Metadata: { 'aws:cdk:path': 'AuroraSurge-test/Monitoring/Alarms/Resource' } },
      },
    };
    expect(only(template({}), head)).toMatchObject({ path: 'Monitoring/Alarms/Resource', logicalId: 'T' });
  });

  test('the environment comes from the stack name', () => {
    expect(diffStackTemplates('AuroraSurge-prod', template({}), template({})).environment).toBe('prod');
  });
});

describe('security changes are summarised', () => {
  const role = (actions: string[]) =>
    template({
      Policy: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: 'p',
          Roles: ['r'],
          PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] },
        },
      },
    });
  const sg = (port: number) =>
    template({
      Sg: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: {
          GroupDescription: 'db',
          SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, CidrIp: '10.0.0.0/16' }],
        },
      },
    });

  test('an IAM statement granting more is listed and marks permissions broadened', () => {
    const diff = diffStackTemplates(
      'AuroraSurge-test',
      role(['rds:DescribeDBClusters']),
      role(['rds:DescribeDBClusters', 'rds:ModifyDBInstance']),
    );
    expect(diff.security.permissionsBroadened).toBe(true);
    expect(diff.security.statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          change: 'added',
          effect: 'Allow',
          actions: 'rds:DescribeDBClusters, rds:ModifyDBInstance',
          resources: '*',
        }),
        expect.objectContaining({ change: 'removed', actions: 'rds:DescribeDBClusters' }),
      ]),
    );
  });

  test('a security group ingress rule change is listed with protocol and peer', () => {
    const diff = diffStackTemplates('AuroraSurge-test', sg(5432), sg(3306));
    expect(diff.security.securityGroupRules).toEqual(
      expect.arrayContaining([
        // biome-ignore lint/suspicious/noTemplateCurlyInString: cloudformation-diff renders Fn::GetAtt as the literal Fn::Sub-style text ${Sg.GroupId}
        { change: 'added', direction: 'ingress', group: '${Sg.GroupId}', protocol: 'TCP 3306', peer: '10.0.0.0/16' },
        // biome-ignore lint/suspicious/noTemplateCurlyInString: cloudformation-diff renders Fn::GetAtt as the literal Fn::Sub-style text ${Sg.GroupId}
        { change: 'removed', direction: 'ingress', group: '${Sg.GroupId}', protocol: 'TCP 5432', peer: '10.0.0.0/16' },
      ]),
    );
  });
});

describe('property details', () => {
  const cluster = (props: Record<string, unknown>, deletionPolicy?: string): CfnTemplate => ({
    Resources: {
      Db: {
        Type: 'AWS::RDS::DBCluster',
        Properties: props,
        ...(deletionPolicy ? { DeletionPolicy: deletionPolicy, UpdateReplacePolicy: deletionPolicy } : {}),
      },
    },
  });

  test('a change inside a map-like property is shown key by key; intrinsics stay whole', () => {
    const base = cluster({ Engine: 'aurora-postgresql', Tags: { a: '1', b: '2' }, KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } });
    const head = cluster({ Engine: 'aurora-postgresql', Tags: { a: '1', b: '3', c: '4' }, KmsKeyId: { 'Fn::GetAtt': ['Key2', 'Arn'] } });
    const change = diffStackTemplates('AuroraSurge-test', base, head).resources[0]!;
    expect(change.properties).toEqual([
      { name: 'KmsKeyId', oldValue: { 'Fn::GetAtt': ['Key', 'Arn'] }, newValue: { 'Fn::GetAtt': ['Key2', 'Arn'] }, replaces: 'always' },
      { name: 'Tags.b', oldValue: '2', newValue: '3', replaces: 'no' },
      { name: 'Tags.c', oldValue: undefined, newValue: '4', replaces: 'no' },
    ]);
  });

  test('a stateful resource whose DeletionPolicy goes from Retain to Delete: caution, and the reason says why', () => {
    const change = diffStackTemplates(
      'AuroraSurge-test',
      cluster({ Engine: 'aurora-postgresql' }, 'Retain'),
      cluster({ Engine: 'aurora-postgresql' }),
    ).resources[0]!;
    expect(change).toMatchObject({ kind: 'updated', impact: 'caution' });
    expect(change.reason).toBe(
      'Updated in place; DeletionPolicy Retain → Delete, UpdateReplacePolicy Retain → Delete: this decides what a later removal or replacement does to the data.',
    );
  });

  test('a stateful resource whose only change is DependsOn: routine', () => {
    const withDeps = (deps: string[]): CfnTemplate => ({
      Resources: { Db: { Type: 'AWS::RDS::DBCluster', Properties: {}, DependsOn: deps } },
    });
    expect(diffStackTemplates('AuroraSurge-test', withDeps(['A']), withDeps(['B'])).resources[0]).toMatchObject({
      kind: 'updated',
      impact: 'routine',
      reason: 'Only its deployment order (DependsOn) changes.',
    });
  });
});
