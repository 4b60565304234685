import { computeDesiredState, type Observation } from '../../../lambda/pre-scaler/core';
import { metricNeeds, metricsThatMatter, planFromDesiredState } from '../../../lambda/pre-scaler/core';
import { at, BLACK_FRIDAY, DEV, PROD, provisioned, serverless } from './core/fixtures';

const X = 'db.r6g.xlarge';
const X4 = 'db.r6g.4xlarge';
/** Strips the CloudWatch figures the fixtures carry: what observeCapacity returns. */
const capacityOnly = ({ writerCpuPercent: _cpu, ...o }: Observation): Observation => ({
  ...o,
  instances: o.instances.map(({ replicaLagMs: _lag, ...i }) => i),
});

// Which CloudWatch figures a run reads: none when idle, CPU for a guarded scale-down, lag for a failover.
test.each<[string, string, Observation, { writerCpu: boolean; replicaLagOf: string[] }]>([
  ['idle at the baseline', '2027-11-20T12:00Z', provisioned(X, X), { writerCpu: false, replicaLagOf: [] }],
  ['scale-up: resizing the standby needs no figure', '2027-11-25T22:00Z', provisioned(X, X), { writerCpu: false, replicaLagOf: [] }],
  ["scale-up failover: the target's replica lag", '2027-11-25T22:20Z', provisioned(X, X4), { writerCpu: false, replicaLagOf: ['b'] }],
  ['ready during the campaign', '2027-11-26T12:00Z', provisioned(X4, X4, { floor: 4 }), { writerCpu: false, replicaLagOf: [] }],
  [
    'the reader floor going down needs no figure',
    '2027-11-27T02:00Z',
    provisioned(X4, X4, { floor: 4 }),
    { writerCpu: false, replicaLagOf: [] },
  ],
  ['writer scale-down (standby resize): the CPU guard', '2027-11-27T02:05Z', provisioned(X4, X4), { writerCpu: true, replicaLagOf: [] }],
  ["scale-down failover: CPU and the target's lag", '2027-11-27T02:30Z', provisioned(X4, X), { writerCpu: true, replicaLagOf: ['b'] }],
])('%s', (_name, now, observation, expected) => {
  const desired = computeDesiredState([BLACK_FRIDAY], PROD, at(now));
  expect(metricsThatMatter(desired, PROD, capacityOnly(observation))).toEqual(expected);
});

test('Serverless v2: raising the range needs nothing, lowering it needs the CPU', () => {
  const idle = computeDesiredState([], DEV, at('2027-01-01T12:00Z'));
  expect(metricsThatMatter(idle, DEV, capacityOnly(serverless(0.5, 8)))).toEqual({ writerCpu: false, replicaLagOf: [] });
  expect(metricsThatMatter(idle, DEV, capacityOnly(serverless(4, 16)))).toEqual({ writerCpu: true, replicaLagOf: [] });
});

describe('the idle run decides once (bench:planner regression, issue 15)', () => {
  test('when nothing could need a figure, the probe is the decision, and it is the one the planner would take', () => {
    const desired = computeDesiredState([BLACK_FRIDAY], PROD, at('2027-11-20T12:00Z'));
    const observation = capacityOnly(provisioned(X, X));
    const needs = metricNeeds(desired, PROD, observation);
    expect(needs.idleDecision).toEqual(planFromDesiredState(desired, PROD, observation));
    expect(needs.idleDecision?.kind).toBe('none');
  });

  test('a step a figure could hold gives no idle decision (the pass reads the figure, then decides)', () => {
    const desired = computeDesiredState([BLACK_FRIDAY], PROD, at('2027-11-27T02:05Z'));
    expect(metricNeeds(desired, PROD, capacityOnly(provisioned(X4, X4))).idleDecision).toBeUndefined();
  });
});
