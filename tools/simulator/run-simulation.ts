import { isMutating, type Action } from '../../lambda/pre-scaler/core/action';
import type { Campaign } from '../../lambda/pre-scaler/core/campaign';
import type { DesiredState } from '../../lambda/pre-scaler/core/desired-state';
import type { Observation } from '../../lambda/pre-scaler/core/observation';
import { ClusterPortError, type ClusterPort } from '../../lambda/pre-scaler/core/port';
import type { CapacityAssessment } from '../../lambda/pre-scaler/core/readiness';
import { reconcileOnce, reconcileOnceSync, type ReconcileConfig, type RunReport } from '../../lambda/pre-scaler/core/reconcile';
import type { PlannerSettings } from '../../lambda/pre-scaler/core/settings';
import { windowsBetween } from '../../lambda/pre-scaler/core/windows';
import type { AuroraClusterModel } from './aurora-cluster-model';
import { SimulatedClusterPort } from './simulated-cluster-port';

const MINUTE = 60_000;
const IDLE_JUMP_LIMIT_MS = 30 * 86_400_000;

export interface SimulationOptions {
  readonly calendar: readonly Campaign[];
  readonly settings: PlannerSettings;
  /** The cluster; the simulation starts at its clock. */
  readonly model: AuroraClusterModel;
  /** The last run happens at or before this instant. */
  readonly untilMs: number;
  /** Minutes between two runs of the pre-scaler. @default 5 */
  readonly tickMinutes?: number;
  /** Runs that stop after deciding and before acting (a Lambda cut off mid-step). @default - none */
  readonly cutOff?: (atMs: number) => boolean;
  /** Decide but act on nothing, like the `dryRun` switch. @default false */
  readonly dryRun?: boolean;
  /** Minutes before a start from which "not ready" is reported, as the Lambda's setting. @default - the lead time */
  readonly notReadyAlarmMinutes?: number;
  /** Jump over runs while nothing can change (converged, no operation in progress, no calendar boundary). @default false */
  readonly skipIdle?: boolean;
  /** Keep a record of every run (observation, desired state, assessment). @default true */
  readonly recordRuns?: boolean;
}

export interface AsyncSimulationOptions extends SimulationOptions {
  /** Another implementation of the port over the same model (say, the AWS adapter over mocked SDK clients). @default - a SimulatedClusterPort */
  readonly port?: ClusterPort;
}

/** What one run of the pre-scaler saw, decided and did. */
export interface RunRecord {
  readonly atMs: number;
  readonly action: Action;
  readonly outcome: 'executed' | 'failed' | 'cut-off' | 'dry-run' | 'observe-failed' | 'no-step';
  /** The error kind and message when the call failed. @default - none */
  readonly error?: string;
  /** @default - not recorded (recordRuns false, or the observation failed) */
  readonly observation?: Observation;
  readonly desired?: DesiredState;
  readonly assessment?: CapacityAssessment;
}

export interface SimulationResult {
  /** Every run (only when recordRuns), in time order. */
  readonly runs: readonly RunRecord[];
  /** Every run that decided a mutating step, whatever came of it. */
  readonly steps: readonly RunRecord[];
  /** How many times the planner ran. */
  readonly runCount: number;
}

/**
 * The loop over simulated time, written once; every run is the Lambda's own {@link reconcileOnce}
 * (or its synchronous twin), so the simulation, the property tests and `npm run plan` take exactly
 * the steps the Lambda takes, with the same metric reads, dry run and error handling.
 */
