import { type CloudWatchClient, paginateDescribeAlarmHistory } from '@aws-sdk/client-cloudwatch';
import type { AlarmChange } from './review-data';

/**
 * State changes of the environment's alarms in the range (names from lib/monitoring/alarm-naming.ts:
 * `aurora-surge-<env>-…`), paginated with `NextToken`. DescribeAlarmHistory filters by one exact name or
 * none, so every alarm's history is read and filtered by prefix here. CloudWatch has documented keeping
 * alarm history for two weeks (CLI reference, mon-describe-alarm-history): run the review within a week.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarmHistory.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/cli/cli-mon-describe-alarm-history.html
 */
export async function fetchAlarmHistory(
  client: CloudWatchClient,
  environment: string,
  range: { fromMs: number; toMs: number },
): Promise<AlarmChange[]> {
  const prefix = `aurora-surge-${environment}-`;
  const out: AlarmChange[] = [];
  const pages = paginateDescribeAlarmHistory(
    { client },
    {
      HistoryItemType: 'StateUpdate',
      StartDate: new Date(range.fromMs),
      EndDate: new Date(range.toMs),
      ScanBy: 'TimestampAscending',
    },
  );
  for await (const page of pages) {
    for (const item of page.AlarmHistoryItems ?? []) {
      const name = item.AlarmName ?? '';
      if (!name.startsWith(prefix)) continue;
      const states = statesOf(item.HistoryData);
      out.push({
        atMs: item.Timestamp?.getTime() ?? 0,
        alarmName: name,
        oldState: states.oldState,
        newState: states.newState,
        summary: item.HistorySummary ?? '',
      });
    }
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}

/** `HistoryData` of a state update is JSON with `oldState.stateValue` and `newState.stateValue`. */
function statesOf(historyData: string | undefined): { oldState: string; newState: string } {
  try {
    const data = JSON.parse(historyData ?? '{}') as { oldState?: { stateValue?: string }; newState?: { stateValue?: string } };
    return { oldState: data.oldState?.stateValue ?? 'UNKNOWN', newState: data.newState?.stateValue ?? 'UNKNOWN' };
  } catch {
    return { oldState: 'UNKNOWN', newState: 'UNKNOWN' };
  }
}
