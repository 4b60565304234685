import { loadCalendar } from '../../../config/load-calendar';
import { campaignInputSchema } from '../../../lambda/pre-scaler/core/campaign-schema';
import { alarmIntervals, analyzeReview, pairEvents } from '../../../tools/review/analyze';
import { decisionFromLogLine } from '../../../tools/review/fetch-decisions';
import { formatCalendarEntry, nextCalendarEntry } from '../../../tools/review/next-calendar-entry';
import type { Decision } from '../../../tools/review/review-data';
import { CALENDAR, END_MS, ENV, NOW_MS, PRICES, reviewData, runLines, START_MS } from './fixtures';

const MIN = 60_000;
const campaign = loadCalendar(ENV, { now: new Date(NOW_MS), campaigns: CALENDAR }).campaigns[0]!;
const decisionsReadyAfter = (minutes: number): Decision[] => runLines(minutes).map((l) => decisionFromLogLine(l) as Decision);

describe('was capacity ready before the start?', () => {
  test.each([
    [40, 'ready', 20 * MIN, 'Capacity was ready at 2026-11-27 19:40 UTC, 20 min before the start.'],
    [75, 'late', -15 * MIN, 'Capacity was ready **15 min late**, at 2026-11-27 20:15 UTC (the campaign started 2026-11-27 20:00 UTC).'],
  ])('ready %i min after the lead time starts → %s', (after, verdict, margin, text) => {
    const review = analyzeReview(reviewData(decisionsReadyAfter(after)), ENV, campaign, PRICES);
    expect(review.readiness).toMatchObject({ verdict, marginMs: margin, text });
  });

  test('a campaign never ready says so, with the number of runs that looked', () => {
    const review = analyzeReview(reviewData(decisionsReadyAfter(10_000)), ENV, campaign, PRICES);
    expect(review.readiness.verdict).toBe('never-ready');
    expect(review.readiness.text).toMatch(/^Capacity was \*\*never ready\*\*: 38 runs/);
  });

  test('a campaign during which the pre-scaler never ran: no verdict on readiness, and the cost is the configured interval', () => {
    const review = analyzeReview(reviewData([]), ENV, campaign, PRICES);
    expect(review.readiness.verdict).toBe('pre-scaler-never-ran');
    expect(review.readiness.text).toContain('The pre-scaler never ran');
    expect(review.steps).toEqual([]);
    expect(review.costBasis).toContain('No run was logged');
    expect(review.cost.hours).toBeCloseTo(4 + 10 / 60); // 18:50 → 23:00: lead 70 min, 2 h window, cool-down 60 min
  });
});

describe('peaks against the expectation and the limits', () => {
  const review = analyzeReview(reviewData(decisionsReadyAfter(40)), ENV, campaign, PRICES);
  const peak = (what: string) => review.peaks.find((p) => p.what === what);

  test('compares the proxy peak with the expected peak and with what the pool can serve', () => {
    // db.r6g.4xlarge: max_connections 5000; pool 90 % = 4500; × multiplexing 2 = 9000.
    expect(peak('Proxy client connections')).toMatchObject({ measured: 3600, expected: 3000, limit: { value: 9000 } });
    expect(peak('Writer connections')).toMatchObject({ measured: 1800, limit: { value: 5000 } });
    expect(peak('Writer CPU')).toMatchObject({ measured: 60, atMs: START_MS + 60 * MIN, limit: { value: 70 } });
  });

  test('counts only the window: a higher value outside it is not the campaign peak', () => {
    const data = reviewData(decisionsReadyAfter(40));
    data.metrics.writerCpuMaxPercent.timestampsMs.push(END_MS + 30 * MIN);
    data.metrics.writerCpuMaxPercent.values.push(99);
    expect(analyzeReview(data, ENV, campaign, PRICES).peaks[0]?.measured).toBe(60);
  });

  test('missing data is "no data", never zero, and the sizing keeps the entry as it was', () => {
    const data = reviewData(decisionsReadyAfter(40));
    data.metrics.writerCpuMaxPercent = { timestampsMs: [], values: [] };
    const r = analyzeReview(data, ENV, campaign, PRICES);
    expect(r.peaks[0]?.measured).toBeUndefined();
    expect(r.sizing).toBeUndefined();
    expect(r.sizingNote).toBe('No writer CPU was measured in the window: the writer class and reader floor are kept as they were.');
  });
});

