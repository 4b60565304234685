import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AssetStaging, CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnTopic } from 'aws-cdk-lib/aws-sns';
import { loadConfig } from '../../config';
import { loadPreScalerRuntimeConfig } from '../../lambda/pre-scaler/contract';
import type { CampaignInput } from '../../lambda/pre-scaler/core';
import { AuroraSurgeStack, stackNameFor } from '../../lib/aurora-surge-stack';
import { deployLimitProblems } from '../../lib/deploy-limits';
import { PRE_SCALER_TARGET_TAG } from '../../lib/pre-scaler';
import { buildStack, fixtureCalendar, TEST_NOW, testApp } from '../helpers/synth';

const MUTATING_ACTIONS = [
  'rds:ModifyDBInstance',
  'rds:FailoverDBCluster',
  'rds:ModifyDBCluster',
  'application-autoscaling:RegisterScalableTarget',
  'rds:CreateDBInstance',
  'rds:DeleteDBInstance',
  'rds:AddTagsToResource',
  'cloudwatch:PutMetricAlarm',
  'cloudwatch:DeleteAlarms',
];

interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}

let stack: AuroraSurgeStack;
let template: Template;
beforeAll(() => {
  // Bundled, as `npm run synth` does: the calendar travels in the code asset, which this file inspects.
  // CDK announces the bundling on stderr; captured here (test/lib/lambda-bundles.test.ts checks it).
  const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    stack = buildStack(loadConfig('prod'), { app: testApp({ bundling: true }) });
    template = Template.fromStack(stack);
  } finally {
    write.mockRestore();
  }
});

const functionLogicalId = () => stack.getLogicalId(stack.preScaler.function.node.defaultChild as never);
function roleStatements(): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: stack.getLogicalId(stack.preScaler.role.node.defaultChild as never) }] },
  });
  return Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const statementFor = (action: string) => roleStatements().filter((s) => actionsOf(s).includes(action));

describe('the function', () => {
  test('newest Node.js runtime on arm64, short timeout, no reserved concurrency (deploys on any account), no async retries, its own log group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'aurora-surge-prod-pre-scaler',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 60,
      ReservedConcurrentExecutions: Match.absent(),
      LoggingConfig: { LogGroup: { Ref: stack.getLogicalId(stack.preScaler.logGroup.node.defaultChild as never) } },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionLogicalId() },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 300,
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/lambda/aurora-surge-prod-pre-scaler',
      RetentionInDays: 365,
      KmsKeyId: Match.anyValue(),
    });
  });

  test('the calendar travels in the code asset, next to the bundle; three scalars and the proxy name stay environment variables', () => {
    const fn = template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'aurora-surge-prod-pre-scaler' } });
    const variables = Object.values(fn)[0]!.Properties.Environment.Variables as Record<string, string>;
    const proxy = stack.getLogicalId(stack.proxy.proxy.node.defaultChild as CfnResource);
    expect(variables).toEqual({
      CLUSTER_IDENTIFIER: 'aurora-surge-prod',
      DRY_RUN: 'false',
      NOT_READY_ALARM_MINUTES: '30',
      // The proxy whose figures count as pressure for reactive scale-up (issue 15).
      PROXY_NAME: { Ref: proxy },
    });

    const staging = stack.preScaler.function.node.findChild('Code').node.findChild('Stage') as AssetStaging;
    expect(fs.readdirSync(staging.absoluteStagedPath).sort()).toEqual(['calendar.json', 'index.js']);
    const file = fs.readFileSync(path.join(staging.absoluteStagedPath, 'calendar.json'), 'utf8');
    expect(file).toBe(stack.preScaler.calendarFile);
    // What the function will run on is what synth validated: the same campaigns, deep-equal.
    const loaded = loadPreScalerRuntimeConfig(variables, file);
    expect(loaded.calendar).toEqual(fixtureCalendar(loadConfig('prod')).campaigns);
  });

  test('the stack passes the deploy-size checks (template, resources, environment variables as Lambda measures them)', () => {
    expect(deployLimitProblems(stack.stackName, template.toJSON())).toEqual([]);
  });

  test('runs on a fixed 5-minute rule, named for the emergency stop', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'aurora-surge-prod-pre-scaler',
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionLogicalId(), 'Arn'] } })],
    });
  });
});

