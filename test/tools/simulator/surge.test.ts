import fc from 'fast-check';
import { assessPressure, compareClasses, computeDesiredState, type Campaign, type PlannerSettings } from '../../../lambda/pre-scaler/core';
import { SURGE_TAG_KEYS } from '../../../lambda/pre-scaler/contract/surge-tags';
import {
  biggerWriterServingAt,
  FaultInjector,
  failoversBetween,
  minutesBetween,
  OUTAGE_REACTIVE_SETTINGS,
  OUTAGE_SERVERLESS_REACTIVE_SETTINGS,
  outageLoad,
  runSurgeScenario,
} from '../../../tools/simulator';
import { campaigns, PROD, DEV } from '../../lambda/pre-scaler/core/fixtures';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY_START = Date.parse('2027-03-02T06:00Z');
const SURGE_START = Date.parse('2027-03-02T14:00Z');

const REACTIVE = OUTAGE_REACTIVE_SETTINGS;
const PROVISIONED: PlannerSettings = { ...PROD, reactive: REACTIVE };
const SERVERLESS: PlannerSettings = {
  ...DEV,
  baseline: { writer: { kind: 'serverless-v2', minCapacity: 0.5, maxCapacity: 4 }, readerFloor: 1 },
  reactive: OUTAGE_SERVERLESS_REACTIVE_SETTINGS,
};
const PROVISIONED_BASELINE = { cpuPercent: 30, connections: 400 };

describe('the outage: 5× the baseline from 14:00, no calendar entry', () => {
  test('provisioned: the writer grows to the next class through the standby, with one failover and a reader throughout', () => {
    const s = runSurgeScenario({
      settings: PROVISIONED,
      load: outageLoad(SURGE_START),
      fromMs: DAY_START,
      untilMs: SURGE_START + 4 * HOUR,
      baseline: PROVISIONED_BASELINE,
    });
    const serving = biggerWriterServingAt(s, PROVISIONED, SURGE_START);
    expect(serving).toBeDefined();
    // Detection (first run with three published minutes) + spare reader + resize + failover, at 5-minute runs.
    expect(minutesBetween(SURGE_START, serving as number)).toBeLessThanOrEqual(45);
    expect(s.model.writerClass()).toBe('db.r6g.2xlarge');
    expect(failoversBetween(s, SURGE_START, SURGE_START + 4 * HOUR)).toHaveLength(1);
    // The record went on the cluster before the first capacity change of the surge.
    const mine = s.model.operations.filter((o) => o.actor === 'pre-scaler' && o.startedMs >= SURGE_START);
    expect(mine[0]?.verb).toBe('AddTagsToResource');
    expect(s.model.operations.some((o) => o.verb === 'ModifyDBInstance' && o.writerResizedInPlace)).toBe(false);
  });

  test('Serverless v2: the maximum is raised (no failover), and the minimum follows the current capacity', () => {
    const s = runSurgeScenario({
      settings: SERVERLESS,
      load: outageLoad(SURGE_START),
      fromMs: DAY_START,
      untilMs: SURGE_START + 2 * HOUR,
      baseline: { cpuPercent: 40, connections: 150, acu: 2 },
    });
    const serving = biggerWriterServingAt(s, SERVERLESS, SURGE_START);
    expect(serving).toBeDefined();
    expect(minutesBetween(SURGE_START, serving as number)).toBeLessThanOrEqual(11);
    expect(s.model.snapshot().serverlessV2).toEqual({ minCapacity: 4, maxCapacity: 8 });
    expect(failoversBetween(s, DAY_START, SURGE_START + 2 * HOUR)).toHaveLength(0);
  });

  test('a run that fails after writing the record loses nothing: the next run takes the capacity step from it, with no second emergency step', () => {
    // The first capacity call of the surge (the spare reader's floor) fails once, after the tag went on.
    const faults = new FaultInjector({ calls: [{ fault: 'fail', verb: 'RegisterScalableTarget', fromMs: SURGE_START, times: 1 }] });
    const s = runSurgeScenario({
      settings: PROVISIONED,
      load: outageLoad(SURGE_START),
      fromMs: DAY_START,
      untilMs: SURGE_START + 2 * HOUR,
      baseline: PROVISIONED_BASELINE,
      faults,
    });
    expect(faults.fired.map((f) => f.verb)).toEqual(['RegisterScalableTarget']);
    const records = s.model.operations.filter((o) => o.verb === 'AddTagsToResource');
    expect(records).toHaveLength(1);
    expect(records[0]?.detail).toContain('level=1 writer=db.r6g.2xlarge');
    expect(biggerWriterServingAt(s, PROVISIONED, SURGE_START)).toBeDefined();
    expect(s.model.writerClass()).toBe('db.r6g.2xlarge');
  });

  test('dry run decides the emergency step and changes nothing, not even the tag', () => {
    const s = runSurgeScenario({
      settings: PROVISIONED,
      load: outageLoad(SURGE_START),
      fromMs: DAY_START,
      untilMs: SURGE_START + HOUR,
      baseline: PROVISIONED_BASELINE,
      dryRun: true,
    });
    expect(s.model.operations.filter((o) => o.actor === 'pre-scaler')).toEqual([]);
    expect(s.result.runs.some((r) => r.outcome === 'dry-run')).toBe(true);
  });
});

