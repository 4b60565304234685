import { isMutating, type Action, type MutatingAction } from '../../lambda/pre-scaler/core/action';
import type { Campaign } from '../../lambda/pre-scaler/core/campaign';
import { computeDesiredState, type DesiredState } from '../../lambda/pre-scaler/core/desired-state';
import type { Observation } from '../../lambda/pre-scaler/core/observation';
import { planFromDesiredState } from '../../lambda/pre-scaler/core/planner';
import { ClusterPortError, type ClusterPort } from '../../lambda/pre-scaler/core/port';
import { assessCapacity, type CapacityAssessment } from '../../lambda/pre-scaler/core/readiness';
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

/** The loop, written once; `io` observes and executes either synchronously or asynchronously. */
function* loop(options: SimulationOptions): Generator<Io, SimulationResult, IoResult> {
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
    const observed = yield { kind: 'observe' };
    if (observed.error !== undefined) {
      if (recordRuns)
        runs.push({
          atMs: t,
          action: { kind: 'wait', waitingFor: 'cluster-busy', reason: 'could not observe the cluster' },
          outcome: 'observe-failed',
          error: observed.error,
        });
      t += tick;
      continue;
    }
    const observation = observed.observation as Observation;
    const desired = computeDesiredState(calendar, settings, t);
    const action = planFromDesiredState(desired, settings, observation);
    let outcome: RunRecord['outcome'] = 'no-step';
    let error: string | undefined;
    if (isMutating(action)) {
      if (options.dryRun) outcome = 'dry-run';
      else if (options.cutOff?.(t)) outcome = 'cut-off';
      else {
        error = (yield { kind: 'execute', action }).error;
        outcome = error === undefined ? 'executed' : 'failed';
      }
    }
    const record: RunRecord = {
      atMs: t,
      action,
      outcome,
      ...(error !== undefined ? { error } : {}),
      ...(recordRuns ? { observation, desired, assessment: assessCapacity(desired, observation, settings) } : {}),
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

type Io = { kind: 'observe' } | { kind: 'execute'; action: MutatingAction };
interface IoResult {
  readonly observation?: Observation;
  readonly error?: string;
}

/**
 * Runs the pre-scaler loop over simulated time, synchronously, against the model: every
 * `tickMinutes` the model advances, the port observes, the pure planner decides and the port
 * executes (or fails, as the faults say). Exactly what the Lambda will do, with the cluster replaced
 * by the model.
 */
export function runSimulationSync(options: SimulationOptions): SimulationResult {
  const port = new SimulatedClusterPort(options.model);
  const it = loop(options);
  let next = it.next(undefined as unknown as IoResult);
  while (!next.done) {
    const io = next.value;
    next = it.next(
      attempt(() => {
        if (io.kind === 'observe') return { observation: port.observeNow() };
        port.executeNow(io.action);
        return {};
      }),
    );
  }
  return next.value;
}

/** {@link runSimulationSync} through any asynchronous {@link ClusterPort} over the model. */
export async function runSimulation(options: AsyncSimulationOptions): Promise<SimulationResult> {
  const port = options.port ?? new SimulatedClusterPort(options.model);
  const it = loop(options);
  let next = it.next(undefined as unknown as IoResult);
  while (!next.done) {
    const io = next.value;
    let result: IoResult;
    try {
      if (io.kind === 'observe') result = { observation: await port.observe() };
      else {
        await port.execute(io.action);
        result = {};
      }
    } catch (err) {
      result = { error: describeError(err) };
    }
    next = it.next(result);
  }
  return next.value;
}

function attempt(call: () => IoResult): IoResult {
  try {
    return call();
  } catch (err) {
    return { error: describeError(err) };
  }
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
