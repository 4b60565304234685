import { isMutating, type CampaignInput } from '../../../lambda/pre-scaler/core';
import { ClusterPortError } from '../../../lambda/pre-scaler/core';
import type { PreScalerRuntimeConfig } from '../../../lambda/pre-scaler/contract';
import { baselineCluster, FaultInjector, runSimulation, seededRandom, type AuroraClusterModel } from '../../../tools/simulator';
import { answerSdkFromSimulator, type SimulatorSdkMocks } from '../../helpers/simulator-sdk-facade';
import { DEV, PROD } from './core/fixtures';
import { handlerFor, runtimeConfig } from './handler-harness';

// The simulated-time scenarios once more, through the real handler and the real AWS adapter: the SDK
// clients are answered by the cluster simulator in the APIs' own shapes (test/helpers/simulator-sdk-facade.ts).

const MINUTE = 60_000;
const ms = (iso: string) => Date.parse(iso);

/** Black Friday in prod: 2027-11-26 00:00–24:00 UTC, db.r6g.4xlarge, 4 readers (in force 22:00 the day before to 02:00 after). */
const BLACK_FRIDAY: CampaignInput = {
  id: 'black-friday',
  environments: ['prod'],
  start: '2027-11-26T00:00Z',
  end: '2027-11-27T00:00Z',
  writer: { instanceClass: 'db.r6g.4xlarge' },
  readerFloor: 4,
};
/** A dev load test: Serverless v2 at 4–16 ACU, 2 readers, 14:00–18:00 UTC (in force 13:00–18:30). */
const DEV_LOAD_TEST: CampaignInput = {
  id: 'load-test',
  environments: ['dev'],
  start: '2026-12-08T14:00Z',
  end: '2026-12-08T18:00Z',
  writer: { minCapacity: 4, maxCapacity: 16 },
  readerFloor: 2,
};

interface HandlerRun {
  readonly atMs: number;
  readonly outcome: string;
  readonly action?: string | undefined;
  readonly error?: ClusterPortError;
  readonly calls: readonly string[];
  readonly metrics?: Record<string, number> | undefined;
}

/** Runs the handler every `tickMinutes` of simulated time, like the schedule would. */
async function driveHandler(
  model: AuroraClusterModel,
  config: PreScalerRuntimeConfig,
  sdk: SimulatorSdkMocks,
  untilMs: number,
  tickMinutes = 5,
): Promise<HandlerRun[]> {
  const h = handlerFor(config, () => new Date(model.now()));
  const runs: HandlerRun[] = [];
  for (let t = model.now(); t <= untilMs; t += tickMinutes * MINUTE) {
    model.advanceTo(t);
    sdk.resetCalls();
    const published = h.metrics.published.length;
    try {
      const result = await h.invoke();
      runs.push({ atMs: t, outcome: result.outcome, action: result.action, calls: sdk.calls(), metrics: h.metrics.published[published] });
    } catch (err) {
      if (!(err instanceof ClusterPortError)) throw err;
      runs.push({ atMs: t, outcome: 'failed', error: err, calls: sdk.calls(), metrics: h.metrics.published[published] });
    }
  }
  return runs;
}

const MUTATING = new Set(['ModifyDBInstance', 'FailoverDBCluster', 'ModifyDBCluster', 'RegisterScalableTarget']);
const mutatingCalls = (runs: readonly HandlerRun[]) =>
  runs.flatMap((r) => r.calls.filter((c) => MUTATING.has(c)).map((c) => ({ atMs: r.atMs, call: c })));
const runAt = (runs: readonly HandlerRun[], iso: string) => runs.find((r) => r.atMs === ms(iso)) as HandlerRun;

let sdk: SimulatorSdkMocks | undefined;
afterEach(() => sdk?.restore());