describe('least-privilege role', () => {
  test('no managed policy; changes scoped to this cluster and its fixed instances', () => {
    const role = template.findResources('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp('campaign pre-scaler') } });
    expect(Object.values(role)[0]!.Properties.ManagedPolicyArns).toBeUndefined();

    const [modify] = statementFor('rds:ModifyDBInstance');
    expect(actionsOf(modify!)).toEqual(['rds:ModifyDBInstance']);
    expect(modify!.Resource).toEqual([
      'arn:aws:rds:eu-west-1:333333333333:db:aurora-surge-prod-instance-1',
      'arn:aws:rds:eu-west-1:333333333333:db:aurora-surge-prod-standby',
    ]);
    // FailoverDBCluster names the target instance, so it is authorized on the cluster and that instance.
    const [failover] = statementFor('rds:FailoverDBCluster');
    expect(actionsOf(failover!)).toEqual(['rds:FailoverDBCluster']);
    expect(failover!.Resource).toEqual([
      'arn:aws:rds:eu-west-1:333333333333:cluster:aurora-surge-prod',
      'arn:aws:rds:eu-west-1:333333333333:db:aurora-surge-prod-instance-1',
      'arn:aws:rds:eu-west-1:333333333333:db:aurora-surge-prod-standby',
    ]);
    const [cluster] = statementFor('rds:ModifyDBCluster');
    expect(actionsOf(cluster!)).toEqual(['rds:ModifyDBCluster']);
    expect(cluster!.Resource).toBe('arn:aws:rds:eu-west-1:333333333333:cluster:aurora-surge-prod');
  });

  test('the reader floor only on the scalable target tagged for this cluster', () => {
    const [register] = statementFor('application-autoscaling:RegisterScalableTarget');
    expect(register).toMatchObject({
      Resource: 'arn:aws:application-autoscaling:eu-west-1:333333333333:scalable-target/*',
      Condition: { StringEquals: { [`aws:ResourceTag/${PRE_SCALER_TARGET_TAG}`]: 'aurora-surge-prod' } },
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ResourceId: 'cluster:aurora-surge-prod',
      Tags: Match.arrayWith([{ Key: PRE_SCALER_TARGET_TAG, Value: 'aurora-surge-prod' }]),
    });
  });

  test('no mutating action on "*" unless only an AWS service may use it on the function\'s behalf', () => {
    for (const s of roleStatements()) {
      const mutating = actionsOf(s).filter((a) => MUTATING_ACTIONS.includes(a));
      const star = s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*'));
      if (mutating.length > 0 && star) expect(s.Condition).toEqual({ Bool: { 'aws:ViaAWSService': 'true' } });
    }
    const [checks] = statementFor('rds:DeleteDBInstance');
    expect(checks!.Condition).toEqual({ Bool: { 'aws:ViaAWSService': 'true' } });
  });

  test('reads CloudWatch, never writes metrics directly (EMF goes through the logs)', () => {
    const actions = roleStatements().flatMap(actionsOf);
    expect(actions).toContain('cloudwatch:GetMetricData');
    expect(actions).not.toContain('cloudwatch:PutMetricData');
    expect(actions.filter((a) => a.endsWith('*'))).toEqual([]);
  });
});

describe('alarms', () => {
  const topicRef = (severity: 'critical' | 'warning') => ({
    Ref: stack.getLogicalId(stack.alarmTopics.topics[severity].node.defaultChild as CfnTopic),
  });

  test.each<[string, 'critical' | 'warning', Record<string, unknown>]>([
    [
      'aurora-surge-prod-pre-scaler-errors-warning',
      'warning',
      { MetricName: 'Errors', Namespace: 'AWS/Lambda', EvaluationPeriods: 3, DatapointsToAlarm: 2 },
    ],
    ['aurora-surge-prod-pre-scaler-throttles-warning', 'warning', { MetricName: 'Throttles', Namespace: 'AWS/Lambda' }],
    [
      'aurora-surge-prod-pre-scaler-no-successful-run-critical',
      'critical',
      {
        MetricName: 'RunSucceeded',
        Namespace: 'AuroraSurge/PreScaler',
        EvaluationPeriods: 3,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
        Period: 300,
      },
    ],
    [
      'aurora-surge-prod-pre-scaler-campaign-not-ready-critical',
      'critical',
      { MetricName: 'CampaignStartingSoonNotReady', Namespace: 'AuroraSurge/PreScaler', Threshold: 1, TreatMissingData: 'notBreaching' },
    ],
    [
      'aurora-surge-prod-pre-scaler-invalid-calendar-critical',
      'critical',
      { MetricName: 'InvalidCalendar', Namespace: 'AuroraSurge/PreScaler' },
    ],
    [
      'aurora-surge-prod-pre-scaler-action-rejected-critical',
      'critical',
      { MetricName: 'ActionRejected', Namespace: 'AuroraSurge/PreScaler' },
    ],
  ])('%s goes to the %s topic', (name, severity, properties) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: name,
      AlarmActions: [topicRef(severity)],
      OKActions: [topicRef(severity)],
      ...properties,
    });
  });

  test('the pre-scaler metrics carry the Environment dimension only', () => {
    const alarms = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { Namespace: 'AuroraSurge/PreScaler', AlarmName: Match.stringLikeRegexp('pre-scaler') },
    });
    expect(Object.keys(alarms)).toHaveLength(4);
    for (const alarm of Object.values(alarms)) expect(alarm.Properties.Dimensions).toEqual([{ Name: 'Environment', Value: 'prod' }]);
  });
});

describe('synth-time checks', () => {
  const many = (count: number): CampaignInput[] =>
    Array.from({ length: count }, (_, i) => ({
      id: `weekly-flash-sale-number-${i}`,
      environments: ['prod'],
      weekly: {
        days: ['fri'],
        startTime: '18:00',
        endTime: '22:00',
        timeZone: 'Europe/Paris',
        validFrom: '2027-01-08',
        validUntil: '2027-06-25',
      },
      writer: { instanceClass: 'db.r6g.2xlarge' },
      readerFloor: 2,
    }));

  // The entries as written go to the function; the validated campaigns are not what is checked here.
  const withInputs = (inputs: CampaignInput[]) => {
    const config = loadConfig('prod');
    return new AuroraSurgeStack(testApp(), stackNameFor('prod'), {
      config,
      calendar: { campaigns: [], inputs, warnings: [] },
      now: TEST_NOW,
    });
  };

  test('a calendar far beyond what environment variables could hold synthesizes and passes the deploy-size checks', () => {
    const stack = withInputs(many(60));
    expect(JSON.parse(stack.preScaler.calendarFile).campaigns).toHaveLength(60);
    expect(deployLimitProblems(stack.stackName, Template.fromStack(stack).toJSON())).toEqual([]);
  });

  test("an entry the function would refuse fails synth with the function's own message", () => {
    const bad: CampaignInput = { ...many(1)[0]!, readerFloor: 20 };
    expect(() => withInputs([bad])).toThrow(
      /\[prod\] pre-scaler campaigns\["weekly-flash-sale-number-0"\]\.readerFloor: 20 is above 15, the Aurora replica limit\. Fix: /,
    );
  });
});
