import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionConfigurationCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { createAwsClients } from '../../../tools/aws-checks/aws-clients';
import { renderChecklist } from '../../../tools/aws-checks/render-checklist';
import { runVerify } from '../../../tools/verify/run-verify';
import { awsError } from '../../helpers/aws-errors';
import { campaignsFor, shopEnv } from '../preflight/fixtures';

const sts = mockClient(STSClient);
const cfn = mockClient(CloudFormationClient);
const cw = mockClient(CloudWatchClient);
const lambda = mockClient(LambdaClient);
const logs = mockClient(CloudWatchLogsClient);

const env = shopEnv();
const TOPIC = 'arn:aws:sns:eu-central-1:480912375566:aurora-surge-shop-alarms-critical';
const options = () => ({
  env,
  campaigns: campaignsFor(env),
  clients: createAwsClients('eu-central-1'),
  waiting: { now: () => new Date('2026-11-01T10:00:00Z'), sleep: async () => {} },
});

beforeEach(() => {
  for (const m of [sts, cfn, cw, lambda, logs]) m.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: '480912375566', Arn: 'arn:aws:sts::480912375566:assumed-role/deploy/me' });
});

describe('verify', () => {
  it('fails on the missing stack and skips the rest', async () => {
    cfn
      .on(DescribeStacksCommand)
      .rejects(Object.assign(awsError('ValidationError'), { message: 'Stack with id AuroraSurge-shop does not exist' }));
    const report = await runVerify(options());
    expect(report.checks.map((c) => `${c.id}:${c.status}`)).toEqual([
      'stack:fail',
      'notifications:skip',
      'pre-scaler-schedule:skip',
      'pre-scaler-dry-run:skip',
      'proxy:skip',
      'rotation:skip',
      'reader-target:skip',
    ]);
    expect(report.checks[0]?.problems[0]?.fix).toContain('npm run preflight -- --env shop');
  });

  test.each(['CREATE_IN_PROGRESS', 'ROLLBACK_COMPLETE', 'DELETE_FAILED'])(
    'fails on a stack that is %s and skips the rest',
    async (status) => {
      cfn
        .on(DescribeStacksCommand)
        .resolves({ Stacks: [{ StackName: 'AuroraSurge-shop', StackStatus: status as never, CreationTime: new Date(0) }] });
      cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
      const report = await runVerify(options());
      expect(report.checks[0]?.problems[0]?.problem).toBe(`[shop] AuroraSurge-shop is ${status} in eu-central-1.`);
      expect(report.checks.slice(1).every((c) => c.status === 'skip')).toBe(true);
    },
  );

  it('says a rolled-back update did not land, and still checks the environment', async () => {
    cfn
      .on(DescribeStacksCommand)
      .resolves({ Stacks: [{ StackName: 'AuroraSurge-shop', StackStatus: 'UPDATE_ROLLBACK_COMPLETE', CreationTime: new Date(0) }] });
    cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
    const report = await runVerify(options());
    expect(report.checks[0]?.problems[0]?.problem).toContain('the last deploy rolled back, so what follows checks the previous version');
    expect(report.checks.find((c) => c.id === 'notifications')?.status).not.toBe('skip');
  });

  it('puts a notification delivery failure first in the verdict, and reads the last run before invoking', async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'AuroraSurge-shop',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date(0),
          Outputs: [
            { OutputKey: 'PreScalerFunctionName', OutputValue: 'aurora-surge-shop-pre-scaler' },
            { OutputKey: 'PreScalerScheduleRule', OutputValue: 'aurora-surge-shop-pre-scaler' },
          ],
        },
      ],
    });
    cfn.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        {
          LogicalResourceId: 'Topic',
          PhysicalResourceId: TOPIC,
          ResourceType: 'AWS::SNS::Topic',
          ResourceStatus: 'CREATE_COMPLETE',
          LastUpdatedTimestamp: new Date(0),
        },
        {
          LogicalResourceId: 'Cpu',
          PhysicalResourceId: 'aurora-surge-shop-writer-cpu-critical',
          ResourceType: 'AWS::CloudWatch::Alarm',
          ResourceStatus: 'CREATE_COMPLETE',
          LastUpdatedTimestamp: new Date(0),
        },
      ],
    });
    cw.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [{ AlarmName: 'aurora-surge-shop-writer-cpu-critical', ActionsEnabled: true, AlarmActions: [TOPIC], StateValue: 'OK' }],
    });
    cw.on(SetAlarmStateCommand).resolves({});
    cw.on(DescribeAlarmHistoryCommand).resolves({
      AlarmHistoryItems: [
        {
          HistoryItemType: 'Action',
          HistorySummary: `Failed to execute action ${TOPIC}. Received error: "not authorized to perform: SNS:Publish"`,
        },
      ],
    });
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Values: [1] }] });
    lambda.on(GetFunctionConfigurationCommand).resolves({});
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    lambda.on(InvokeCommand).resolves({
      Payload: new TextEncoder().encode(JSON.stringify({ outcome: 'no-step', action: 'no-step', reason: 'baseline' })) as never,
    });

    const report = await runVerify(options());
    expect(report.checks[0]?.id).toBe('notifications');
    expect(renderChecklist(report).split('\n')[0]).toMatch(/^verify shop: ❌ Alarm notifications reach their topics and \d+ more failed/);
    const filterCall = logs.commandCalls(FilterLogEventsCommand)[0];
    const invokeCall = lambda.commandCalls(InvokeCommand)[0];
    if (!filterCall || !invokeCall) throw new Error('expected both calls');
    expect(filterCall.calledBefore(invokeCall)).toBe(true);
    // no secret output and no proxy/cluster in these resources: those checks say why instead of passing
    expect(report.checks.find((c) => c.id === 'rotation')?.problems[0]?.problem).toContain('stack output SecretArn is missing');
  });
});
