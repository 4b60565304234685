import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudWatchClient, DescribeAlarmHistoryCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeEventsCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { parseReviewArgs } from '../../../tools/review/args';
import { ReviewWindowError } from '../../../tools/review/campaign-window';
import { metricDefinitions } from '../../../tools/review/fetch-metrics';
import { runReview } from '../../../tools/review/run-review';
import { CALENDAR, END_MS, ENV, metricSeries, NOW_MS, PRICES, runLines, START_MS } from './fixtures';

const MIN = 60_000;
const cw = mockClient(CloudWatchClient);
const logs = mockClient(CloudWatchLogsClient);
const rds = mockClient(RDSClient);
const noSleep = async () => undefined;
let out: string;

/** AWS as it answers for the fixture campaign: metrics, runs ready `readyAfterMin` after the lead time, a failover, one alarm. */
function mockAws(lines: string[]) {
  cw.reset();
  logs.reset();
  rds.reset();
  cw.on(GetMetricDataCommand).callsFake((input: { StartTime: Date; EndTime: Date }) => {
    const series = metricSeries({ fromMs: input.StartTime.getTime(), toMs: input.EndTime.getTime() });
    const defs = metricDefinitions({ clusterIdentifier: 'aurora-surge-prod', proxyName: 'aurora-surge-prod', environment: 'prod' });
    return {
      MetricDataResults: defs.map((d, i) => ({
        Id: `m${i}`,
        Timestamps: series[d.key].timestampsMs.map((t) => new Date(t)),
        Values: series[d.key].values,
      })),
    };
  });
  logs.on(StartQueryCommand).resolves({ queryId: 'q' });
  logs.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: lines.map((value) => [{ field: '@message', value }]) });
  rds.on(DescribeEventsCommand, { SourceType: 'db-cluster' }).resolves({
    Events: [
      {
        SourceIdentifier: 'aurora-surge-prod',
        Message: 'Started cross AZ failover to DB instance: aurora-surge-prod-standby',
        Date: new Date(START_MS - 40 * MIN),
      },
      {
        SourceIdentifier: 'aurora-surge-prod',
        Message: 'Completed failover to DB instance: aurora-surge-prod-standby',
        Date: new Date(START_MS - 39 * MIN),
      },
    ],
  });
  rds.on(DescribeEventsCommand, { SourceType: 'db-instance' }).resolves({ Events: [] });
  const state = (from: string, to: string, m: number) => ({
    AlarmName: 'aurora-surge-prod-reader-cpu-warning',
    Timestamp: new Date(START_MS + m * MIN),
    HistoryData: JSON.stringify({ oldState: { stateValue: from }, newState: { stateValue: to } }),
  });
  cw.on(DescribeAlarmHistoryCommand).resolves({ AlarmHistoryItems: [state('OK', 'ALARM', 50), state('ALARM', 'OK', 75)] });
}

beforeEach(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'review-'));
});
afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

const args = (extra: string[] = []) => parseReviewArgs(['--env', 'prod', '--campaign', 'flash-sale', '--out', out, ...extra]);
const deps = { calendar: CALENDAR, nowMs: NOW_MS, sleep: noSleep, prices: PRICES };

test('writes the Markdown and HTML reports; the Markdown matches the fixture', async () => {
  mockAws(runLines(40));
  const { files } = await runReview(args(), ENV, deps);
  expect(files.map((f) => path.basename(f))).toEqual(['prod-flash-sale-2026-11-27.md', 'prod-flash-sale-2026-11-27.html']);
  const markdown = fs.readFileSync(files[0] as string, 'utf8');
  const fixture = path.join(__dirname, 'fixtures', 'expected-review.txt');
  // Regenerate after an intended change of the report: UPDATE_REVIEW_FIXTURE=1 npx jest test/tools/review/run-review.test.ts
  if (process.env.UPDATE_REVIEW_FIXTURE === '1') fs.writeFileSync(fixture, markdown);
  expect(markdown).toBe(fs.readFileSync(fixture, 'utf8'));
  const html = fs.readFileSync(files[1] as string, 'utf8');
  expect(html).toContain('<h1>Campaign review: flash-sale in prod</h1>');
  expect(html).toContain('<svg viewBox="0 0 600 160"');
  expect(html).not.toMatch(/<script|<link|src="http/); // self-contained
});

test('--snapshot saves the data, and --from-snapshot rebuilds the same review with no AWS call', async () => {
  mockAws(runLines(40));
  const first = await runReview(args(['--snapshot']), ENV, deps);
  const json = first.files[2] as string;
  expect(path.basename(json)).toBe('prod-flash-sale-2026-11-27.json');
  const markdown = fs.readFileSync(first.files[0] as string, 'utf8');
  cw.reset();
  logs.reset();
  rds.reset();
  const rebuilt = path.join(out, 'rebuilt');
  await runReview(parseReviewArgs(['--env', 'prod', '--campaign', 'flash-sale', '--out', rebuilt, '--from-snapshot', json]), ENV, deps);
  expect(cw.calls()).toHaveLength(0);
  expect(fs.readFileSync(path.join(rebuilt, 'prod-flash-sale-2026-11-27.md'), 'utf8')).toBe(markdown);
});

test('a campaign that was not ready in time: the report says late, by how much', async () => {
  mockAws(runLines(75));
  const { review, files } = await runReview(args(), ENV, deps);
  expect(review.readiness.verdict).toBe('late');
  expect(fs.readFileSync(files[0] as string, 'utf8')).toContain('Capacity was ready **15 min late**, at 2026-11-27 20:15 UTC');
});

test('a campaign during which the pre-scaler never ran', async () => {
  mockAws([]);
  const { review, files } = await runReview(args(), ENV, deps);
  expect(review.readiness.verdict).toBe('pre-scaler-never-ran');
  const markdown = fs.readFileSync(files[0] as string, 'utf8');
  expect(markdown).toContain('The pre-scaler never ran between the start of the lead time and the end');
  expect(markdown).toContain("## The pre-scaler's steps\n\nNo run was logged.");
});

test('a source that fails is a gap named in the report; the other answers are still given', async () => {
  mockAws(runLines(40));
  rds.on(DescribeEventsCommand).rejects(Object.assign(new Error('not authorized to rds:DescribeEvents'), { name: 'AccessDenied' }));
  const { review, files } = await runReview(args(), ENV, deps);
  expect(review.gaps).toEqual(['RDS DescribeEvents: AccessDenied: not authorized to rds:DescribeEvents']);
  expect(review.readiness.verdict).toBe('ready');
  expect(fs.readFileSync(files[0] as string, 'utf8')).toContain('**Missing data**\n\n- RDS DescribeEvents: AccessDenied');
});

test('refuses a campaign that is not over, naming the environment, the campaign and the fix', async () => {
  mockAws([]);
  await expect(runReview(args(), ENV, { ...deps, nowMs: END_MS - 10 * MIN })).rejects.toThrow(
    new ReviewWindowError(
      '[prod] campaign "flash-sale" is not over: it ends 2026-11-27T22:00:00.000Z. Fix: run the review after the end (and after the cool-down, to see the scale-back).',
    ),
  );
});

test('refuses an unknown campaign with the known ones', async () => {
  await expect(runReview(parseReviewArgs(['--env', 'prod', '--campaign', 'nope', '--out', out]), ENV, deps)).rejects.toThrow(
    '[prod] --campaign nope: no such campaign for prod in the calendar. Fix: use one of flash-sale.',
  );
});
