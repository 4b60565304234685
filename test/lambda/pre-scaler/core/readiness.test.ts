import fc from 'fast-check';
import { campaignsNotReady, computeDesiredState, type CampaignInput } from '../../../../lambda/pre-scaler/core';
import { campaigns, instance, PROD, provisioned } from './fixtures';

const MINUTE = 60_000;
const CLASSES = ['db.r6g.xlarge', 'db.r6g.2xlarge', 'db.r6g.4xlarge', 'db.r6g.8xlarge'] as const;
const A_START = Date.parse('2027-06-01T10:00Z');
/** The not-ready alarm looks this far ahead (notReadyAlarmMinutes). */
const SOON_MS = 60 * MINUTE;

/** A cluster exactly at one campaign's own target: writer and standby at `instanceClass`, `floor` readers available. */
function exactly(instanceClass: string, floor: number) {
  const autoScaled = Array.from({ length: Math.max(0, floor - 1) }, (_, i) =>
    instance(`application-autoscaling-${i}`, instanceClass, { promotionTier: 15, createdByAutoScaling: true }),
  );
  return provisioned(instanceClass, instanceClass, { floor, more: autoScaled });
}

const pairArb = fc.record({
  a: fc.record({
    classIndex: fc.integer({ min: 0, max: 2 }),
    floor: fc.integer({ min: 1, max: 3 }),
    minutes: fc.integer({ min: 30, max: 600 }),
  }),
  b: fc.record({
    extraClasses: fc.integer({ min: 1, max: 3 }),
    floor: fc.integer({ min: 1, max: 6 }),
    minutes: fc.integer({ min: 30, max: 600 }),
  }),
  // B starts from inside A to well after it: always chained with A in prod (lead 120, cool-down 120).
  bAfterMinutes: fc.integer({ min: 0, max: 240 }),
  atMinutes: fc.integer({ min: 0, max: 29 }),
});

type Pair = typeof pairArb extends fc.Arbitrary<infer T> ? T : never;

function calendarOf(p: Pair) {
  const aClass = CLASSES[p.a.classIndex] as string;
  const bClass = CLASSES[Math.min(CLASSES.length - 1, p.a.classIndex + p.b.extraClasses)] as string;
  const bStart = A_START + p.bAfterMinutes * MINUTE;
  const entry = (id: string, start: number, minutes: number, instanceClass: string, readerFloor: number): CampaignInput => ({
    id,
    environments: ['prod'],
    start: new Date(start).toISOString(),
    end: new Date(start + minutes * MINUTE).toISOString(),
    writer: { instanceClass },
    readerFloor,
  });
  return {
    aClass,
    calendar: campaigns(
      entry('small-a', A_START, p.a.minutes, aClass, p.a.floor),
      entry('bigger-b', bStart, p.b.minutes, bClass, p.b.floor),
    ),
  };
}

describe('each campaign is judged against its own target, not the merged one', () => {
  test('a campaign whose own target is met is ready, even while a bigger chained one is not', () => {
    fc.assert(
      fc.property(pairArb, (p) => {
        const { aClass, calendar } = calendarOf(p);
        const now = A_START + p.atMinutes * MINUTE;
        const desired = computeDesiredState(calendar, PROD, now);
        const observation = exactly(aClass, p.a.floor);
        const notReady = campaignsNotReady(calendar, PROD, desired, observation, SOON_MS);
        expect(notReady).not.toContain('small-a');
        // The merged target is bigger (B's class), so B, if it starts soon, is not ready.
        const bStart = A_START + p.bAfterMinutes * MINUTE;
        if (bStart - now <= SOON_MS) expect(notReady).toContain('bigger-b');
      }),
      { numRuns: 200, seed: 14_2 },
    );
  });

  test('a campaign whose own target is not met is not ready', () => {
    fc.assert(
      fc.property(pairArb, (p) => {
        const { aClass, calendar } = calendarOf(p);
        const now = A_START + p.atMinutes * MINUTE;
        const desired = computeDesiredState(calendar, PROD, now);
        const below =
          p.a.classIndex === 0 ? exactly(aClass, p.a.floor - 1 || 0) : exactly(CLASSES[p.a.classIndex - 1] as string, p.a.floor);
        if (p.a.classIndex === 0 && p.a.floor === 1) return; // the baseline itself: nothing below it to observe
        expect(campaignsNotReady(calendar, PROD, desired, below, SOON_MS)).toContain('small-a');
      }),
      { numRuns: 200, seed: 14_21 },
    );
  });

  test('scenario: A starts at 10:00 at its own db.r6g.2xlarge while B (db.r6g.8xlarge, 11:00) is still being prepared', () => {
    const { calendar } = calendarOf({
      a: { classIndex: 1, floor: 2, minutes: 180 },
      b: { extraClasses: 2, floor: 4, minutes: 60 },
      bAfterMinutes: 60,
      atMinutes: 0,
    });
    const desired = computeDesiredState(calendar, PROD, A_START);
    expect(desired.writer).toMatchObject({ instanceClass: 'db.r6g.8xlarge' }); // the merged target
    expect(campaignsNotReady(calendar, PROD, desired, exactly('db.r6g.2xlarge', 2), SOON_MS)).toEqual(['bigger-b']);
  });
});