describe('the next entry', () => {
  test('picks the smallest writer class keeping the measured peak under the warning threshold (CPU ∝ 1/vCPUs)', () => {
    const data = reviewData(decisionsReadyAfter(40));
    // 30 % on 16 vCPUs = 60 % on 8 vCPUs (under 70) and 120 % on 4: db.r6g.2xlarge.
    data.metrics.writerCpuMaxPercent.values = data.metrics.writerCpuMaxPercent.values.map((v) => v / 2);
    const r = analyzeReview(data, ENV, campaign, PRICES);
    expect(r.sizing).toMatchObject({ writerClass: 'db.r6g.2xlarge', predictedWriterCpuPercent: 60 });
  });

  test('when capacity was late, the peak was measured on the baseline class and the advice says so', () => {
    const data = reviewData(decisionsReadyAfter(200)); // ready at 22:20, after the 21:00 peak
    data.metrics.writerCpuMaxPercent.values = data.metrics.writerCpuMaxPercent.values.map((v) => v * 1.5);
    const r = analyzeReview(data, ENV, campaign, PRICES);
    expect(r.sizingNote).toContain('measured on the baseline class db.r6g.large');
    // 90 % on 2 vCPUs: db.r6g.xlarge (4 vCPUs) gives 45 %, under 70.
    expect(r.sizing).toMatchObject({ writerClass: 'db.r6g.xlarge', predictedWriterCpuPercent: 45 });
  });

  test('a saturated writer only gives a lower bound, and the advice says so', () => {
    const data = reviewData(decisionsReadyAfter(200));
    data.metrics.writerCpuMaxPercent.values = data.metrics.writerCpuMaxPercent.values.map((v) => Math.min(100, v * 2));
    const r = analyzeReview(data, ENV, campaign, PRICES);
    expect(r.sizing?.explanation.join(' ')).toContain('the writer was saturated');
  });

  test('prints a calendar entry that the calendar schema accepts, with expectedPeak from the measured peak', () => {
    const r = analyzeReview(reviewData(decisionsReadyAfter(40)), ENV, campaign, PRICES);
    const entry = nextCalendarEntry(CALENDAR[0]!, r);
    expect(entry).toMatchObject({
      writer: { instanceClass: 'db.r6g.4xlarge' },
      readerFloor: 4,
      expectedPeak: { clientConnections: 3600, transactionsPerSecond: 2400, multipleOfBaseline: 4 },
    });
    const pasted = formatCalendarEntry(entry)
      .replace(/,$/, '')
      .replace(/^(\s*)([A-Za-z]+):/gm, '$1"$2":');
    expect(campaignInputSchema.safeParse(JSON.parse(pasted)).success).toBe(true);
  });
});

describe('events and alarms with their durations', () => {
  test('pairs a failover start with its completion, and a class change with its end', () => {
    const at = (m: number) => START_MS - 40 * MIN + m * MIN;
    const intervals = pairEvents(
      [
        {
          atMs: at(0),
          sourceId: 'aurora-surge-prod',
          sourceType: 'db-cluster',
          message: 'Started cross AZ failover to DB instance: x',
          categories: ['failover'],
        },
        {
          atMs: at(1),
          sourceId: 'aurora-surge-prod',
          sourceType: 'db-cluster',
          message: 'Completed failover to DB instance: x',
          categories: ['failover'],
        },
      ],
      /started (cross az )?failover/i,
      /completed failover/i,
      'cluster',
    );
    expect(intervals).toEqual([{ startMs: at(0), endMs: at(1), label: 'aurora-surge-prod: Started cross AZ failover to DB instance: x' }]);
  });

  test('an alarm in ALARM for 25 minutes, and one still firing when the data ends', () => {
    const at = (m: number) => START_MS + m * MIN;
    const out = alarmIntervals([
      { atMs: at(0), alarmName: 'aurora-surge-prod-writer-cpu-warning', oldState: 'OK', newState: 'ALARM', summary: '' },
      { atMs: at(25), alarmName: 'aurora-surge-prod-writer-cpu-warning', oldState: 'ALARM', newState: 'OK', summary: '' },
      { atMs: at(30), alarmName: 'aurora-surge-prod-proxy-borrow-latency-critical', oldState: 'OK', newState: 'ALARM', summary: '' },
    ]);
    expect(out).toEqual([
      { startMs: at(0), endMs: at(25), label: 'aurora-surge-prod-writer-cpu-warning' },
      { startMs: at(30), label: 'aurora-surge-prod-proxy-borrow-latency-critical (still in ALARM when the data ends)' },
    ]);
  });
});