test('traffic flapping around the threshold all day causes one step up and no repeated failovers', () => {
  // CPU on the baseline writer swings between 84 % and 60 % every 20 minutes, from 06:00 to 22:00; then a quiet night.
  const load = (atMs: number) => {
    const hour = new Date(atMs).getUTCHours();
    if (hour >= 22 || hour < 6) return 1;
    return Math.floor(atMs / (20 * MINUTE)) % 2 === 0 ? 2.8 : 2;
  };
  const until = DAY_START + 24 * HOUR;
  const s = runSurgeScenario({ settings: PROVISIONED, load, fromMs: DAY_START, untilMs: until, baseline: PROVISIONED_BASELINE });
  const all = failoversBetween(s, DAY_START, until);
  const up = all.filter((f) => (compareClasses(PROVISIONED, f.writerClassAfter ?? '', f.writerClassBefore ?? '') ?? 0) > 0);
  // One up when the swings first hold three minutes; the bigger writer then never sees pressure, and at
  // most one failover back down, at night, in the low-traffic window.
  expect(up).toHaveLength(1);
  expect(all.length - up.length).toBeLessThanOrEqual(1);
  for (const f of all.filter((f) => !up.includes(f))) expect(new Date(f.startedMs).getUTCHours()).toBeLessThan(6);
});

describe('properties over random traffic', () => {
  /** 1–6 segments of 20–180 minutes at 0.5–6 times the baseline, over a day. */
  const trafficArb = fc.array(
    fc.record({ minutes: fc.integer({ min: 20, max: 180 }), load: fc.double({ min: 0.5, max: 6, noNaN: true }) }),
    {
      minLength: 1,
      maxLength: 6,
    },
  );
  const campaignArb = fc.option(fc.record({ startHour: fc.integer({ min: 2, max: 20 }), hours: fc.integer({ min: 1, max: 4 }) }), {
    nil: undefined,
  });

  function loadOf(segments: ReadonlyArray<{ minutes: number; load: number }>): (atMs: number) => number {
    return (atMs) => {
      let t = DAY_START + HOUR;
      for (const s of segments) {
        if (atMs < t) return 1;
        if (atMs < t + s.minutes * MINUTE) return s.load;
        t += s.minutes * MINUTE;
      }
      return 1;
    };
  }

  function calendarOf(c: { startHour: number; hours: number } | undefined): Campaign[] {
    if (!c) return [];
    return campaigns({
      id: 'flash-sale',
      environments: ['prod'],
      start: new Date(DAY_START + c.startHour * HOUR).toISOString(),
      end: new Date(DAY_START + (c.startHour + c.hours) * HOUR).toISOString(),
      writer: { instanceClass: 'db.r6g.2xlarge' },
      readerFloor: 2,
    });
  }

  test('at most one emergency step per cooldown, never above the ceiling, never a step down while pressure persists or a campaign is in force', () => {
    let emergencySteps = 0;
    let downSteps = 0;
    fc.assert(
      fc.property(trafficArb, campaignArb, fc.integer({ min: 1, max: 1000 }), (segments, campaign, seed) => {
        const calendar = calendarOf(campaign);
        const s = runSurgeScenario({
          settings: PROVISIONED,
          calendar,
          load: loadOf(segments),
          fromMs: DAY_START,
          untilMs: DAY_START + 30 * HOUR,
          baseline: PROVISIONED_BASELINE,
          seed,
        });
        const steps = s.model.operations
          .filter((o) => o.verb === 'AddTagsToResource' && o.detail.startsWith(`${SURGE_TAG_KEYS.surge}=`))
          .map((o) => o.startedMs);
        emergencySteps += steps.length;
        for (const [i, at] of steps.entries()) {
          const previous = steps[i - 1];
          if (previous !== undefined) expect(at - previous).toBeGreaterThanOrEqual(REACTIVE.cooldownMinutes * MINUTE);
        }
        for (const run of s.result.runs) {
          for (const i of run.observation?.instances ?? [])
            expect(compareClasses(PROVISIONED, i.instanceClass, 'db.r6g.4xlarge') ?? 1).toBeLessThanOrEqual(0);
          const a = run.action;
          if (!('direction' in a) || a.direction !== 'down' || (run.outcome !== 'executed' && run.outcome !== 'failed')) continue;
          downSteps++;
          expect(computeDesiredState(calendar, PROVISIONED, run.atMs).inForce).toEqual([]);
          const writerClass = run.observation?.instances.find((i) => i.isWriter)?.instanceClass;
          expect(assessPressure(REACTIVE, run.observation?.pressure, writerClass, run.atMs).persists).toBe(false);
        }
      }),
      { numRuns: 15, seed: 15 },
    );
    // The properties were put to the test: the generated days did take emergency steps and give capacity back.
    expect(emergencySteps).toBeGreaterThan(0);
    expect(downSteps).toBeGreaterThan(0);
  });
});
