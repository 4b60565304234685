import {
  ACT_WINDOW_SECONDS,
  CLOCK_SKEW_SECONDS,
  minimumScheduleRateSeconds,
  runSlotOf,
  SCHEDULE_PRECISION_SECONDS,
} from '../../../lambda/pre-scaler/contract';
import { scheduledEventAt } from './handler-harness';

const TICK = new Date('2030-03-01T08:00:00Z');
const atSecond = (seconds: number) => new Date(TICK.getTime() + seconds * 1000);

describe('which runs may act', () => {
  test.each<[string, unknown, Date, boolean, RegExp]>([
    ['a scheduled run at its tick', scheduledEventAt(TICK), atSecond(0), true, /inside its act window/],
    ['a scheduled run at the end of its window', scheduledEventAt(TICK), atSecond(ACT_WINDOW_SECONDS), true, /inside its act window/],
    [
      'a scheduled run delivered late',
      scheduledEventAt(TICK),
      atSecond(ACT_WINDOW_SECONDS + 1),
      false,
      /121 s old, past the 120 s act window/,
    ],
    [
      'a scheduled run whose clock is a little behind',
      scheduledEventAt(TICK),
      atSecond(-CLOCK_SKEW_SECONDS),
      true,
      /inside its act window/,
    ],
    ['an event dated in the future', scheduledEventAt(TICK), atSecond(-60), false, /60 s in the future: clocks disagree/],
    ['an invocation by hand (console test event)', {}, atSecond(0), false, /invoked by hand/],
    ['an invocation by hand (no payload)', undefined, atSecond(0), false, /invoked by hand/],
    ['an invocation by hand (null)', null, atSecond(0), false, /invoked by hand/],
    ['an invocation by hand (a string)', 'dryRun', atSecond(0), false, /invoked by hand/],
    ['an event of another source', { ...scheduledEventAt(TICK), source: 'custom.app' }, atSecond(0), false, /invoked by hand/],
    ['a scheduled event with an unreadable time', { ...scheduledEventAt(TICK), time: 'soon' }, atSecond(0), false, /invoked by hand/],
  ])('%s', (_, event, now, mayAct, reason) => {
    const slot = runSlotOf(event, now);
    expect(slot.mayAct).toBe(mayAct);
    expect(slot.reason).toMatch(reason);
  });

  test('a scheduled run plans for its tick, not for the moment it runs', () => {
    expect(runSlotOf(scheduledEventAt(TICK), atSecond(37)).tick).toEqual(TICK);
  });

  test('a run by hand plans for now', () => {
    expect(runSlotOf({}, atSecond(37)).tick).toEqual(atSecond(37));
  });
});

describe('runs of two ticks never overlap', () => {
  test('the minimum rate is the act window, the timeout, the schedule precision and the clock skew', () => {
    expect(minimumScheduleRateSeconds(60)).toBe(ACT_WINDOW_SECONDS + 60 + SCHEDULE_PRECISION_SECONDS + CLOCK_SKEW_SECONDS);
  });

  // For every start a run of tick n may act at, and every delay of tick n+1 within the schedule's
  // precision, the run of tick n has ended (start + timeout) before tick n+1's run can start.
  test.each([
    [5 * 60, 60],
    [5 * 60, 30],
    [10 * 60, 300],
  ])('rate %i s, timeout %i s', (rateSeconds, timeoutSeconds) => {
    expect(rateSeconds).toBeGreaterThanOrEqual(minimumScheduleRateSeconds(timeoutSeconds));
    for (let start = -CLOCK_SKEW_SECONDS; start <= ACT_WINDOW_SECONDS + 1; start += 1) {
      if (!runSlotOf(scheduledEventAt(TICK), atSecond(start)).mayAct) continue;
      const lastEnd = start + CLOCK_SKEW_SECONDS + timeoutSeconds;
      const nextTickEarliest = rateSeconds - SCHEDULE_PRECISION_SECONDS;
      expect(lastEnd).toBeLessThanOrEqual(nextTickEarliest);
    }
  });
});