describe('provisioned writer (prod), Black Friday through the handler', () => {
  const start = ms('2027-11-25T20:00Z');
  const until = ms('2027-11-27T08:00Z');
  const config = runtimeConfig({ settings: PROD, campaigns: [BLACK_FRIDAY], clusterIdentifier: 'prod-cluster' });

  test('takes exactly the steps the pure loop takes, at the same times', async () => {
    const reference = baselineCluster(PROD, { startMs: start, readerMax: 6, random: seededRandom(7) });
    const expected = await runSimulation({
      calendar: config.calendar,
      settings: config.settings,
      model: reference,
      untilMs: until,
      recordRuns: false,
    });

    const model = baselineCluster(PROD, { startMs: start, readerMax: 6, random: seededRandom(7) });
    sdk = answerSdkFromSimulator(model);
    const runs = await driveHandler(model, config, sdk, until);

    const handlerSteps = runs.filter((r) => r.outcome === 'acted').map((r) => ({ atMs: r.atMs, action: r.action }));
    expect(handlerSteps).toEqual(expected.steps.map((s) => ({ atMs: s.atMs, action: s.action.kind })));
    expect(handlerSteps.length).toBeGreaterThanOrEqual(6); // resize, failover, floor, resize; then floor, resize, failover, resize back
    expect(model.operations.filter((o) => o.writerResizedInPlace)).toEqual([]);
  });

  test('is ready before the campaign starts, never raises "not ready", and is back at the baseline after', async () => {
    const model = baselineCluster(PROD, { startMs: start, readerMax: 6, random: seededRandom(3) });
    sdk = answerSdkFromSimulator(model);
    const runs = await driveHandler(model, config, sdk, until);

    expect(runAt(runs, '2027-11-25T23:30Z').metrics).toMatchObject({
      Ready: 1,
      CampaignStartingSoonNotReady: 0,
      DesiredWriterCapacity: 128,
      ActualWriterCapacity: 128,
      DesiredReaderFloor: 4,
      ActualReaderFloor: 4,
    });
    expect(runs.filter((r) => r.metrics?.CampaignStartingSoonNotReady === 1)).toEqual([]);
    expect(runs.filter((r) => r.outcome === 'failed')).toEqual([]);
    const end = model.snapshot();
    expect(model.writerClass()).toBe('db.r6g.xlarge');
    expect(end.instances.filter((i) => !i.createdByAutoScaling).map((i) => i.instanceClass)).toEqual(['db.r6g.xlarge', 'db.r6g.xlarge']);
    expect(end.readerTarget).toEqual({ minCapacity: 1, maxCapacity: 6 });
  });

  test('an idle run makes three read calls and nothing else; CloudWatch is read only when a guard needs it', async () => {
    const model = baselineCluster(PROD, { startMs: start, readerMax: 6, random: seededRandom(3) });
    sdk = answerSdkFromSimulator(model, { instancesPerPage: 100 });
    const runs = await driveHandler(model, config, sdk, until);

    const idle = runAt(runs, '2027-11-25T20:00Z');
    expect(idle.outcome).toBe('no-step');
    expect(idle.calls).toEqual(expect.arrayContaining(['DescribeDBClusters', 'DescribeDBInstances', 'DescribeScalableTargets']));
    expect(idle.calls).toHaveLength(3);
    const metricReads = runs.filter((r) => r.calls.includes('GetMetricData'));
    // Failovers (replica lag) and scale-downs (CPU guard) read CloudWatch; nothing else does.
    expect(metricReads.length).toBeGreaterThan(0);
    expect(metricReads.length).toBeLessThan(runs.length / 4);
    for (const r of runs) expect(r.calls.filter((c) => MUTATING.has(c)).length).toBeLessThanOrEqual(1);
  });

  test('dry run: decides the same first step, calls nothing that changes AWS, and the "not ready" signal rises before the start', async () => {
    const dry = runtimeConfig({ settings: PROD, campaigns: [BLACK_FRIDAY], clusterIdentifier: 'prod-cluster', dryRun: true });
    const model = baselineCluster(PROD, { startMs: start, readerMax: 6, random: seededRandom(3) });
    sdk = answerSdkFromSimulator(model);
    const runs = await driveHandler(model, dry, sdk, ms('2027-11-26T01:00Z'));

    expect(mutatingCalls(runs)).toEqual([]);
    expect(model.operations.filter((o) => o.actor === 'pre-scaler')).toEqual([]);
    expect(runAt(runs, '2027-11-25T22:00Z')).toMatchObject({
      outcome: 'dry-run',
      action: 'set-reader-floor', // first a spare reader, so reads keep a reader while the standby is resized
      metrics: { PlannedActions: 1, ActionsTaken: 0 },
    });
    expect(runAt(runs, '2027-11-25T23:25Z').metrics?.CampaignStartingSoonNotReady).toBe(0);
    expect(runAt(runs, '2027-11-25T23:30Z').metrics?.CampaignStartingSoonNotReady).toBe(1);
  });

  test('faults: throttling, a lost reply and a resize stuck in "modifying" delay steps but capacity is still ready for the start', async () => {
    const faults = new FaultInjector({
      calls: [
        { fault: 'throttle', verb: 'ModifyDBInstance', times: 2 },
        { fault: 'lost-reply', verb: 'FailoverDBCluster', times: 1 },
        { fault: 'throttle', verb: 'DescribeScalableTargets', fromMs: ms('2027-11-25T22:40Z'), times: 1 },
      ],
      stuck: [{ extraMinutes: 20, times: 1 }],
    });
    const model = baselineCluster(PROD, { startMs: start, readerMax: 6, random: seededRandom(11), faults });
    sdk = answerSdkFromSimulator(model);
    const runs = await driveHandler(model, config, sdk, ms('2027-11-26T00:00Z'));

    const failed = runs.filter((r) => r.outcome === 'failed');
    expect(failed.map((r) => r.error?.kind)).toEqual(['throttled', 'throttled', 'throttled', 'unknown-outcome']);
    expect(faults.fired.map((f) => `${f.verb} ${f.fault}`)).toEqual([
      'ModifyDBInstance throttle',
      'ModifyDBInstance throttle',
      'ModifyDBInstance stuck-modifying',
      'DescribeScalableTargets throttle',
      'FailoverDBCluster lost-reply',
    ]);
    // The lost reply had been applied: the next run read the new writer and went on; no second failover.
    const lost = failed[3]!;
    expect(runs.find((r) => r.atMs === lost.atMs + 5 * MINUTE)?.action).not.toBe('failover');
    expect(model.operations.filter((o) => o.actor === 'pre-scaler' && o.verb === 'FailoverDBCluster')).toHaveLength(1);
    // The failed runs published nothing: the "no successful run" alarm counts them.
    expect(failed.every((r) => r.metrics === undefined)).toBe(true);
    expect(runAt(runs, '2027-11-26T00:00Z').metrics).toMatchObject({ Ready: 1 });
    expect(model.writerClass()).toBe('db.r6g.4xlarge');
  });
});

