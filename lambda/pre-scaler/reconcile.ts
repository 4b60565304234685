import {
  assessCapacity,
  campaignsNotReady,
  ClusterPortError,
  computeDesiredState,
  isMutating,
  planFromDesiredState,
  type Action,
  type CapacityAssessment,
  type DesiredState,
  type Observation,
} from './core';
import { metricsThatMatter } from './metric-needs';
import type { PreScalerRuntimeConfig } from './runtime-environment';
import type { MetricRequest, StagedClusterPort } from './staged-cluster-port';

const MINUTE = 60_000;

/**
 * What became of the run's decision:
 * - `no-step`: nothing to change (settled, waiting, or blocked: see the action);
 * - `acted`: AWS accepted the step;
 * - `already-in-progress`: AWS said the resource is busy with a change already (treated as success);
 * - `dry-run`: a step was decided and only reported;
 * - `rejected`: AWS refused the step for a reason the next run cannot fix.
 */
export type RunOutcome = 'no-step' | 'acted' | 'already-in-progress' | 'dry-run' | 'rejected';

/** Everything one run saw and did: what the handler logs and publishes. */
export interface RunReport {
  readonly at: Date;
  readonly outcome: RunOutcome;
  readonly action: Action;
  readonly observation: Observation;
  readonly desired: DesiredState;
  /** Capacity compared with the desired state, after the step (a step started now shows on the next run). */
  readonly assessment: CapacityAssessment;
  /** CloudWatch figures read for this decision (none on an idle run). */
  readonly metricsRead: MetricRequest;
  /** Campaigns that start within `notReadyAlarmMinutes` (or have started) whose own target is not met. */
  readonly notReadyFor: readonly string[];
  /** The refusal, when the outcome is `rejected`. @default - none */
  readonly error?: ClusterPortError;
}

export interface ReconcileInput {
  readonly config: PreScalerRuntimeConfig;
  readonly port: StagedClusterPort;
  readonly now: Date;
}

/**
 * One pass of the reconcile loop: observe the capacity, decide with the pure planner (reading the
 * CloudWatch figures only if they could change the decision), take at most one step, report.
 * Nothing is remembered: the next run reads AWS again.
 *
 * Errors: reads that fail and steps that fail for a transient reason (throttling, a lost reply)
 * throw a `ClusterPortError`, so the invocation fails and the next scheduled run retries. A step AWS
 * refuses because something is already in progress counts as success; a step AWS rejects outright is
 * reported as `rejected` (the handler alarms and fails the invocation).
 */
export async function reconcileOnce({ config, port, now }: ReconcileInput): Promise<RunReport> {
  const { settings, calendar } = config;
  const desired = computeDesiredState(calendar, settings, now);
  const capacity = await port.observeCapacity();
  const metricsRead = metricsThatMatter(desired, settings, capacity);
  const observation =
    metricsRead.writerCpu || metricsRead.replicaLagOf.length > 0 ? await port.readMetrics(capacity, metricsRead) : capacity;
  const action = planFromDesiredState(desired, settings, observation);

  let outcome: RunOutcome = 'no-step';
  let error: ClusterPortError | undefined;
  if (isMutating(action)) {
    if (config.dryRun) {
      outcome = 'dry-run';
    } else {
      try {
        await port.execute(action);
        outcome = 'acted';
      } catch (err) {
        if (!(err instanceof ClusterPortError)) throw err;
        if (err.kind === 'conflict') outcome = 'already-in-progress';
        else if (err.kind === 'rejected') {
          outcome = 'rejected';
          error = err;
        } else throw err;
      }
    }
  }

  const assessment = assessCapacity(desired, observation, settings);
  // Each campaign against its own target (issue 14.2), not the merged target of a chain.
  const notReadyFor = campaignsNotReady(calendar, settings, desired, observation, config.notReadyAlarmMinutes * MINUTE);
  return { at: now, outcome, action, observation, desired, assessment, metricsRead, notReadyFor, ...(error ? { error } : {}) };
}
