/**
 * One run at a time, without reserved concurrency.
 *
 * Reserved concurrency 1 cannot be set on an account whose concurrency quota leaves fewer than 100
 * unreserved executions (new accounts may have a quota of 10): the deploy fails with "…decreases
 * account's UnreservedConcurrentExecution below its minimum value…". So the function does not rely on it.
 * Instead each run belongs to one tick of its EventBridge schedule and may act only in the first
 * {@link ACT_WINDOW_SECONDS} after that tick:
 *
 * - A run lasts at most the function timeout (Lambda stops it), so a run that starts acting within the
 *   window has finished before the next tick, when synth has checked that the rate leaves room for the
 *   window, the timeout and the schedule's one-minute precision ({@link minimumScheduleRateSeconds}).
 *   Runs of two different ticks therefore never overlap.
 * - A late event (Lambda's asynchronous queue can hold an event, and deliver one twice) is past its
 *   window and only reports what it would do.
 * - Runs of the same tick (a duplicate delivery) plan with the same clock — the tick — from what they
 *   each read of the cluster, and every step is idempotent: they decide the same step, and RDS refuses
 *   the second as already in progress. Once a step has started, the instance or cluster it touched is
 *   no longer `available`, and the planner waits on it.
 * - An invocation by hand (no scheduled event) only reports: it never acts, so it cannot overlap a
 *   scheduled run that does.
 *
 * Accounts whose quota allows it can also set `preScaler.reservedConcurrency: 1` for a hard limit.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html (reserved concurrency, the 100 unreserved)
 * @see https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html (an event may arrive more than once)
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html (schedules are precise to the minute)
 * @see docs/pre-scaler-runbook.md ("One run at a time")
 */

/** How long after its tick a scheduled run may still act. */
export const ACT_WINDOW_SECONDS = 120;
/** EventBridge runs scheduled rules to the minute, not to the second. */
export const SCHEDULE_PRECISION_SECONDS = 60;
/** Clock difference tolerated between EventBridge's event time and the function's clock. */
export const CLOCK_SKEW_SECONDS = 5;

/** The shortest schedule rate that keeps runs of two ticks apart, for a function timeout. */
export function minimumScheduleRateSeconds(timeoutSeconds: number): number {
  return ACT_WINDOW_SECONDS + timeoutSeconds + SCHEDULE_PRECISION_SECONDS + CLOCK_SKEW_SECONDS;
}

/** Which tick an invocation runs for, and whether it may act. */
export interface RunSlot {
  /** The instant the run plans for: the schedule tick, or the clock for an invocation by hand. */
  readonly tick: Date;
  /** True for an EventBridge scheduled event. */
  readonly scheduled: boolean;
  /** Whether the run may call mutating APIs. */
  readonly mayAct: boolean;
  /** Why it may or may not, in words (logged with the run). */
  readonly reason: string;
}

/** The fields of an EventBridge scheduled event that matter here. */
interface ScheduledEvent {
  readonly source: 'aws.events';
  readonly 'detail-type': 'Scheduled Event';
  readonly time: string;
}

/**
 * An EventBridge scheduled event: `source` `aws.events`, `detail-type` `Scheduled Event`, `time` the
 * tick (ISO 8601, UTC). @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html
 */
function isScheduledEvent(event: unknown): event is ScheduledEvent {
  if (typeof event !== 'object' || event === null) return false;
  const e = event as Record<string, unknown>;
  return (
    e.source === 'aws.events' && e['detail-type'] === 'Scheduled Event' && typeof e.time === 'string' && !Number.isNaN(Date.parse(e.time))
  );
}

/** The slot of an invocation received at `now`. */
export function runSlotOf(event: unknown, now: Date): RunSlot {
  if (!isScheduledEvent(event)) {
    return { tick: now, scheduled: false, mayAct: false, reason: 'invoked by hand: reports the step it would take, acts on nothing' };
  }
  const tick = new Date(event.time);
  const ageSeconds = (now.getTime() - tick.getTime()) / 1000;
  if (ageSeconds < -CLOCK_SKEW_SECONDS) {
    return {
      tick,
      scheduled: true,
      mayAct: false,
      reason: `the event is dated ${Math.round(-ageSeconds)} s in the future: clocks disagree, acting on nothing`,
    };
  }
  if (ageSeconds > ACT_WINDOW_SECONDS) {
    return {
      tick,
      scheduled: true,
      mayAct: false,
      reason: `the event is ${Math.round(ageSeconds)} s old, past the ${ACT_WINDOW_SECONDS} s act window: the next tick's run acts`,
    };
  }
  return { tick, scheduled: true, mayAct: true, reason: `scheduled tick ${tick.toISOString()}, inside its act window` };
}
