import { isMutating, type Action, type MutatingAction } from './action';
import type { Campaign } from './campaign';
import { computeDesiredState, type DesiredState } from './desired-state';
import { metricNeeds } from './metric-needs';
import type { Observation } from './observation';
import { planFromDesiredState } from './planner';
import { ClusterPortError, type ClusterPort, type MetricRequest, type SurgeTagChange, type SyncClusterPort } from './port';
import { decideSurge, pressureRequestFor, type SurgeAssessment } from './surge-decision';
import { assessCapacity, type CapacityAssessment, campaignsNotReady } from './readiness';
import type { PlannerSettings } from './settings';

const MINUTE = 60_000;

/**
 * What became of the run's decision:
 * - `no-step`: nothing to change (settled, waiting, or blocked: see the action);
 * - `acted`: AWS accepted the step;
 * - `already-in-progress`: AWS said the resource is busy with a change already (treated as success);
 * - `dry-run`: a step was decided and only reported;
 * - `rejected`: AWS refused the step for a reason the next run cannot fix;
 * - `failed`: the step failed for a reason the next run may not meet (throttling, a lost reply):
 *   the Lambda fails the invocation so the next scheduled run retries.
 */
export type RunOutcome = 'no-step' | 'acted' | 'already-in-progress' | 'dry-run' | 'rejected' | 'failed';

/** What one reconcile pass needs besides the port and the clock. */
export interface ReconcileConfig {
  /** The planner settings, with the instance class catalogue. */
  readonly settings: PlannerSettings;
  /** This environment's validated campaigns. */
  readonly calendar: readonly Campaign[];
  /** Decide and report, call nothing that changes AWS. */
  readonly dryRun: boolean;
  /** Minutes before a campaign's start from which "not ready" is alarmed. */
  readonly notReadyAlarmMinutes: number;
}

/** Everything one run saw and did: what the handler logs and publishes, and what the simulator records. */
export interface RunReport {
  readonly at: Date;
  readonly outcome: RunOutcome;
  readonly action: Action;
  readonly observation: Observation;
  /** What the planner worked towards: the calendar's desired state raised by the surge and the override. */
  readonly desired: DesiredState;
  /** The calendar's desired state alone. */
  readonly calendarDesired: DesiredState;
  /** The surge and override decision of this run (issue 15). */
  readonly surge: SurgeAssessment;
  /** The surge tags were written this run (never in a dry run). */
  readonly tagsWritten: boolean;
  /** Capacity compared with the desired state, before the step (a step started now shows on the next run). */
  readonly assessment: CapacityAssessment;
  /** CloudWatch figures read for this decision (none on an idle run). */
  readonly metricsRead: MetricRequest;
  /** Campaigns that start within `notReadyAlarmMinutes` (or have started) whose own target is not met. */
  readonly notReadyFor: readonly string[];
  /** Why the step did not go through, when the outcome is `already-in-progress`, `rejected` or `failed`. @default - none */
  readonly error?: ClusterPortError;
}

export interface ReconcileInput<P> {
  readonly config: ReconcileConfig;
  readonly port: P;
  readonly now: Date;
}

/** A request of the pass to its port; the driver answers it (or throws the port's error back in). */
type PortRequest =
  | { readonly kind: 'observe-capacity' }
  | { readonly kind: 'read-metrics'; readonly observation: Observation; readonly request: MetricRequest }
  | { readonly kind: 'execute'; readonly action: MutatingAction }
  | { readonly kind: 'write-tags'; readonly change: SurgeTagChange };

/**
 * One pass of the reconcile loop: observe the capacity, decide with the pure planner (reading the
 * CloudWatch figures only if they could change the decision), take at most one step, report.
 * Nothing is remembered: the next run reads AWS again.
 *
 * Errors: reads that fail throw the port's `ClusterPortError`, so the invocation fails and the next
 * scheduled run retries. A step AWS refuses because something is already in progress counts as
 * success; a step AWS rejects outright is `rejected`; a step that failed for a transient reason is
 * `failed` (the report carries the error; the handler fails the invocation).
 *
 * This is the loop the Lambda runs ({@link reconcileOnce}) and the simulator and `npm run plan` run
 * ({@link reconcileOnceSync}): one body, two drivers.
 */
