import { AWS_STEP_MINUTES, compareClasses, type PlannerSettings, type WriterCapacity } from '../../lambda/pre-scaler/core';

const MINUTE = 60_000;

/** What the cluster has now, as `DescribeDBClusters` / `DescribeDBInstances` report it. */
export interface ObservedCapacity {
  /** The running writer. @default - unknown (the writer's class could not be read) */
  readonly writer?: WriterCapacity;
  /** Aurora Replicas in the cluster now (every member but the writer). */
  readonly readers: number;
}

/** One step the pre-scaler will take for the override, with the latest it should be done. */
export interface EstimatedStep {
  readonly what: string;
  /** Upper end of when it is done (epoch ms). */
  readonly doneByMs: number;
}

export interface ReadinessEstimate {
  /** The latest the next scheduled run starts (one schedule period from now). */
  readonly nextRunByMs: number;
  readonly steps: readonly EstimatedStep[];
  /** When the asked-for writer serves (the failover done, or the new range set). @default - nothing to do for the writer */
  readonly writerReadyByMs?: number;
  /** When the asked-for readers are up. @default - nothing to do for the readers */
  readonly readersReadyByMs?: number;
  /** When every step is done (for a provisioned writer: the old writer resized too, so a failover lands on equal capacity). */
  readonly allDoneByMs: number;
}

export interface EstimateInput {
  readonly settings: PlannerSettings;
  /** `preScaler.scheduleRateMinutes`. */
  readonly scheduleRateMinutes: number;
  readonly nowMs: number;
  readonly observed: ObservedCapacity;
  readonly writer?: WriterCapacity;
  readonly readerFloor?: number;
}

function needsBiggerWriter(settings: PlannerSettings, observed: WriterCapacity | undefined, target: WriterCapacity): boolean {
  if (!observed) return true;
  if (observed.kind === 'provisioned' && target.kind === 'provisioned')
    return (compareClasses(settings, target.instanceClass, observed.instanceClass) ?? 1) > 0;
  if (observed.kind === 'serverless-v2' && target.kind === 'serverless-v2')
    return target.minCapacity > observed.minCapacity || target.maxCapacity > observed.maxCapacity;
  return true;
}

/**
 * When the override's capacity should be ready, at the latest: the steps the pre-scaler takes for a
 * campaign in force (DESIGN: one step per run, a reader serving at every step), each ordered by a
 * run (up to one schedule period away) and lasting the upper end of AWS's usual duration
 * (`AWS_STEP_MINUTES`, lambda/pre-scaler/core/step-durations.ts). The same assumptions as the lead
 * time synth requires (`minimumLeadTimeMinutes`), so a real run is usually sooner.
 *
 * - Reader floor above the readers there: one run raises the floor; Aurora Auto Scaling adds the readers together.
 * - Provisioned writer: with fewer than two readers a spare one comes up first (the floor step, or its
 *   own), then the tier-0 standby is resized, the cluster fails over to it (the bigger writer serves),
 *   and the old writer, now the standby, is resized.
 * - Serverless v2: one run sets the new range.
 */
export function estimateReadiness(input: EstimateInput): ReadinessEstimate {
  const d = AWS_STEP_MINUTES;
  const period = input.scheduleRateMinutes * MINUTE;
  const steps: EstimatedStep[] = [];
  let clock = input.nowMs;
  const step = (what: string, minutes: number): number => {
    clock += period + minutes * MINUTE;
    steps.push({ what, doneByMs: clock });
    return clock;
  };
  let readersReadyByMs: number | undefined;
  let readers = input.observed.readers;
  if (input.readerFloor !== undefined && input.readerFloor > readers) {
    readersReadyByMs = step(
      `reader floor raised to ${input.readerFloor}; ${input.readerFloor - readers} reader(s) added by Aurora Auto Scaling`,
      d.addReader.max,
    );
    readers = input.readerFloor;
  }
  let writerReadyByMs: number | undefined;
  const target = input.writer;
  if (target && needsBiggerWriter(input.settings, input.observed.writer, target)) {
    if (target.kind === 'provisioned') {
      if (readers < 2) step('a spare reader comes up, so reads keep a reader while the standby restarts', d.addReader.max);
      step(`tier-0 standby resized to ${target.instanceClass}`, d.resizeInstance.max);
      writerReadyByMs = step(`failover to the resized standby: ${target.instanceClass} serves as writer`, d.failover.max);
      step(`old writer (now the standby) resized to ${target.instanceClass}`, d.resizeInstance.max);
    } else {
      writerReadyByMs = step(`Serverless v2 range set to ${target.minCapacity}–${target.maxCapacity} ACU`, d.serverlessRangeChange.max);
    }
  }
  return {
    nextRunByMs: input.nowMs + period,
    steps,
    ...(writerReadyByMs !== undefined ? { writerReadyByMs } : {}),
    ...(readersReadyByMs !== undefined ? { readersReadyByMs } : {}),
    allDoneByMs: clock,
  };
}
