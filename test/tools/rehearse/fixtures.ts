import type { IntervalSample, RunMeasurements } from '../../../tools/rehearse/metrics';
import type { RehearsalPlan } from '../../../tools/rehearse/plan';
import type { RehearsalReport } from '../../../tools/rehearse/report/rehearsal-report';
import type { ToolLoadSample } from '../../../tools/rehearse/tool-load';
import { judgeRehearsal, type PeakComparison } from '../../../tools/rehearse/verdict';

const latency = (p50Ms: number, p99Ms: number, count: number) => ({ count, p50Ms, p95Ms: (p50Ms + p99Ms) / 2, p99Ms, maxMs: p99Ms * 1.5 });

/** The tool kept up: low event-loop delay, no slip, a third of a core. */
export const idleTool: ToolLoadSample = { eventLoopDelayP99Ms: 2, scheduleSlipMs: 3, cpuPercent: 30, saturatedBy: [] };

/** A saturated interval: the event loop stalled. */
export const saturatedTool: ToolLoadSample = {
  eventLoopDelayP99Ms: 400,
  scheduleSlipMs: 900,
  cpuPercent: 99,
  saturatedBy: ['event-loop delay p99 400 ms > 50 ms', 'schedule slip 900 ms > 100 ms', 'tool CPU 99 % > 90 % of a core'],
};

/** An interval of the made-up run's time line. */
export function interval(i: number, overrides: Partial<IntervalSample> = {}): IntervalSample {
  return {
    startMs: i * 1000,
    endMs: (i + 1) * 1000,
    phase: 'hold',
    targetTransactionsPerSecond: 333,
    releasedPerSecond: 333,
    completedPerSecond: 330,
    targetConnections: 60,
    openConnections: 60,
    completed: 330,
    failed: i === 2 ? 10 : 0,
    refusedConnections: 0,
    latency: latency(4, 80, 330),
    tool: idleTool,
    ...overrides,
  };
}

/** A made-up run: 1000 asked for, 990 completed, 10 failed, p99 80 ms, the tool never saturated. */
export function measurements(overrides: Partial<RunMeasurements> = {}): RunMeasurements {
  return {
    scheduled: 1000,
    completed: { productRead: 800, cartWrite: 145, orderWrite: 45 },
    completedTotal: 990,
    failed: { 'pool-timeout': 6, 'connection-lost': 0, conflict: 0, 'statement-timeout': 0, query: 4 },
    failedTotal: 10,
    ordersOutOfStock: 2,
    abandoned: 0,
    connections: { opened: 60, refused: 0, refusedReasons: {}, peakOpen: 60, connectLatency: latency(3, 9, 60) },
    latency: latency(4, 80, 990),
    latencyByStatement: { productRead: latency(2, 40, 800), cartWrite: latency(6, 90, 145), orderWrite: latency(9, 120, 45) },
    timeline: [0, 1, 2].map((i) => interval(i)),
    ...overrides,
  };
}

export const plan: RehearsalPlan = {
  environment: 'staging',
  campaignId: 'black-friday',
  expectedPeak: { connections: 60, transactionsPerSecond: 333 },
  notes: ['Peak connections 60 = 3 × baseline 20 (config: rehearsal.profile.defaultPeakMultiple).'],
  profile: {
    durationMs: 3000,
    baseline: { connections: 20, transactionsPerSecond: 100 },
    peak: { connections: 60, transactionsPerSecond: 333 },
    phases: { warmUp: 0, rampUp: 0, hold: 1, rampDown: 0 },
  },
  mix: { productRead: 0.8, cartWrite: 0.15, orderWrite: 0.05 },
  thresholds: { p99LatencyMs: 250, maxErrorRatePercent: 2, maxRefusedConnections: 0, minThroughputPercent: 95 },
  connectionsPerAppInstance: 10,
  acquireTimeoutMs: 2000,
  seedProducts: 1000,
};

/** The made-up run's peak: rehearsed at exactly what campaign black-friday expects. */
export const atExpectedPeak: PeakComparison = {
  rehearsed: { connections: 60, transactionsPerSecond: 333 },
  expected: { connections: 60, transactionsPerSecond: 333 },
  campaignId: 'black-friday',
};

export function report(m: RunMeasurements = measurements(), peak: PeakComparison = atExpectedPeak): RehearsalReport {
  return {
    plan,
    startedAt: '2026-11-27T10:00:00.000Z',
    finishedAt: '2026-11-27T10:00:03.500Z',
    elapsedMs: 3000,
    interrupted: false,
    endpoints: { writer: 'proxy.example:5432/shop', reader: 'proxy-ro.example:5432/shop', tls: 'verify' },
    schema: { name: 'rehearsal_black_friday_20261127100000', kept: false },
    peak,
    workload: {
      description: 'the built-in shop workload',
      statements: [
        { name: 'productRead', endpoint: 'reader', weight: 80, text: 'SELECT 1' },
        { name: 'cartWrite', endpoint: 'writer', weight: 15, text: 'INSERT 1' },
        { name: 'orderWrite', endpoint: 'writer', weight: 5, text: 'INSERT 2' },
      ],
    },
    measurements: m,
    verdict: judgeRehearsal(m, plan.thresholds, { interrupted: false, peak }),
    consistency: [
      { what: 'carts (one per cart write)', counted: 145, inDatabase: 145, matches: true },
      { what: 'orders (one per order placed)', counted: 43, inDatabase: 42, matches: false },
    ],
    queryInsights: {
      available: true,
      statementsSeen: 4,
      top: [
        {
          query: 'SELECT id FROM rehearsal_<scratch>.products WHERE name LIKE $1 || $2',
          calls: 500,
          totalMs: 900,
          meanMs: 1.8,
          rows: 500,
          ownStatement: true,
          plan: 'Seq Scan on products',
        },
        { query: 'SELECT * FROM shop.orders WHERE customer_id = $1', calls: 40, totalMs: 120, meanMs: 3, rows: 40, ownStatement: false },
      ],
    },
  };
}
