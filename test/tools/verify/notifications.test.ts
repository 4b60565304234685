import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  type MetricAlarm,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { checkNotifications, HISTORY_POLL, TEST_REASON } from '../../../tools/verify/checks/notifications';

const cw = mockClient(CloudWatchClient);
const sns = mockClient(SNSClient);
const clients = { cloudWatch: new CloudWatchClient({ region: 'eu-central-1' }), sns: new SNSClient({ region: 'eu-central-1' }) };
const CRITICAL = 'arn:aws:sns:eu-central-1:480912375566:aurora-surge-shop-alarms-critical';
const ALARM = 'aurora-surge-shop-writer-cpu-critical';
const waiting = { now: () => new Date('2026-11-01T10:00:00Z'), sleep: jest.fn(async () => {}) };

function alarm(overrides: Partial<MetricAlarm> = {}): MetricAlarm {
  return { AlarmName: ALARM, ActionsEnabled: true, AlarmActions: [CRITICAL], StateValue: 'OK', ...overrides };
}

function setUp(
  history: { summary: string; data: object } | undefined,
  after: Partial<MetricAlarm> = { StateValue: 'ALARM', StateReason: TEST_REASON },
) {
  cw.on(DescribeAlarmsCommand, { AlarmNames: [ALARM, 'aurora-surge-shop-other-warning'] }).resolves({
    MetricAlarms: [alarm({ AlarmName: 'aurora-surge-shop-other-warning', StateValue: 'ALARM' }), alarm()],
  });
  cw.on(DescribeAlarmsCommand, { AlarmNames: [ALARM] }).resolves({ MetricAlarms: [alarm(after)] });
  cw.on(SetAlarmStateCommand).resolves({});
  cw.on(DescribeAlarmHistoryCommand).resolves({
    AlarmHistoryItems: history
      ? [{ AlarmName: ALARM, HistoryItemType: 'Action', HistorySummary: history.summary, HistoryData: JSON.stringify(history.data) }]
      : [],
  });
  sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [{ SubscriptionArn: `${CRITICAL}:1f2e`, Protocol: 'email' }] });
}

const RESOURCES = { topicArns: [CRITICAL], alarmNames: [ALARM, 'aurora-surge-shop-other-warning'], actionsEnabled: true };

beforeEach(() => {
  cw.reset();
  sns.reset();
  waiting.sleep.mockClear();
});

describe('notifications', () => {
  it('pass when the test alarm published to its topic, and set the alarm back to OK', async () => {
    setUp({ summary: `Successfully executed action ${CRITICAL}`, data: { actionState: 'Succeeded', notificationResource: CRITICAL } });
    const result = await checkNotifications(clients, 'shop', RESOURCES, waiting);
    expect(result.status).toBe('pass');
    expect(result.details).toContain(`aurora-surge-shop-alarms-critical: ${ALARM} → Successfully executed action ${CRITICAL}`);
    const calls = cw.commandCalls(SetAlarmStateCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { AlarmName: ALARM, StateValue: 'ALARM', StateReason: TEST_REASON },
      { AlarmName: ALARM, StateValue: 'OK', StateReason: `${TEST_REASON} Back to OK.` },
    ]);
    expect(TEST_REASON).toMatch(/TEST .*not a real alarm/);
  });

  it('fail when CloudWatch may not publish to the topic, quoting the history', async () => {
    const summary = `Failed to execute action ${CRITICAL}. Received error: "Resource: arn:aws:cloudwatch:eu-central-1:480912375566:alarm:${ALARM} is not authorized to perform: SNS:Publish on resource: ${CRITICAL}"`;
    setUp({ summary, data: { actionState: 'Failed' } });
    const result = await checkNotifications(clients, 'shop', RESOURCES, waiting);
    expect(result.status).toBe('fail');
    expect(result.problems[0]?.problem).toBe(`[shop] aurora-surge-shop-alarms-critical: alarm ${ALARM} could not notify it: ${summary}`);
    expect(result.problems[0]?.fix).toContain('cloudwatch.amazonaws.com sns:Publish');
    // the alarm is still set back
    expect(cw.commandCalls(SetAlarmStateCommand)).toHaveLength(2);
  });

  it('fail when the history never shows the action, after a bounded number of reads (no real waiting)', async () => {
    setUp(undefined);
    const result = await checkNotifications(clients, 'shop', RESOURCES, waiting);
    expect(result.problems[0]?.problem).toContain('its history shows no action');
    expect(cw.commandCalls(DescribeAlarmHistoryCommand)).toHaveLength(HISTORY_POLL.attempts);
    expect(waiting.sleep).toHaveBeenCalledTimes(HISTORY_POLL.attempts);
  });

  it('leave the alarm alone when CloudWatch already set it back', async () => {
    setUp(
      { summary: `Successfully executed action ${CRITICAL}`, data: { actionState: 'Succeeded' } },
      { StateValue: 'OK', StateReason: 'Threshold Crossed' },
    );
    await checkNotifications(clients, 'shop', RESOURCES, waiting);
    expect(cw.commandCalls(SetAlarmStateCommand)).toHaveLength(1);
  });

  it('never fire an alarm that is really in ALARM', async () => {
    setUp({ summary: `Successfully executed action ${CRITICAL}`, data: {} });
    await checkNotifications(clients, 'shop', RESOURCES, waiting);
    expect(cw.commandCalls(SetAlarmStateCommand).map((c) => c.args[0].input.AlarmName)).not.toContain('aurora-surge-shop-other-warning');
  });

  it('fail when the topic has no confirmed subscription', async () => {
    setUp({ summary: `Successfully executed action ${CRITICAL}`, data: { actionState: 'Succeeded' } });
    sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [{ SubscriptionArn: 'PendingConfirmation', Protocol: 'email' }] });
    const result = await checkNotifications(clients, 'shop', RESOURCES, waiting);
    expect(result.problems.map((p) => p.problem)).toEqual([
      '[shop] aurora-surge-shop-alarms-critical has no confirmed subscription: notifications reach nobody.',
    ]);
  });

  it('are skipped where config turns alarm actions off', async () => {
    const result = await checkNotifications(clients, 'shop', { ...RESOURCES, actionsEnabled: false }, waiting);
    expect(result.status).toBe('skip');
    expect(cw.commandCalls(SetAlarmStateCommand)).toHaveLength(0);
  });
});
