import { type CloudWatchLogsClient, GetQueryResultsCommand, type ResultField, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { RUN_LOG_MESSAGE } from '../../lambda/pre-scaler/run-log';
import type { Decision } from './review-data';

/** Waits between two polls of a running query (injected: tests never sleep). */
export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface DecisionQueryOptions {
  readonly logGroupName: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly sleep?: Sleep;
  /** Polls before giving up on a query still running. @default 120 */
  readonly maxPolls?: number;
  /** Time between polls. @default 1000 */
  readonly pollMs?: number;
}

/** The one Logs Insights query: every run's log line, oldest first. */
export const DECISIONS_QUERY = `fields @timestamp, @message | filter message = "${RUN_LOG_MESSAGE}" | sort @timestamp asc | limit 10000`;

/** Raised when the query fails or never completes; the review records it as a gap. */
export class DecisionQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecisionQueryError';
  }
}

/**
 * The pre-scaler's decisions in the range, from its log group with CloudWatch Logs Insights: StartQuery,
 * then GetQueryResults until the status is `Complete` (it returns partial results while `Running`), then
 * the remaining pages with `nextToken`.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_StartQuery.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetQueryResults.html
 */
export async function fetchDecisions(client: CloudWatchLogsClient, options: DecisionQueryOptions): Promise<Decision[]> {
  const sleep = options.sleep ?? realSleep;
  const started = await client.send(
    new StartQueryCommand({
      logGroupName: options.logGroupName,
      // Logs Insights takes seconds since the epoch.
      startTime: Math.floor(options.fromMs / 1000),
      endTime: Math.ceil(options.toMs / 1000),
      queryString: DECISIONS_QUERY,
      limit: 10_000,
    }),
  );
  const queryId = started.queryId;
  if (!queryId) throw new DecisionQueryError(`StartQuery on ${options.logGroupName} returned no queryId.`);
  const rows: ResultField[][] = [];
  for (let poll = 0; ; poll++) {
    const page = await client.send(new GetQueryResultsCommand({ queryId }));
    const status = page.status ?? 'Unknown';
    if (status === 'Complete') {
      rows.push(...(page.results ?? []));
      let next = page.nextToken;
      while (next) {
        const more = await client.send(new GetQueryResultsCommand({ queryId, nextToken: next }));
        rows.push(...(more.results ?? []));
        next = more.nextToken;
      }
      break;
    }
    if (status !== 'Running' && status !== 'Scheduled')
      throw new DecisionQueryError(`the Logs Insights query on ${options.logGroupName} ended with status ${status}.`);
    if (poll + 1 >= (options.maxPolls ?? 120))
      throw new DecisionQueryError(`the Logs Insights query on ${options.logGroupName} was still ${status} after ${poll + 1} polls.`);
    await sleep(options.pollMs ?? 1000);
  }
  return rows.flatMap((row) => {
    const message = row.find((f) => f.field === '@message')?.value;
    const decision = message ? decisionFromLogLine(message) : undefined;
    return decision ? [decision] : [];
  });
}

/**
 * One run's decision from its JSON log line (see lambda/pre-scaler/run-log.ts for the fields); undefined
 * for a line that is not a run line.
 */
export function decisionFromLogLine(message: string): Decision | undefined {
  let line: Record<string, unknown>;
  try {
    line = JSON.parse(message) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (line.message !== RUN_LOG_MESSAGE) return undefined;
  const action = (line.action ?? {}) as Record<string, unknown>;
  const desired = (line.desired ?? {}) as Record<string, unknown>;
  const atMs = Date.parse(String(line.timestamp ?? ''));
  if (Number.isNaN(atMs)) return undefined;
  const direction = action.direction === 'up' || action.direction === 'down' ? action.direction : undefined;
  return {
    atMs,
    outcome: String(line.outcome ?? 'unknown'),
    action: String(action.kind ?? 'unknown'),
    ...(direction ? { direction } : {}),
    ...(typeof action.campaignId === 'string' ? { campaignId: action.campaignId } : {}),
    reason: String(action.reason ?? ''),
    ...(typeof line.ready === 'boolean' ? { ready: line.ready } : {}),
    inForce: Array.isArray(desired.inForce) ? desired.inForce.map(String) : [],
  };
}
