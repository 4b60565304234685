import {
  type CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  type MetricAlarm,
  SetAlarmStateCommand,
  type StateValue,
} from '@aws-sdk/client-cloudwatch';
import { paginateListSubscriptionsByTopic, type SNSClient } from '@aws-sdk/client-sns';
import { type CheckResult, type Problem, skipped, verdict } from '../../aws-checks/check-result';

export const NOTIFICATIONS_CHECK = { id: 'notifications', title: 'Alarm notifications reach their topics' } as const;

/** The reason every test state change carries, so nobody takes it for a real alarm. */
export const TEST_REASON =
  'aurora-surge verify: TEST of the notification path, not a real alarm. Set back by `npm run verify` within a minute.';

/** Time and waiting, injected so tests never sleep. */
export interface Waiting {
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

/** How often and how many times the alarm history is read for the action's outcome (CloudWatch acts within seconds). */
export const HISTORY_POLL = { intervalMs: 5_000, attempts: 12 } as const;

const DESCRIBE_ALARMS_BATCH = 100;

/**
 * For each alarm topic, one alarm that notifies it goes into ALARM with `SetAlarmState` (the reason says
 * it is a test), the alarm history's `Action` item says whether publishing to the topic succeeded
 * ("Successfully executed action …" / "Failed to execute action … Received error: …"), and the alarm is
 * set back to the state it had if CloudWatch has not already done so (metric alarms return to their
 * actual state within seconds). A topic without a confirmed subscription is reported too: the publish
 * succeeds and reaches nobody.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_SetAlarmState.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_AlarmHistoryItem.html
 * @see https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger
 * @see https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptionsByTopic.html
 */
export async function checkNotifications(
  clients: { readonly cloudWatch: CloudWatchClient; readonly sns: SNSClient },
  environment: string,
  resources: { readonly topicArns: readonly string[]; readonly alarmNames: readonly string[]; readonly actionsEnabled: boolean },
  waiting: Waiting,
): Promise<CheckResult> {
  const { id, title } = NOTIFICATIONS_CHECK;
  if (!resources.actionsEnabled)
    return skipped(id, title, `monitoring.alarmActionsEnabled is false in ${environment}: alarms notify nobody by config.`);
  const alarms = await describeAlarms(clients.cloudWatch, resources.alarmNames);
  const problems: Problem[] = [];
  const details: string[] = [];
  for (const topicArn of resources.topicArns) {
    const topic = topicArn.split(':').pop() ?? topicArn;
    const candidates = alarms.filter((a) => a.ActionsEnabled && (a.AlarmActions ?? []).includes(topicArn) && a.StateValue !== 'ALARM');
    const alarm = candidates.find((a) => a.StateValue === 'OK') ?? candidates[0];
    if (!alarm?.AlarmName) {
      problems.push({
        problem: `[${environment}] no alarm outside ALARM notifies ${topic}: nothing to test it with.`,
        fix: `run verify again once the alarms are back to OK, or check that the stack wires its alarms to ${topic}.`,
      });
      continue;
    }
    const outcome = await fireAndRead(clients.cloudWatch, alarm, topicArn, waiting);
    if (outcome.kind === 'failed') {
      problems.push({
        problem: `[${environment}] ${topic}: alarm ${alarm.AlarmName} could not notify it: ${outcome.summary}`,
        fix: `give cloudwatch.amazonaws.com sns:Publish in the topic policy (and kms:GenerateDataKey*/kms:Decrypt on its key), deploy, and run verify again.`,
      });
    } else if (outcome.kind === 'no-record') {
      problems.push({
        problem: `[${environment}] ${topic}: alarm ${alarm.AlarmName} went to ALARM, but its history shows no action after ${(HISTORY_POLL.attempts * HISTORY_POLL.intervalMs) / 1000} s.`,
        fix: `look at the alarm's History tab in the CloudWatch console; run verify again.`,
      });
    } else {
      details.push(`${topic}: ${alarm.AlarmName} → ${outcome.summary}`);
    }
    const confirmed = await confirmedSubscriptions(clients.sns, topicArn);
    if (confirmed === 0) {
      problems.push({
        problem: `[${environment}] ${topic} has no confirmed subscription: notifications reach nobody.`,
        fix: `confirm the subscription e-mails (or the https endpoint) sent at deploy, or add subscribers in monitoring.notifications in config/environments/${environment}.ts.`,
      });
    } else {
      details.push(`${topic}: ${confirmed} confirmed subscription${confirmed === 1 ? '' : 's'}.`);
    }
  }
  return verdict(id, title, problems, details);
}

async function describeAlarms(cw: CloudWatchClient, names: readonly string[]): Promise<MetricAlarm[]> {
  const out: MetricAlarm[] = [];
  for (let i = 0; i < names.length; i += DESCRIBE_ALARMS_BATCH) {
    const page = await cw.send(new DescribeAlarmsCommand({ AlarmNames: names.slice(i, i + DESCRIBE_ALARMS_BATCH) }));
    out.push(...(page.MetricAlarms ?? []));
  }
  return out;
}

type ActionOutcome = { kind: 'succeeded' | 'failed'; summary: string } | { kind: 'no-record' };

/** Sets the alarm to ALARM, waits for the action's history item on this topic, then restores the alarm. */
async function fireAndRead(cw: CloudWatchClient, alarm: MetricAlarm, topicArn: string, waiting: Waiting): Promise<ActionOutcome> {
  const name = alarm.AlarmName as string;
  const original = (alarm.StateValue ?? 'OK') as StateValue;
  const since = new Date(waiting.now().getTime() - 1_000);
  await cw.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: 'ALARM', StateReason: TEST_REASON }));
  try {
    for (let attempt = 0; attempt < HISTORY_POLL.attempts; attempt++) {
      await waiting.sleep(HISTORY_POLL.intervalMs);
      const history = await cw.send(
        new DescribeAlarmHistoryCommand({ AlarmName: name, HistoryItemType: 'Action', StartDate: since, ScanBy: 'TimestampDescending' }),
      );
      const item = (history.AlarmHistoryItems ?? []).find(
        (h) => (h.HistorySummary ?? '').includes(topicArn) || (h.HistoryData ?? '').includes(topicArn),
      );
      if (!item) continue;
      const summary = item.HistorySummary ?? '';
      let state: string | undefined;
      try {
        state = (JSON.parse(item.HistoryData ?? '{}') as { actionState?: string }).actionState;
      } catch {
        state = undefined;
      }
      const failed = state === 'Failed' || /^Failed to execute action/.test(summary);
      return { kind: failed ? 'failed' : 'succeeded', summary };
    }
    return { kind: 'no-record' };
  } finally {
    const now = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms?.[0];
    if (now?.StateValue === 'ALARM' && now.StateReason === TEST_REASON && original !== 'ALARM') {
      await cw.send(
        new SetAlarmStateCommand({ AlarmName: name, StateValue: original, StateReason: `${TEST_REASON} Back to ${original}.` }),
      );
    }
  }
}

async function confirmedSubscriptions(sns: SNSClient, topicArn: string): Promise<number> {
  let n = 0;
  for await (const page of paginateListSubscriptionsByTopic({ client: sns }, { TopicArn: topicArn })) {
    // A subscription waiting for its confirmation has the ARN "PendingConfirmation".
    n += (page.Subscriptions ?? []).filter((s) => s.SubscriptionArn?.startsWith('arn:')).length;
  }
  return n;
}
