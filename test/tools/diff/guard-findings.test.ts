import type { CfnTemplate } from '../../../tools/diff/classify';
import { referencesOf, reducedTemplate, runGuard } from '../../../tools/diff/guard-findings';

const template: CfnTemplate = {
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    Fn: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Role: { 'Fn::GetAtt': ['FnRole', 'Arn'] },
        VpcConfig: { SubnetIds: [{ Ref: 'Subnet' }], SecurityGroupIds: [{ 'Fn::GetAtt': 'Sg.GroupId' }] },
        Environment: {
          Variables: {
            TOPIC: { 'Fn::Sub': ['arn:aws:sns:', '$', '{AWS::Region}:', '$', '{AWS::AccountId}:', '$', '{Topic.TopicName}'].join('') },
          },
        },
      },
      DependsOn: ['FnPolicy'],
      Metadata: { 'aws:cdk:path': 'S/Fn/Resource', Ref: 'NotAReference' },
    },
    FnRole: { Type: 'AWS::IAM::Role', Properties: {} },
    FnPolicy: { Type: 'AWS::IAM::Policy', Properties: { Roles: [{ Ref: 'FnRole' }] } },
    Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' } } },
    Vpc: { Type: 'AWS::EC2::VPC', Properties: {} },
    Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
    Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
    Unrelated: { Type: 'AWS::SNS::Topic', Properties: {} },
  },
};

test('references: Ref, Fn::GetAtt (both forms), Fn::Sub variables and DependsOn; not pseudo parameters or metadata', () => {
  expect([...referencesOf(template.Resources?.Fn)].sort()).toEqual(['FnPolicy', 'FnRole', 'Sg', 'Subnet', 'Topic']);
});

test('the reduced template keeps the wanted resources and, transitively, what they refer to, and nothing else', () => {
  const reduced = reducedTemplate(template, ['Fn']);
  expect(Object.keys(reduced.Resources ?? {})).toEqual(['Fn', 'FnPolicy', 'FnRole', 'Sg', 'Subnet', 'Topic', 'Vpc']);
  expect(reduced.AWSTemplateFormatVersion).toBe('2010-09-09');
  expect(reducedTemplate(template, ['Gone']).Resources).toEqual({});
});

test('cfn-guard runs the Control Tower rules on the wanted resources only, named by construct path and control', () => {
  const logs: CfnTemplate = {
    Resources: {
      Short: {
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 30 },
        Metadata: { 'aws:cdk:path': 'AuroraSurge-x/Short/Resource' },
      },
      Untouched: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } },
    },
  };
  const found = runGuard([{ stackName: 'AuroraSurge-x', side: 'head', template: logs, logicalIds: ['Short'] }]);
  const head = found.get('head/AuroraSurge-x') ?? [];
  expect(head.map((f) => [f.rule, f.path, f.logicalId])).toEqual(
    expect.arrayContaining([
      ['CT.CLOUDWATCH.PR.2 (cloudwatch_log_group_retention_period_check)', 'Short/Resource', 'Short'],
      ['CT.CLOUDWATCH.PR.3 (cloudwatch_log_group_encrypted_check)', 'Short/Resource', 'Short'],
    ]),
  );
  expect(head.every((f) => f.path === 'Short/Resource' && f.source === 'guard')).toBe(true);
  expect(head.find((f) => f.rule.startsWith('CT.CLOUDWATCH.PR.2'))?.message).toMatch(
    /^Require an Amazon CloudWatch log group to be retained for at least one year\. Fix: .*365/,
  );
});

test('nothing to check, nothing run', () => {
  expect(runGuard([{ stackName: 'S', side: 'base', template, logicalIds: [] }]).size).toBe(0);
});
