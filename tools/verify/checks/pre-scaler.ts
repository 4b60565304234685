import { type CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { type CloudWatchLogsClient, type FilteredLogEvent, paginateFilterLogEvents } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionConfigurationCommand, InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { INVALID_CONFIGURATION_MESSAGE, RUN_FAILED_MESSAGE, RUN_LOG_MESSAGE } from '../../../lambda/pre-scaler/run-log';
import { type CheckResult, failed, passed, type Problem, verdict } from '../../aws-checks/check-result';

export const DRY_RUN_CHECK = { id: 'pre-scaler-dry-run', title: 'The pre-scaler decides (dry-run invocation)' } as const;
export const SCHEDULE_CHECK = { id: 'pre-scaler-schedule', title: 'The pre-scaler runs on its schedule' } as const;

/** The event that forces a dry run for one invocation: the function decides, logs and changes nothing. */
export const DRY_RUN_EVENT = { dryRun: true } as const;

/** What the handler returns (lambda/pre-scaler/pre-scaler-handler.ts, `PreScalerResult`). */
interface HandlerResult {
  readonly outcome?: string;
  readonly action?: string;
  readonly reason?: string;
  readonly ready?: boolean;
  readonly dryRun?: boolean;
}

/** Outcomes that mean the function changed the cluster (or tried to): never acceptable under the dry-run flag. */
const ACTED = new Set(['acted', 'rejected']);

/**
 * Invokes the pre-scaler once, synchronously, with `{ "dryRun": true }` and prints its decision and
 * reason. The invocation must neither fail nor act: an `acted` (or `rejected`) outcome means the deployed
 * function ignored the flag and changed the cluster.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
export async function checkDryRunInvocation(lambda: LambdaClient, environment: string, functionName: string): Promise<CheckResult> {
  const { id, title } = DRY_RUN_CHECK;
  const out = await lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: 'RequestResponse',
      Payload: new TextEncoder().encode(JSON.stringify(DRY_RUN_EVENT)),
    }),
  );
  const text = out.Payload ? new TextDecoder().decode(out.Payload) : '';
  if (out.FunctionError) {
    const message = safeJson<{ errorMessage?: string; errorType?: string }>(text);
    return failed(id, title, [
      {
        problem: `[${environment}] ${functionName} failed: ${message?.errorType ?? out.FunctionError}: ${message?.errorMessage ?? text}`,
        fix: `read its "pre-scaler run failed" log line (docs/pre-scaler-runbook.md, "See what the pre-scaler decided"); a permission error names the statement to fix.`,
      },
    ]);
  }
  const result = safeJson<HandlerResult>(text) ?? {};
  const decision = `decision: ${result.action ?? '?'} (${result.outcome ?? '?'}) — ${result.reason ?? 'no reason given'}${result.ready === undefined ? '' : `; capacity ${result.ready ? 'ready' : 'not ready'}`}`;
  if (result.outcome === 'invalid-configuration') {
    return failed(id, title, [
      {
        problem: `[${environment}] ${functionName} refuses its configuration (calendar or settings): it acts on nothing.`,
        fix: 'read the "pre-scaler configuration invalid" log line, which lists each problem with its fix; correct config/ and deploy.',
      },
    ]);
  }
  if (ACTED.has(result.outcome ?? '') || result.dryRun === false) {
    return failed(id, title, [
      {
        problem: `[${environment}] ${functionName} acted on the cluster although invoked with ${JSON.stringify(DRY_RUN_EVENT)}: ${decision}.`,
        fix: 'the deployed function predates the dry-run flag or ignores it: deploy the current code before invoking it by hand again.',
      },
    ]);
  }
  return passed(id, title, decision);
}

/**
 * The schedule fires (EventBridge `TriggeredRules` for the rule, over the last three periods) and the
 * last scheduled run's log line, read before verify invokes the function.
 *
 * The rule's own state (`DescribeRule`) needs the EventBridge client, which this project does not
 * install; a rule that fired in the last three periods is enabled.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html
 */
export async function checkSchedule(
  clients: { readonly cloudWatch: CloudWatchClient; readonly logs: CloudWatchLogsClient; readonly lambda: LambdaClient },
  environment: string,
  target: { readonly functionName: string; readonly ruleName: string; readonly rateMinutes: number },
  now: Date,
): Promise<CheckResult> {
  const { id, title } = SCHEDULE_CHECK;
  const windowMinutes = Math.max(3 * target.rateMinutes, 15);
  const from = new Date(now.getTime() - windowMinutes * 60_000);
  const problems: Problem[] = [];
  const details: string[] = [];

  const metric = await clients.cloudWatch.send(
    new GetMetricDataCommand({
      StartTime: from,
      EndTime: now,
      MetricDataQueries: [
        {
          Id: 'triggered',
          MetricStat: {
            Metric: { Namespace: 'AWS/Events', MetricName: 'TriggeredRules', Dimensions: [{ Name: 'RuleName', Value: target.ruleName }] },
            Period: 60,
            Stat: 'Sum',
          },
        },
      ],
    }),
  );
  const fired = (metric.MetricDataResults?.[0]?.Values ?? []).reduce((a, b) => a + b, 0);
  if (fired > 0) {
    details.push(`rule ${target.ruleName} fired ${fired} time${fired === 1 ? '' : 's'} in the last ${windowMinutes} minutes.`);
  } else {
    problems.push({
      problem: `[${environment}] rule ${target.ruleName} did not fire in the last ${windowMinutes} minutes (every ${target.rateMinutes} expected): it is disabled or missing.`,
      fix: `enable it: \`aws events enable-rule --name ${target.ruleName}\` (a deploy also re-enables it); if it was stopped on purpose (docs/pre-scaler-runbook.md, "Stop it in an emergency"), ignore this.`,
    });
  }

  const config = await clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: target.functionName }));
  const logGroupName = config.LoggingConfig?.LogGroup ?? `/aws/lambda/${target.functionName}`;
  const logMinutes = Math.max(60, 2 * target.rateMinutes + 5);
  const last = await lastRunLine(clients.logs, logGroupName, new Date(now.getTime() - logMinutes * 60_000), now);
  if (!last) {
    problems.push({
      problem: `[${environment}] no run logged in ${logGroupName} in the last ${logMinutes} minutes.`,
      fix: "check the schedule above and the function's Errors metric; a run that crashes before logging shows in the log group as a stack trace.",
    });
  } else {
    details.push(`last run ${new Date(last.timestamp ?? 0).toISOString()}: ${summarizeRunLine(last.message ?? '')}`);
    const parsed = safeJson<{ message?: string }>(last.message ?? '');
    if (parsed?.message === RUN_FAILED_MESSAGE || parsed?.message === INVALID_CONFIGURATION_MESSAGE) {
      problems.push({
        problem: `[${environment}] the last scheduled run logged "${parsed.message}".`,
        fix: 'read the line (fields error / problems); docs/pre-scaler-runbook.md says what each alarm and line means.',
      });
    }
  }
  return verdict(id, title, problems, details);
}

