import type { Campaign } from '../../lambda/pre-scaler/core/campaign';
import { compareClasses, type PlannerSettings } from '../../lambda/pre-scaler/core/settings';
import type { ReactiveSettings } from '../../lambda/pre-scaler/core/surge';
import type { OperationRecord } from './aurora-cluster-model';
import { seededRandom } from './clock';
import { baselineCluster } from './cluster-fixture';
import { AWS_LIKE_DURATIONS, type SimulatedDurations } from './durations';
import { runSimulationSync, type SimulationResult } from './run-simulation';
import type { FaultInjector } from './faults';
import type { TrafficModel } from './traffic-model';
import type { AuroraClusterModel } from './aurora-cluster-model';

const MINUTE = 60_000;

export interface SurgeScenarioOptions {
  /** The environment, with `reactive` set (its `writerMaxConnections` feeds the traffic model's limits). */
  readonly settings: PlannerSettings;
  /** @default - none: the outage had no calendar entry */
  readonly calendar?: readonly Campaign[];
  /** Load (in baseline multiples) at an instant. */
  readonly load: (atMs: number) => number;
  readonly fromMs: number;
  readonly untilMs: number;
  /** The traffic model's figures at load 1 (CPU, connections, ACU). */
  readonly baseline: { readonly cpuPercent: number; readonly connections: number; readonly acu?: number };
  /** The reader scalable target's MaxCapacity. @default 6 */
  readonly readerMax?: number;
  /** @default AWS_LIKE_DURATIONS */
  readonly durations?: SimulatedDurations;
  /** @default 42 */
  readonly seed?: number;
  /** @default 5 */
  readonly tickMinutes?: number;
  /** @default false */
  readonly dryRun?: boolean;
  /** Faults of the pre-scaler's calls. @default - none */
  readonly faults?: FaultInjector;
}

export interface SurgeScenario {
  readonly model: AuroraClusterModel;
  readonly result: SimulationResult;
}

/**
 * Runs the pre-scaler against a cluster whose writer answers the given load (`traffic-model.ts`):
 * the surge scenarios of issue 15 (the outage: 5× from 14:00, no calendar entry) and the property tests.
 */
export function runSurgeScenario(options: SurgeScenarioOptions): SurgeScenario {
  const { settings } = options;
  const sizes = settings.instanceClassSizes;
  const limits = settings.reactive?.writerMaxConnections ?? {};
  const base = settings.baseline.writer;
  const traffic: TrafficModel = {
    load: options.load,
    baselineCpuPercent: options.baseline.cpuPercent,
    baselineVcpus: base.kind === 'provisioned' ? (sizes[base.instanceClass]?.vcpus ?? 1) : 1,
    baselineConnections: options.baseline.connections,
    ...(options.baseline.acu !== undefined ? { baselineAcu: options.baseline.acu } : {}),
    maxConnections: (instanceClass) => limits[instanceClass] ?? Number.POSITIVE_INFINITY,
    vcpus: (instanceClass) => sizes[instanceClass]?.vcpus ?? 1,
  };
  const model = baselineCluster(settings, {
    startMs: options.fromMs,
    readerMax: options.readerMax ?? 6,
    durations: options.durations ?? AWS_LIKE_DURATIONS,
    random: seededRandom(options.seed ?? 42),
    traffic,
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const result = runSimulationSync({
    calendar: options.calendar ?? [],
    settings,
    model,
    untilMs: options.untilMs,
    ...(options.tickMinutes !== undefined ? { tickMinutes: options.tickMinutes } : {}),
    ...(options.dryRun !== undefined ? { dryRun: options.dryRun } : {}),
  });
  return { model, result };
}

/**
 * When a bigger writer first serves after `surgeStartMs`: provisioned, the end of the first failover to
 * a bigger class; Serverless v2, the end of the first range change that raised the maximum. Undefined
 * when none did within the simulation.
 */
export function biggerWriterServingAt(scenario: SurgeScenario, settings: PlannerSettings, surgeStartMs: number): number | undefined {
  const ops = scenario.model.operations.filter((o) => o.actor === 'pre-scaler' && o.startedMs >= surgeStartMs);
  const first = ops.find((o) => (settings.baseline.writer.kind === 'provisioned' ? isUpFailover(o, settings) : raisesMaximum(o)));
  return first?.endsMs;
}

/** Failovers the pre-scaler started in [fromMs, untilMs). */
export function failoversBetween(scenario: SurgeScenario, fromMs: number, untilMs: number): OperationRecord[] {
  return scenario.model.operations.filter(
    (o) => o.actor === 'pre-scaler' && o.verb === 'FailoverDBCluster' && o.startedMs >= fromMs && o.startedMs < untilMs,
  );
}

function isUpFailover(o: OperationRecord, settings: PlannerSettings): boolean {
  return o.verb === 'FailoverDBCluster' && (compareClasses(settings, o.writerClassAfter ?? '', o.writerClassBefore ?? '') ?? 0) > 0;
}

function raisesMaximum(o: OperationRecord): boolean {
  const m = /^Serverless v2 [\d.]+–([\d.]+) → [\d.]+–([\d.]+) ACU$/.exec(o.detail);
  return o.verb === 'ModifyDBCluster' && m !== null && Number(m[2]) > Number(m[1]);
}

/** Minutes from `fromMs` to `atMs`, rounded to one decimal. */
export function minutesBetween(fromMs: number, atMs: number): number {
  return Math.round(((atMs - fromMs) / MINUTE) * 10) / 10;
}

/** The outage of the postmortem: the baseline until 14:00, five times the baseline from then on. */
export function outageLoad(surgeStartMs: number, factor = 5): (atMs: number) => number {
  return (atMs) => (atMs >= surgeStartMs ? factor : 1);
}

/**
 * The reactive settings the outage is replayed with (`npm run bench:surge` and its tests): the config
 * defaults (3 minutes, 80 % CPU, 80 % of `max_connections`, floor +1, cooldown 30, quiet 60) with a
 * db.r6g.4xlarge ceiling, and each reachable class's `max_connections` as synth writes it for Aurora
 * PostgreSQL (LEAST(DBInstanceClassMemory/9531392, 5000), lib/connection-budget.ts).
 */
export const OUTAGE_REACTIVE_SETTINGS: ReactiveSettings = {
  enabled: true,
  sustainedMinutes: 3,
  writerCpuPercent: 80,
  writerConnectionsPercent: 80,
  ceiling: { kind: 'provisioned', instanceClass: 'db.r6g.4xlarge' },
  readerFloorStep: 1,
  cooldownMinutes: 30,
  quietMinutes: 60,
  writerMaxConnections: { 'db.r6g.xlarge': 3604, 'db.r6g.2xlarge': 5000, 'db.r6g.4xlarge': 5000 },
};

/** {@link OUTAGE_REACTIVE_SETTINGS} for a Serverless v2 writer: a 32 ACU ceiling, `max_connections` 1,000. */
export const OUTAGE_SERVERLESS_REACTIVE_SETTINGS: ReactiveSettings = {
  ...OUTAGE_REACTIVE_SETTINGS,
  ceiling: { kind: 'serverless-v2', maxCapacity: 32 },
  writerMaxConnections: { 'db.serverless': 1000 },
};
