import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionConfigurationCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { checkDryRunInvocation, checkSchedule, DRY_RUN_EVENT } from '../../../tools/verify/checks/pre-scaler';

const lambda = mockClient(LambdaClient);
const cw = mockClient(CloudWatchClient);
const logs = mockClient(CloudWatchLogsClient);
const clients = {
  lambda: new LambdaClient({ region: 'eu-central-1' }),
  cloudWatch: new CloudWatchClient({ region: 'eu-central-1' }),
  logs: new CloudWatchLogsClient({ region: 'eu-central-1' }),
};
const FN = 'aurora-surge-shop-pre-scaler';
const NOW = new Date('2026-11-01T10:00:00Z');
const payload = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)) as never;

beforeEach(() => {
  lambda.reset();
  cw.reset();
  logs.reset();
});

describe('the dry-run invocation', () => {
  it('passes and prints the decision and its reason', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      Payload: payload({
        outcome: 'dry-run',
        action: 'resize-standby',
        reason: 'campaign "winter-sale" needs db.r6g.4xlarge',
        ready: false,
      }),
    });
    const result = await checkDryRunInvocation(clients.lambda, 'shop', FN);
    expect(result.status).toBe('pass');
    expect(result.details).toEqual([
      'decision: resize-standby (dry-run) — campaign "winter-sale" needs db.r6g.4xlarge; capacity not ready',
    ]);
    const input = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(input?.InvocationType).toBe('RequestResponse');
    expect(JSON.parse(new TextDecoder().decode(input?.Payload as Uint8Array))).toEqual(DRY_RUN_EVENT);
  });

  it('fails when the function acted although asked for a dry run', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload({ outcome: 'acted', action: 'failover', reason: 'r' }) });
    const result = await checkDryRunInvocation(clients.lambda, 'shop', FN);
    expect(result.status).toBe('fail');
    expect(result.problems[0]?.problem).toContain('acted on the cluster although invoked with {"dryRun":true}');
  });

  it('fails with the error when the function fails', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: payload({ errorType: 'AccessDenied', errorMessage: 'not authorized to perform: rds:DescribeDBClusters' }),
    });
    const result = await checkDryRunInvocation(clients.lambda, 'shop', FN);
    expect(result.problems[0]?.problem).toBe(`[shop] ${FN} failed: AccessDenied: not authorized to perform: rds:DescribeDBClusters`);
  });

  it('fails when the function refuses its configuration', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload({ outcome: 'invalid-configuration' }) });
    const result = await checkDryRunInvocation(clients.lambda, 'shop', FN);
    expect(result.problems[0]?.fix).toContain('pre-scaler configuration invalid');
  });
});

describe('the schedule and the last run', () => {
  const target = { functionName: FN, ruleName: FN, rateMinutes: 5 };
  const runLine = (outcome: string) =>
    JSON.stringify({
      level: 'INFO',
      message: 'pre-scaler run',
      outcome,
      dryRun: false,
      action: { kind: 'no-step', reason: 'capacity matches the baseline' },
    });

  beforeEach(() => {
    lambda.on(GetFunctionConfigurationCommand).resolves({ LoggingConfig: { LogGroup: `/aws/lambda/${FN}` } as never });
  });

  it('passes when the rule fired and a run was logged, and shows that run', async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'triggered', Values: [1, 1, 1] }] });
    logs.on(FilterLogEventsCommand).resolves({
      events: [
        { timestamp: Date.parse('2026-11-01T09:50:00Z'), message: runLine('no-step') },
        { timestamp: Date.parse('2026-11-01T09:55:00Z'), message: runLine('no-step') },
      ],
    });
    const result = await checkSchedule(clients, 'shop', target, NOW);
    expect(result.status).toBe('pass');
    expect(result.details).toEqual([
      `rule ${FN} fired 3 times in the last 15 minutes.`,
      'last run 2026-11-01T09:55:00.000Z: no-step: no-step — capacity matches the baseline',
    ]);
    expect(cw).toHaveReceivedCommandWith(GetMetricDataCommand, {
      MetricDataQueries: [
        expect.objectContaining({
          MetricStat: expect.objectContaining({
            Metric: { Namespace: 'AWS/Events', MetricName: 'TriggeredRules', Dimensions: [{ Name: 'RuleName', Value: FN }] },
          }),
        }),
      ],
    });
    expect(logs).toHaveReceivedCommandWith(FilterLogEventsCommand, { logGroupName: `/aws/lambda/${FN}`, endTime: NOW.getTime() });
  });

  it('fails when the rule did not fire and nothing was logged', async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'triggered', Values: [] }] });
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    const result = await checkSchedule(clients, 'shop', target, NOW);
    expect(result.problems.map((p) => p.fix)).toEqual([
      expect.stringContaining(`aws events enable-rule --name ${FN}`),
      expect.stringContaining("the function's Errors metric"),
    ]);
  });

  it('fails when the last run failed', async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'triggered', Values: [1] }] });
    logs.on(FilterLogEventsCommand).resolves({
      events: [
        {
          timestamp: Date.parse('2026-11-01T09:55:00Z'),
          message: JSON.stringify({ message: 'pre-scaler run failed: the next scheduled run retries', error: { message: 'x' } }),
        },
      ],
    });
    const result = await checkSchedule(clients, 'shop', target, NOW);
    expect(result.problems[0]?.problem).toBe(
      '[shop] the last scheduled run logged "pre-scaler run failed: the next scheduled run retries".',
    );
  });
});