/** The newest run line (ran, failed, or refused its configuration) between `from` and `to`. */
async function lastRunLine(logs: CloudWatchLogsClient, logGroupName: string, from: Date, to: Date): Promise<FilteredLogEvent | undefined> {
  const pattern = `{ ($.message = "${RUN_LOG_MESSAGE}") || ($.message = "${RUN_FAILED_MESSAGE}") || ($.message = "${INVALID_CONFIGURATION_MESSAGE}") }`;
  let last: FilteredLogEvent | undefined;
  for await (const page of paginateFilterLogEvents(
    { client: logs },
    { logGroupName, filterPattern: pattern, startTime: from.getTime(), endTime: to.getTime() },
  )) {
    for (const e of page.events ?? []) if (!last || (e.timestamp ?? 0) >= (last.timestamp ?? 0)) last = e;
  }
  return last;
}

/** `acted: resize-standby — …` from a run line's JSON, or the raw line, shortened. */
function summarizeRunLine(message: string): string {
  const line = safeJson<{ message?: string; outcome?: string; dryRun?: boolean; action?: { kind?: string; reason?: string } }>(message);
  if (!line?.action) return message.slice(0, 300);
  return `${line.outcome ?? '?'}${line.dryRun ? ' (dry run)' : ''}: ${line.action.kind ?? '?'} — ${line.action.reason ?? ''}`;
}

function safeJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
