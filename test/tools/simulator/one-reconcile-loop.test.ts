import { reconcileOnce, type ClusterPort, type MetricRequest } from '../../../lambda/pre-scaler/core';
import {
  AWS_LIKE_DURATIONS,
  baselineCluster,
  runSimulation,
  runSimulationSync,
  seededRandom,
  SimulatedClusterPort,
} from '../../../tools/simulator';
import { BLACK_FRIDAY, PROD } from '../../lambda/pre-scaler/core/fixtures';

/**
 * The simulator (and so `npm run plan`, which runs it synchronously) takes the Lambda's own steps:
 * both drive the core's reconcile pass through the same port, in its two stages.
 */
const from = Date.parse('2027-11-25T18:00:00Z');
const until = Date.parse('2027-11-27T08:00:00Z');
const model = () => baselineCluster(PROD, { startMs: from, readerMax: 6, durations: AWS_LIKE_DURATIONS, random: seededRandom(7) });
const summary = (runs: readonly { atMs: number; action: { kind: string; reason: string }; outcome: string }[]) =>
  runs.map((r) => `${new Date(r.atMs).toISOString()} ${r.outcome} ${r.action.kind}: ${r.action.reason}`);

test('the synchronous simulation (npm run plan) and the Lambda reconcileOnce over the same port take the same steps', async () => {
  const sync = runSimulationSync({ calendar: [BLACK_FRIDAY], settings: PROD, model: model(), untilMs: until });
  const lambdaLike = await runSimulation({ calendar: [BLACK_FRIDAY], settings: PROD, model: model(), untilMs: until });
  expect(sync.steps.length).toBeGreaterThan(3); // scale-up and scale-down happened
  expect(summary(sync.runs)).toEqual(summary(lambdaLike.runs));
});

test('the simulated port observes in two stages: CloudWatch figures only when the pass asks for them', async () => {
  const requests: MetricRequest[] = [];
  const simulated = new SimulatedClusterPort(model());
  const recording: ClusterPort = {
    observeCapacity: () => simulated.observeCapacity(),
    readMetrics: (o, request) => {
      requests.push(request);
      return simulated.readMetrics(o, request);
    },
    execute: (a) => simulated.execute(a),
    writeSurgeTags: (c) => simulated.writeSurgeTags(c),
  };
  const config = { settings: PROD, calendar: [BLACK_FRIDAY], dryRun: true, notReadyAlarmMinutes: 30 };
  const idle = await reconcileOnce({ config, port: recording, now: new Date(from) });
  expect(idle.action.kind).toBe('none');
  expect(idle.observation.writerCpuPercent).toBeUndefined();
  expect(requests).toEqual([]);
});
