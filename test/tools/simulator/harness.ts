import { compareClasses, computeDesiredState, windowsBetween, type Campaign, type PlannerSettings } from '../../../lambda/pre-scaler/core';
import {
  AWS_LIKE_DURATIONS,
  baselineCluster,
  FaultInjector,
  runSimulation,
  seededRandom,
  type AuroraClusterModel,
  type CallFaultRule,
  type OperationRecord,
  type SimulatedDurations,
  type SimulationResult,
  type StuckModifyingRule,
} from '../../../tools/simulator';

export interface ScenarioOptions {
  readonly settings: PlannerSettings;
  readonly calendar: readonly Campaign[];
  readonly from: string | number;
  readonly until: string | number;
  readonly readerMax?: number;
  readonly calls?: readonly CallFaultRule[];
  readonly stuck?: readonly StuckModifyingRule[];
  readonly cpu?: (atMs: number) => number | undefined;
  readonly cutOff?: (atMs: number) => boolean;
  readonly durations?: SimulatedDurations;
  readonly seed?: number;
  /** Things done to the cluster by hand at given times. */
  readonly manual?: ReadonlyArray<readonly [at: string | number, act: (model: AuroraClusterModel) => void]>;
}

export interface Scenario {
  readonly model: AuroraClusterModel;
  readonly result: SimulationResult;
  readonly faults: FaultInjector;
}

const toMs = (t: string | number) => (typeof t === 'number' ? t : Date.parse(t));

export async function simulate(options: ScenarioOptions): Promise<Scenario> {
  const faults = new FaultInjector({ calls: options.calls ?? [], stuck: options.stuck ?? [] });
  const model = baselineCluster(options.settings, {
    startMs: toMs(options.from),
    readerMax: options.readerMax ?? 6,
    durations: options.durations ?? AWS_LIKE_DURATIONS,
    random: seededRandom(options.seed ?? 42),
    faults,
    ...(options.cpu ? { writerCpuPercent: options.cpu } : {}),
  });
  for (const [at, act] of options.manual ?? []) {
    model.schedule(toMs(at), (m) => {
      try {
        act(m);
      } catch (err) {
        m.humanLog.push(`${new Date(m.now()).toISOString()} ${(err as Error).message}`);
      }
    });
  }
  const result = await runSimulation({
    calendar: options.calendar,
    settings: options.settings,
    model,
    untilMs: toMs(options.until),
    ...(options.cutOff ? { cutOff: options.cutOff } : {}),
  });
  return { model, result, faults };
}

/** Operations the pre-scaler started (accepted by the simulated AWS). */
export function preScalerOps(model: AuroraClusterModel, verb?: OperationRecord['verb']): OperationRecord[] {
  return model.operations.filter((o) => o.actor === 'pre-scaler' && (verb === undefined || o.verb === verb));
}

/** Failovers the pre-scaler started, with their direction and the campaign the deciding run named. */
export function failovers(s: Scenario, settings: PlannerSettings): Array<{ atMs: number; direction: 'up' | 'down'; campaignId?: string }> {
  return preScalerOps(s.model, 'FailoverDBCluster').map((op) => {
    const step = s.result.steps.find((r) => r.atMs === op.startedMs && r.action.kind === 'failover');
    const cmp = compareClasses(settings, op.writerClassAfter as string, op.writerClassBefore as string) ?? 0;
    return {
      atMs: op.startedMs,
      direction: cmp > 0 ? 'up' : 'down',
      ...(step?.action.campaignId ? { campaignId: step.action.campaignId } : {}),
    };
  });
}

