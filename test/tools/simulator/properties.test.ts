import fc from 'fast-check';
import type { CampaignInput } from '../../../lambda/pre-scaler/core';
import type { ApiVerb, CallFaultRule, StuckModifyingRule } from '../../../tools/simulator';
import { campaigns, PROD } from '../../lambda/pre-scaler/core/fixtures';
import { failoversInsideCampaigns, iso, invariantViolations, readyAt, runsWithoutSpareReader, simulate } from './harness';

const HOUR = 3_600_000;
const SPAN_START = Date.parse('2027-03-01T00:00Z');
const SPAN_HOURS = 4 * 24;
const CLASSES = ['db.r6g.xlarge', 'db.r6g.2xlarge', 'db.r6g.4xlarge', 'db.r6g.8xlarge'] as const;
const VERBS: ApiVerb[] = [
  'DescribeDBClusters',
  'DescribeDBInstances',
  'DescribeScalableTargets',
  'ModifyDBInstance',
  'FailoverDBCluster',
  'RegisterScalableTarget',
];

/** 1–4 one-off prod campaigns within four days, 1–12 h each, overlapping or not. */
const calendarArb = fc
  .array(
    fc.record({
      startHour: fc.integer({ min: 6, max: SPAN_HOURS - 12 }),
      hours: fc.integer({ min: 1, max: 12 }),
      instanceClass: fc.constantFrom(...CLASSES),
      readerFloor: fc.integer({ min: 1, max: 6 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((entries) =>
    campaigns(
      ...entries.map(
        (e, i): CampaignInput => ({
          id: `campaign-${i}`,
          environments: ['prod'],
          start: new Date(SPAN_START + e.startHour * HOUR).toISOString(),
          end: new Date(SPAN_START + (e.startHour + e.hours) * HOUR).toISOString(),
          writer: { instanceClass: e.instanceClass },
          readerFloor: e.readerFloor,
        }),
      ),
    ),
  );

/** Throttling, failed calls and lost replies, aimed at any verb, within the span. */
const callFaultsArb = fc
  .array(
    fc.record({
      fault: fc.constantFrom('throttle', 'fail', 'lost-reply') as fc.Arbitrary<CallFaultRule['fault']>,
      verb: fc.constantFrom(...VERBS),
      fromHour: fc.integer({ min: 0, max: SPAN_HOURS }),
      times: fc.integer({ min: 1, max: 3 }),
    }),
    { maxLength: 6 },
  )
  .map((rules) =>
    rules.map(
      (r): CallFaultRule => ({
        fault: r.fault,
        verb: r.verb,
        fromMs: SPAN_START + r.fromHour * HOUR,
        untilMs: SPAN_START + (r.fromHour + 2) * HOUR,
        times: r.times,
      }),
    ),
  );

const stuckArb = fc
  .array(fc.record({ fromHour: fc.integer({ min: 0, max: SPAN_HOURS }), extraMinutes: fc.integer({ min: 5, max: 30 }) }), { maxLength: 2 })
  .map((rules) =>
    rules.map(
      (r): StuckModifyingRule => ({
        fromMs: SPAN_START + r.fromHour * HOUR,
        untilMs: SPAN_START + (r.fromHour + 6) * HOUR,
        extraMinutes: r.extraMinutes,
      }),
    ),
  );

/** A busy period (CPU above the guard) and runs cut off mid-step. */
const busyArb = fc.option(fc.record({ fromHour: fc.integer({ min: 0, max: SPAN_HOURS }), hours: fc.integer({ min: 1, max: 8 }) }), {
  nil: undefined,
});
const cutOffArb = fc.integer({ min: 0, max: 2 ** 30 });

describe('invariants over random calendars and fault sequences', () => {
  test('never scales down inside a campaign, never fails over inside one, keeps a reader through every resize, at most one failover per direction per campaign, one operation at a time, never the live writer, and converges', async () => {
    await fc.assert(
      fc.asyncProperty(calendarArb, callFaultsArb, stuckArb, busyArb, cutOffArb, async (calendar, calls, stuck, busy, cutSeed) => {
        const busyFrom = busy ? SPAN_START + busy.fromHour * HOUR : 0;
        const busyUntil = busy ? busyFrom + busy.hours * HOUR : 0;
        const s = await simulate({
          settings: PROD,
          calendar,
          calls,
          stuck,
          from: SPAN_START,
          until: SPAN_START + (SPAN_HOURS + 3 * 24) * HOUR, // three more days: a low-traffic window and room to settle
          seed: cutSeed,
          cpu: (t) => (t >= busyFrom && t < busyUntil ? 70 : 15),
          // Roughly one run in ten is cut off after deciding, during the span only.
          cutOff: (t) =>
            t < SPAN_START + SPAN_HOURS * HOUR && ((Math.imul(Math.floor(t / 300_000), 2654435761) ^ cutSeed) >>> 0) % 10 === 0,
        });
        expect(invariantViolations(s, calendar, PROD)).toEqual([]);
        // Every campaign is known from the simulation's start, hours before its lead time.
        expect(failoversInsideCampaigns(s, calendar, PROD)).toEqual([]);
        expect(runsWithoutSpareReader(s)).toEqual([]);
        const last = s.result.runs[s.result.runs.length - 1]!;
        expect(last.assessment?.converged).toBe(true);
        expect(s.model.writerClass()).toBe('db.r6g.xlarge');
        for (const c of calendar) {
          const end = c.schedule.kind === 'once' ? c.schedule.endMs : 0;
          expect(iso(readyAt(s, c.id)) < iso(end)).toBe(true);
        }
      }),
      { numRuns: 40, seed: 20261127 },
    );
  });
});

/** Two to four campaigns that chain: each starts within lead time + cool-down of the previous one's end, or inside it. */
const chainArb = fc
  .record({
    firstHour: fc.integer({ min: 6, max: 24 }),
    links: fc.array(
      fc.record({
        // Minutes after the previous start: from inside it to just past its end + cool-down + lead time (120 + 120 in prod).
        afterMinutes: fc.integer({ min: 30, max: 6 * 60 + 240 }),
        minutes: fc.integer({ min: 30, max: 6 * 60 }),
        instanceClass: fc.constantFrom(...CLASSES),
        readerFloor: fc.integer({ min: 1, max: 6 }),
      }),
      { minLength: 2, maxLength: 4 },
    ),
  })
  .map(({ firstHour, links }) => {
    let start = SPAN_START + firstHour * HOUR;
    return campaigns(
      ...links.map((l, i): CampaignInput => {
        if (i > 0) start += l.afterMinutes * 60_000;
        return {
          id: `chained-${i}`,
          environments: ['prod'],
          start: new Date(start).toISOString(),
          end: new Date(start + l.minutes * 60_000).toISOString(),
          writer: { instanceClass: l.instanceClass },
          readerFloor: l.readerFloor,
        };
      }),
    );
  });

describe('chained campaigns known before their lead time', () => {
  test('no planned failover inside any campaign, each campaign ready by its start, a reader through every resize', async () => {
    await fc.assert(
      fc.asyncProperty(chainArb, async (calendar) => {
        const s = await simulate({ settings: PROD, calendar, from: SPAN_START, until: SPAN_START + 4 * 24 * HOUR });
        expect(failoversInsideCampaigns(s, calendar, PROD)).toEqual([]);
        expect(runsWithoutSpareReader(s)).toEqual([]);
        expect(invariantViolations(s, calendar, PROD)).toEqual([]);
        for (const c of calendar) {
          const start = c.schedule.kind === 'once' ? c.schedule.startMs : 0;
          expect(iso(readyAt(s, c.id)) <= iso(start)).toBe(true);
        }
      }),
      { numRuns: 25, seed: 20261202 },
    );
  });
});