function* reconcilePass({ config, now }: { config: ReconcileConfig; now: Date }): Generator<PortRequest, RunReport, unknown> {
  const { settings, calendar } = config;
  const calendarDesired = computeDesiredState(calendar, settings, now);
  const capacity = (yield { kind: 'observe-capacity' }) as Observation;
  // The surge record and the override come with the capacity (cluster tags); pressure is read only
  // when the reactive decision can use it.
  const before = decideSurge(calendarDesired, settings, capacity);
  const pressure = pressureRequestFor(calendarDesired, settings, capacity);
  const { request: needs, idleDecision } = metricNeeds(before.desired, settings, capacity);
  // A surge this run may clear hands its capacity to the scale-down path, whose CPU guard reads the writer's CPU.
  const metricsRead: MetricRequest = {
    ...needs,
    ...(pressure && capacity.surge ? { writerCpu: true } : {}),
    ...(pressure ? { pressure } : {}),
  };
  const observation =
    metricsRead.writerCpu || metricsRead.replicaLagOf.length > 0 || metricsRead.pressure
      ? ((yield { kind: 'read-metrics', observation: capacity, request: metricsRead }) as Observation)
      : capacity;
  const surge = metricsRead.pressure ? decideSurge(calendarDesired, settings, observation) : before;
  const desired = surge.desired;
  // An idle run (no figure could matter, the surge changed nothing) has decided already.
  const action =
    idleDecision && desired === before.desired && observation === capacity
      ? idleDecision
      : planFromDesiredState(desired, settings, observation);

  let outcome: RunOutcome = 'no-step';
  let error: ClusterPortError | undefined;
  let tagsWritten = false;
  if (config.dryRun) {
    if (isMutating(action) || surge.tagChange) outcome = 'dry-run';
  } else {
    try {
      // The record first: a run cut off after it leaves a record the next run acts on; a capacity
      // change without its record would look like drift from the calendar and be undone.
      if (surge.tagChange) {
        yield { kind: 'write-tags', change: surge.tagChange };
        tagsWritten = true;
      }
      if (isMutating(action)) {
        yield { kind: 'execute', action };
        outcome = 'acted';
      }
    } catch (err) {
      if (!(err instanceof ClusterPortError)) throw err;
      error = err;
      outcome = err.kind === 'conflict' ? 'already-in-progress' : err.kind === 'rejected' ? 'rejected' : 'failed';
    }
  }

  const assessment = assessCapacity(desired, observation, settings);
  // Each campaign against its own target (issue 14.2), not the merged target of a chain.
  const notReadyFor = campaignsNotReady(config.calendar, settings, desired, observation, config.notReadyAlarmMinutes * MINUTE);
  return {
    at: now,
    outcome,
    action,
    observation,
    desired,
    calendarDesired,
    surge,
    tagsWritten,
    assessment,
    metricsRead,
    notReadyFor,
    ...(error ? { error } : {}),
  };
}

/** One reconcile pass over an asynchronous port (the Lambda, over AWS). */
export async function reconcileOnce({ config, port, now }: ReconcileInput<ClusterPort>): Promise<RunReport> {
  const pass = reconcilePass({ config, now });
  let step = pass.next();
  while (!step.done) {
    const request = step.value;
    let answer: unknown;
    try {
      answer =
        request.kind === 'observe-capacity'
          ? await port.observeCapacity()
          : request.kind === 'read-metrics'
            ? await port.readMetrics(request.observation, request.request)
            : request.kind === 'write-tags'
              ? await port.writeSurgeTags(request.change)
              : await port.execute(request.action);
    } catch (err) {
      step = pass.throw(err);
      continue;
    }
    step = pass.next(answer);
  }
  return step.value;
}

/** The same pass over a port that answers at once (the simulator's model). */
export function reconcileOnceSync({ config, port, now }: ReconcileInput<SyncClusterPort>): RunReport {
  const pass = reconcilePass({ config, now });
  let step = pass.next();
  while (!step.done) {
    const request = step.value;
    let answer: unknown;
    try {
      answer =
        request.kind === 'observe-capacity'
          ? port.observeCapacityNow()
          : request.kind === 'read-metrics'
            ? port.readMetricsNow(request.observation, request.request)
            : request.kind === 'write-tags'
              ? port.writeSurgeTagsNow(request.change)
              : port.executeNow(request.action);
    } catch (err) {
      step = pass.throw(err);
      continue;
    }
    step = pass.next(answer);
  }
  return step.value;
}