/** Problems with the invariants that hold in every simulation; empty when all hold. */
export function invariantViolations(s: Scenario, calendar: readonly Campaign[], settings: PlannerSettings): string[] {
  const out: string[] = [];
  const ops = preScalerOps(s.model)
    .filter((o) => o.endsMs > o.startedMs)
    .sort((a, b) => a.startedMs - b.startedMs);
  for (const [i, op] of ops.entries()) {
    const previous = ops[i - 1];
    if (previous && op.startedMs < previous.endsMs)
      out.push(
        `two operations at once: ${previous.verb} ${previous.target} and ${op.verb} ${op.target} at ${new Date(op.startedMs).toISOString()}`,
      );
  }
  for (const step of s.result.steps) {
    if (step.outcome === 'failed' && step.error?.startsWith('conflict'))
      out.push(`started a step on something busy at ${new Date(step.atMs).toISOString()}: ${step.error}`);
  }
  for (const op of preScalerOps(s.model, 'ModifyDBInstance')) {
    if (op.writerResizedInPlace) out.push(`resized the live writer ${op.target} in place at ${new Date(op.startedMs).toISOString()}`);
  }
  for (const step of s.result.steps) {
    const a = step.action;
    if ('direction' in a && a.direction === 'down' && computeDesiredState(calendar, settings, step.atMs).inForce.length > 0) {
      out.push(`decided a scale-down while a campaign is in force at ${new Date(step.atMs).toISOString()}: ${a.reason}`);
    }
  }
  const seen = new Map<string, number>();
  for (const f of failovers(s, settings)) {
    const key = `${f.campaignId ?? '(none)'} ${f.direction}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  for (const [key, n] of seen) if (n > 1) out.push(`${n} failovers for ${key}`);
  // Writer capacity never drops while a campaign is in force.
  let previous: { atMs: number; writerClass: string } | undefined;
  for (const run of s.result.runs) {
    const writer = run.observation?.instances.find((i) => i.isWriter);
    if (!writer || !run.desired) continue;
    if (previous && run.desired.inForce.length > 0 && (compareClasses(settings, writer.instanceClass, previous.writerClass) ?? 0) < 0) {
      out.push(
        `writer went from ${previous.writerClass} to ${writer.instanceClass} at ${new Date(run.atMs).toISOString()} while a campaign was in force`,
      );
    }
    previous = { atMs: run.atMs, writerClass: writer.instanceClass };
  }
  return out;
}

/** The first run at which capacity was ready while `campaignId` was in force. */
export function readyAt(s: Scenario, campaignId: string): number | undefined {
  return s.result.runs.find((r) => r.desired?.inForce.some((f) => f.campaignId === campaignId) && r.assessment?.ready)?.atMs;
}

export const iso = (ms: number | undefined) => (ms === undefined ? 'never' : new Date(ms).toISOString());

/** Planned failovers that overlap a campaign's [start, end] in this environment, as sentences; empty when none does. */
export function failoversInsideCampaigns(s: Scenario, calendar: readonly Campaign[], settings: PlannerSettings): string[] {
  const out: string[] = [];
  for (const op of preScalerOps(s.model, 'FailoverDBCluster')) {
    for (const c of calendar.filter((c) => c.environments.includes(settings.environment))) {
      for (const w of windowsBetween(c, op.startedMs, op.endsMs + 1)) {
        out.push(`failover at ${iso(op.startedMs)} inside ${c.id} (${iso(w.startMs)} to ${iso(w.endMs)})`);
      }
    }
  }
  return out;
}

/**
 * Runs at which a reader was being resized and no other reader was available: the READ_ONLY proxy
 * endpoint had no reader then. Empty when an available reader other than the instance being resized
 * existed at every run.
 */
export function runsWithoutSpareReader(s: Scenario): string[] {
  const out: string[] = [];
  for (const run of s.result.runs) {
    const readers = run.observation?.instances.filter((i) => !i.isWriter) ?? [];
    for (const resized of readers.filter((i) => i.status === 'modifying')) {
      if (!readers.some((i) => i.id !== resized.id && i.status === 'available'))
        out.push(`at ${iso(run.atMs)} reader ${resized.id} was being resized and no other reader was available`);
    }
  }
  return out;
}
