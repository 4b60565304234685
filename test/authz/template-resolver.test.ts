import { StackPolicies } from './helpers/stack-policies';
import { type CfnTemplate, TemplateResolutionError, TemplateResolver } from './helpers/template-resolver';

const TEMPLATE: CfnTemplate = {
  Resources: {
    Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'alarms' } },
    UnnamedTopic: { Type: 'AWS::SNS::Topic', Properties: {} },
    Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Statement: [] } } },
    Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: { 'Fn::Join': ['-', ['app', { Ref: 'AWS::Region' }]] } } },
    Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'worker' } },
    Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/aws/lambda/worker' } },
    Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { DBClusterIdentifier: 'db1' } },
    Secret: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'app/master' } },
    Attachment: { Type: 'AWS::SecretsManager::SecretTargetAttachment', Properties: { SecretId: { Ref: 'Secret' } } },
    Rule: { Type: 'AWS::Events::Rule', Properties: { Name: 'tick' } },
    Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
    Policy: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        Roles: [{ Ref: 'Role' }],
        PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: 'Topic' } }] },
      },
    },
    Permission: {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': ['Fn', 'Arn'] },
        Principal: 'events.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': ['Rule', 'Arn'] },
      },
    },
  },
};

const resolver = new TemplateResolver(TEMPLATE, { account: '123456789012', region: 'eu-central-1', stackName: 'S' });

describe('intrinsics resolve to what CloudFormation returns', () => {
  test.each<[string, unknown, unknown]>([
    [
      'pseudo parameters',
      { 'Fn::Join': [':', [{ Ref: 'AWS::Partition' }, { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, { Ref: 'AWS::URLSuffix' }]] },
      'aws:eu-central-1:123456789012:amazonaws.com',
    ],
    ['Ref of a topic is its ARN', { Ref: 'Topic' }, 'arn:aws:sns:eu-central-1:123456789012:alarms'],
    ['an unnamed resource gets a deterministic name', { Ref: 'UnnamedTopic' }, 'arn:aws:sns:eu-central-1:123456789012:S-UnnamedTopic'],
    ['a name given by an intrinsic', { 'Fn::GetAtt': ['Role', 'Arn'] }, 'arn:aws:iam::123456789012:role/app-eu-central-1'],
    ['Ref of a function is its name', { Ref: 'Fn' }, 'worker'],
    ['a function ARN', { 'Fn::GetAtt': ['Fn', 'Arn'] }, 'arn:aws:lambda:eu-central-1:123456789012:function:worker'],
    [
      'a log group ARN ends with :*',
      { 'Fn::GetAtt': ['Logs', 'Arn'] },
      'arn:aws:logs:eu-central-1:123456789012:log-group:/aws/lambda/worker:*',
    ],
    ['Ref of a cluster is its identifier', { Ref: 'Cluster' }, 'db1'],
    [
      'a secret ARN carries the random suffix',
      { Ref: 'Secret' },
      'arn:aws:secretsmanager:eu-central-1:123456789012:secret:app/master-AbCdEf',
    ],
    [
      'a secret attachment refers to its secret',
      { Ref: 'Attachment' },
      'arn:aws:secretsmanager:eu-central-1:123456789012:secret:app/master-AbCdEf',
    ],
    [
      'Fn::Sub with a resource attribute',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub's own ${} syntax, not a JavaScript template
      { 'Fn::Sub': '${Rule.Arn}/x-${AWS::Region}' },
      'arn:aws:events:eu-central-1:123456789012:rule/tick/x-eu-central-1',
    ],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub's own ${} syntax, not a JavaScript template
    ['Fn::Sub with its own variables', { 'Fn::Sub': ['${A}-${B}', { A: 'a', B: { Ref: 'Fn' } }] }, 'a-worker'],
    ['Fn::Select over Fn::Split', { 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] }, 'b'],
    [
      'nested objects and arrays',
      { Resource: [{ Ref: 'Topic' }, 'literal'] },
      { Resource: ['arn:aws:sns:eu-central-1:123456789012:alarms', 'literal'] },
    ],
  ])('%s', (_, input, expected) => {
    expect(resolver.resolve(input)).toEqual(expected);
  });

  test('a key id is key-id shaped and the same each time', () => {
    const arn = resolver.resolveString({ 'Fn::GetAtt': ['Key', 'Arn'] });
    expect(arn).toMatch(/^arn:aws:kms:eu-central-1:123456789012:key\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(resolver.resolveString({ 'Fn::GetAtt': ['Key', 'Arn'] })).toBe(arn);
  });
});

describe('what it does not know, it refuses, naming it', () => {
  test.each<[string, unknown, RegExp]>([
    ['a missing resource', { Ref: 'Nope' }, /no resource Nope/],
    ['a resource type without a rule', { Ref: 'Queue' }, /Ref of Queue: no rule for resource type AWS::SQS::Queue/],
    ['an attribute without a rule', { 'Fn::GetAtt': ['Topic', 'Arn'] }, /Fn::GetAtt Topic\.Arn: no rule for AWS::SNS::Topic/],
    ['an unsupported intrinsic', { 'Fn::ImportValue': 'x' }, /intrinsic Fn::ImportValue is not supported/],
  ])('%s', (_, input, message) => {
    expect(() => resolver.resolve(input)).toThrow(TemplateResolutionError);
    expect(() => resolver.resolve(input)).toThrow(message);
  });
});

describe('policies are gathered from the template', () => {
  const policies = new StackPolicies(resolver);

  test("a role's attached policies, resolved", () => {
    expect(policies.identityPoliciesOf('Role')).toEqual([
      {
        name: 'Policy',
        policy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: 'arn:aws:sns:eu-central-1:123456789012:alarms' }],
        },
      },
    ]);
  });

  test("a function's policy, as Lambda builds it from its permissions", () => {
    expect(policies.functionPolicyOf('Fn')).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'lambda:InvokeFunction',
          Resource: 'arn:aws:lambda:eu-central-1:123456789012:function:worker',
          Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:events:eu-central-1:123456789012:rule/tick' } },
        },
      ],
    });
  });

  test('a topic without a topic policy has none', () => {
    expect(policies.topicPolicyOf('Topic')).toBeUndefined();
  });
});