function* loop(
  options: SimulationOptions,
): Generator<{ config: ReconcileConfig; now: Date }, SimulationResult, RunReport | { failed: unknown }> {
  const { calendar, settings, model } = options;
  const tick = (options.tickMinutes ?? 5) * MINUTE;
  const recordRuns = options.recordRuns ?? true;
  const runs: RunRecord[] = [];
  const steps: RunRecord[] = [];
  let runCount = 0;
  const startMs = model.now();
  for (let t = startMs; t <= options.untilMs; ) {
    model.advanceTo(t);
    runCount++;
    const cutOff = !options.dryRun && (options.cutOff?.(t) ?? false);
    const config: ReconcileConfig = {
      settings,
      calendar,
      dryRun: (options.dryRun ?? false) || cutOff,
      notReadyAlarmMinutes: options.notReadyAlarmMinutes ?? settings.leadTimeMinutes,
    };
    const result = yield { config, now: new Date(t) };
    if ('failed' in result) {
      if (recordRuns)
        runs.push({
          atMs: t,
          action: { kind: 'wait', waitingFor: 'cluster-busy', reason: 'could not observe the cluster' },
          outcome: 'observe-failed',
          error: describeError(result.failed),
        });
      t += tick;
      continue;
    }
    const { action } = result;
    const outcome = recordOutcome(result, cutOff);
    const record: RunRecord = {
      atMs: t,
      action,
      outcome,
      ...(result.error !== undefined ? { error: describeError(result.error) } : {}),
      ...(recordRuns ? { observation: result.observation, desired: result.desired, assessment: result.assessment } : {}),
    };
    if (recordRuns) runs.push(record);
    if (isMutating(action)) steps.push(record);
    t += tick;
    if (options.skipIdle && action.kind === 'none' && !model.busy) {
      const boundary = nextCalendarBoundary(calendar, settings, t - tick);
      if (boundary > t) t = startMs + Math.ceil((boundary - startMs) / tick) * tick;
    }
  }
  return { runs, steps, runCount };
}

function recordOutcome(report: RunReport, cutOff: boolean): RunRecord['outcome'] {
  switch (report.outcome) {
    case 'no-step':
      return 'no-step';
    case 'acted':
      return 'executed';
    case 'dry-run':
      return cutOff ? 'cut-off' : 'dry-run';
    case 'already-in-progress':
    case 'rejected':
    case 'failed':
      return 'failed';
  }
}

function drive(
  options: SimulationOptions,
  pass: (config: ReconcileConfig, now: Date) => RunReport | { failed: unknown },
): SimulationResult {
  const it = loop(options);
  let next = it.next(undefined as unknown as RunReport);
  while (!next.done) next = it.next(pass(next.value.config, next.value.now));
  return next.value;
}

/**
 * Runs the pre-scaler loop over simulated time, synchronously, against the model: every
 * `tickMinutes` the model advances and one {@link reconcileOnceSync} pass runs through the simulated
 * port (which fails as the faults say). Exactly what the Lambda will do, with the cluster replaced
 * by the model.
 */
export function runSimulationSync(options: SimulationOptions): SimulationResult {
  const port = new SimulatedClusterPort(options.model);
  return drive(options, (config, now) => {
    try {
      return reconcileOnceSync({ config, port, now });
    } catch (failed) {
      return { failed };
    }
  });
}

/** {@link runSimulationSync} through any asynchronous {@link ClusterPort} over the model, with the Lambda's {@link reconcileOnce}. */
export async function runSimulation(options: AsyncSimulationOptions): Promise<SimulationResult> {
  const port = options.port ?? new SimulatedClusterPort(options.model);
  const it = loop(options);
  let next = it.next(undefined as unknown as RunReport);
  while (!next.done) {
    let result: RunReport | { failed: unknown };
    try {
      result = await reconcileOnce({ config: next.value.config, port, now: next.value.now });
    } catch (failed) {
      result = { failed };
    }
    next = it.next(result);
  }
  return next.value;
}

function describeError(err: unknown): string {
  if (err instanceof ClusterPortError) return `${err.kind}: ${err.awsErrorName ?? ''} ${err.message}`.replace(/\s+/g, ' ');
  return err instanceof Error ? err.message : String(err);
}

/** The next instant after `afterMs` when a campaign comes into or goes out of force (at most 30 days ahead). */
export function nextCalendarBoundary(calendar: readonly Campaign[], settings: PlannerSettings, afterMs: number): number {
  const lead = settings.leadTimeMinutes * MINUTE;
  const cool = settings.coolDownMinutes * MINUTE;
  let next = afterMs + IDLE_JUMP_LIMIT_MS;
  for (const c of calendar) {
    if (!c.environments.includes(settings.environment)) continue;
    for (const w of windowsBetween(c, afterMs - cool, afterMs + IDLE_JUMP_LIMIT_MS + lead)) {
      for (const b of [w.startMs - lead, w.endMs + cool]) if (b > afterMs && b < next) next = b;
    }
  }
  return next;
}