describe('Serverless v2 writer (dev), a load test through the handler', () => {
  const start = ms('2026-12-08T12:00Z');
  const until = ms('2026-12-08T20:00Z');
  const config = runtimeConfig({ settings: DEV, campaigns: [DEV_LOAD_TEST], clusterIdentifier: 'dev-cluster' });

  test('raises the capacity range and the reader floor before the start, restores both after, like the pure loop', async () => {
    const reference = baselineCluster(DEV, { startMs: start, readerMax: 3, random: seededRandom(5) });
    const expected = await runSimulation({
      calendar: config.calendar,
      settings: config.settings,
      model: reference,
      untilMs: until,
      recordRuns: false,
    });
    const model = baselineCluster(DEV, { startMs: start, readerMax: 3, random: seededRandom(5) });
    sdk = answerSdkFromSimulator(model);
    const runs = await driveHandler(model, config, sdk, until);

    expect(runs.filter((r) => r.outcome === 'acted').map((r) => ({ atMs: r.atMs, action: r.action }))).toEqual(
      expected.steps.filter((s) => isMutating(s.action)).map((s) => ({ atMs: s.atMs, action: s.action.kind })),
    );
    expect(mutatingCalls(runs).map((c) => c.call)).toEqual([
      'ModifyDBCluster',
      'RegisterScalableTarget',
      'RegisterScalableTarget',
      'ModifyDBCluster',
    ]);
    expect(runAt(runs, '2026-12-08T13:45Z').metrics).toMatchObject({
      Ready: 1,
      DesiredWriterCapacity: 4,
      ActualWriterCapacity: 4,
      ActualReaderFloor: 2,
    });
    expect(model.snapshot()).toMatchObject({
      serverlessV2: { minCapacity: 0.5, maxCapacity: 8 },
      readerTarget: { minCapacity: 1, maxCapacity: 3 },
    });
  });
});
