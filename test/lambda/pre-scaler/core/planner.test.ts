import { planNextAction, type Action, type Observation } from '../../../../lambda/pre-scaler/core';
import { at, BLACK_FRIDAY, campaigns, DEV, instance, PROD, provisioned, serverless } from './fixtures';

const X = 'db.r6g.xlarge';
const X4 = 'db.r6g.4xlarge';
const X2 = 'db.r6g.2xlarge';

type Expected = Partial<Action> & { reasonContains?: string };

/** An available auto-scaled reader: with it, resizing the standby leaves reads a reader. */
const spare = (instanceClass = X) =>
  instance('application-autoscaling-1', instanceClass, { promotionTier: 15, createdByAutoScaling: true });

function expectAction(actual: Action, expected: Expected): void {
  const { reasonContains, ...fields } = expected;
  expect(actual).toMatchObject(fields);
  if (reasonContains) expect(actual.reason).toContain(reasonContains);
}

describe('provisioned writer: scale-up for a campaign', () => {
  test.each<[string, string, Observation, Expected]>([
    [
      'nothing to do outside any campaign',
      '2027-11-20T12:00Z',
      provisioned(X, X),
      { kind: 'none', reasonContains: 'capacity is at the baseline; no campaign is in force.' },
    ],
    ['nothing to do one minute before the lead time', '2027-11-25T21:59Z', provisioned(X, X), { kind: 'none' }],
    [
      'at start − lead time: resize the tier-0 standby first, never the writer',
      '2027-11-25T22:00Z',
      provisioned(X, X, { floor: 2, more: [spare()] }),
      {
        kind: 'modify-instance',
        instanceId: 'b',
        fromClass: X,
        toClass: X4,
        direction: 'up',
        campaignId: 'black-friday',
        reasonContains:
          'resize standby b from db.r6g.xlarge to db.r6g.4xlarge before failing over to it, for black-friday (starts 2027-11-26T00:00Z, in 2 h)',
      },
    ],
    [
      'the standby is being resized: wait for it',
      '2027-11-25T22:05Z',
      provisioned(X, X, {
        floor: 2,
        instances: [instance('a', X, { isWriter: true }), instance('b', X, { status: 'modifying' }), spare()],
      }),
      { kind: 'wait', waitingFor: 'instance-busy', reasonContains: 'instance b is modifying' },
    ],
    [
      'the standby is ready: fail over to it',
      '2027-11-25T22:20Z',
      provisioned(X, X4),
      {
        kind: 'failover',
        targetInstanceId: 'b',
        fromInstanceId: 'a',
        fromClass: X,
        toClass: X4,
        direction: 'up',
        campaignId: 'black-friday',
      },
    ],
    [
      'the standby still catches up: the failover waits for low replica lag',
      '2027-11-25T22:20Z',
      provisioned(X, X4, { instances: [instance('a', X, { isWriter: true }), instance('b', X4, { replicaLagMs: 5000 })] }),
      { kind: 'wait', waitingFor: 'replica-lag', reasonContains: 'replica lag of b is 5000 ms (at most 1000 ms)' },
    ],
    [
      'the cluster is failing over: wait',
      '2027-11-25T22:21Z',
      provisioned(X, X4, { clusterStatus: 'failing-over' }),
      { kind: 'wait', waitingFor: 'cluster-busy', reasonContains: 'cluster prod-cluster is failing-over' },
    ],
    [
      'no writer is listed (failover in progress): wait',
      '2027-11-25T22:21Z',
      provisioned(X, X4, { instances: [instance('a', X), instance('b', X4)] }),
      { kind: 'wait', waitingFor: 'cluster-busy', reasonContains: 'reports no writer' },
    ],
    [
      "after the failover the reader floor goes up before the old writer is resized (new readers copy the writer's class)",
      '2027-11-25T22:25Z',
      provisioned(X4, X, { writerId: 'b' }),
      { kind: 'set-reader-floor', minCapacity: 4, direction: 'up', campaignId: 'black-friday' },
    ],
    [
      'then the old writer, now the standby, is resized to match',
      '2027-11-25T22:30Z',
      provisioned(X4, X, { writerId: 'b', floor: 4, more: [spare()] }),
      { kind: 'modify-instance', instanceId: 'a', toClass: X4, direction: 'up', reasonContains: 'to match writer b' },
    ],
    [
      'auto-scaled readers being created do not stall the step',
      '2027-11-25T22:30Z',
      provisioned(X4, X, {
        writerId: 'b',
        floor: 4,
        more: [spare(), instance('application-autoscaling-2', X4, { promotionTier: 15, createdByAutoScaling: true, status: 'creating' })],
      }),
      { kind: 'modify-instance', instanceId: 'a' },
    ],
    [
      'an auto-scaled tier-15 reader is never taken for the standby',
      '2027-11-25T22:00Z',
      provisioned(X, X, { floor: 2, more: [spare()] }),
      { kind: 'modify-instance', instanceId: 'b' },
    ],
    [
      'everything at target: nothing to do, capacity is ready',
      '2027-11-25T23:00Z',
      provisioned(X4, X4, {
        floor: 4,
        more: [
          spare(X4),
          instance('application-autoscaling-2', X4, { promotionTier: 15, createdByAutoScaling: true }),
          instance('application-autoscaling-3', X4, { promotionTier: 15, createdByAutoScaling: true }),
        ],
      }),
      { kind: 'none', reasonContains: 'capacity is ready for black-friday (in force until 2027-11-27T02:00Z)' },
    ],
    [
      'every step taken but the readers still coming up: not called ready',
      '2027-11-25T23:00Z',
      provisioned(X4, X4, { floor: 4 }),
      {
        kind: 'none',
        reasonContains:
          'every step for black-friday is taken, but capacity is not ready yet: 1 reader(s) available, needs 4 (in force until 2027-11-27T02:00Z).',
      },
    ],
    [
      'a campaign added late: acts at once and says capacity is late',
      '2027-11-26T00:10Z',
      provisioned(X, X, { floor: 2, more: [spare()] }),
      { kind: 'modify-instance', instanceId: 'b', reasonContains: 'started 2027-11-26T00:00Z, 10 min ago: capacity is late' },
    ],
    [
      'the standby is already bigger than the target: fail over to it, no extra resize',
      '2027-11-25T22:00Z',
      provisioned(X, 'db.r6g.8xlarge'),
      { kind: 'failover', targetInstanceId: 'b', direction: 'up' },
    ],
  ])('%s', (_name, now, observation, expected) => {
    expectAction(planNextAction([BLACK_FRIDAY], PROD, at(now), observation), expected);
  });
});

describe('provisioned writer: scale-down after the campaign', () => {
  // In force until 2027-11-27T02:00Z = 03:00 Paris, inside the 01:00-06:00 low-traffic window.
  test.each<[string, string, Observation, Expected]>([
    [
      'inside the cool-down nothing goes down',
      '2027-11-27T01:55Z',
      provisioned(X4, X4, {
        floor: 4,
        more: [
          spare(X4),
          instance('application-autoscaling-2', X4, { promotionTier: 15, createdByAutoScaling: true }),
          instance('application-autoscaling-3', X4, { promotionTier: 15, createdByAutoScaling: true }),
        ],
      }),
      { kind: 'none', reasonContains: 'capacity is ready for black-friday' },
    ],
    [
      'after the cool-down the reader floor goes down first, but keeps a spare reader for the resizes to come',
      '2027-11-27T02:00Z',
      provisioned(X4, X4, { floor: 4 }),
      {
        kind: 'set-reader-floor',
        minCapacity: 2,
        direction: 'down',
        campaignId: 'black-friday',
        reasonContains: 'back to the baseline after black-friday (2 until the standby resizes are done, so reads keep a reader)',
      },
    ],
    [
      'then the standby is resized down, inside the window, CPU low',
      '2027-11-27T02:05Z',
      provisioned(X4, X4, { floor: 2, more: [spare(X4)] }),
      { kind: 'modify-instance', instanceId: 'b', toClass: X, direction: 'down', campaignId: 'black-friday' },
    ],
    [
      'held while the writer CPU is at or above the guard',
      '2027-11-27T02:05Z',
      provisioned(X4, X4, { writerCpuPercent: 40 }),
      { kind: 'wait', waitingFor: 'cpu-guard', reasonContains: 'writer CPU 40% is at or above the 40% guard' },
    ],
    [
      'held while the writer CPU is unknown',
      '2027-11-27T02:05Z',
      provisioned(X4, X4, { writerCpuPercent: undefined }),
      { kind: 'wait', waitingFor: 'cpu-guard', reasonContains: "the writer's CPU is unknown" },
    ],
    [
      'held outside the low-traffic window',
      '2027-11-27T06:00Z',
      provisioned(X4, X4),
      { kind: 'wait', waitingFor: 'low-traffic-window', reasonContains: 'waits for the low-traffic window 01:00-06:00 Europe/Paris' },
    ],
    ['the failover down is guarded too', '2027-11-27T09:00Z', provisioned(X4, X), { kind: 'wait', waitingFor: 'low-traffic-window' }],
    [
      'the failover down happens inside the window',
      '2027-11-28T01:00Z',
      provisioned(X4, X),
      { kind: 'failover', targetInstanceId: 'b', direction: 'down', fromClass: X4, toClass: X },
    ],
    [
      'matching the old writer to the new one needs no window (no live capacity changes)',
      '2027-11-28T12:00Z',
      provisioned(X, X4, { writerCpuPercent: 90, floor: 2, more: [spare()] }),
      { kind: 'modify-instance', instanceId: 'b', toClass: X, direction: 'down' },
    ],
    [
      'the writer and standby settled: the spare reader goes',
      '2027-11-28T12:05Z',
      provisioned(X, X, { floor: 2, more: [spare()] }),
      { kind: 'set-reader-floor', minCapacity: 1, direction: 'down' },
    ],
    ['back at the baseline: nothing to do', '2027-11-28T12:00Z', provisioned(X, X), { kind: 'none' }],
  ])('%s', (_name, now, observation, expected) => {
    expectAction(planNextAction([BLACK_FRIDAY], PROD, at(now), observation), expected);
  });
});

describe('a reader stays available while the standby is resized (an instance-class change is an outage of that instance)', () => {
  test.each<[string, string, Observation, Expected]>([
    [
      'the standby is the only reader: raise the floor for a spare reader before the first resize',
      '2027-11-25T22:00Z',
      provisioned(X, X),
      {
        kind: 'set-reader-floor',
        minCapacity: 2,
        direction: 'up',
        campaignId: 'black-friday',
        reasonContains: 'set the reader floor from 1 to 2 so another reader serves reads while standby b is resized',
      },
    ],
    [
      'then wait until the spare reader is available',
      '2027-11-25T22:05Z',
      provisioned(X, X, {
        floor: 2,
        more: [instance('application-autoscaling-1', X, { promotionTier: 15, createdByAutoScaling: true, status: 'creating' })],
      }),
      {
        kind: 'wait',
        waitingFor: 'spare-reader',
        reasonContains: 'resizing standby b waits for another reader to be available (1 being created)',
      },
    ],
    [
      'after the failover, the old writer is not resized while it is the only reader',
      '2027-11-25T22:30Z',
      provisioned(X4, X, { writerId: 'b', floor: 4 }),
      { kind: 'wait', waitingFor: 'spare-reader' },
    ],
    [
      'a target that allows one replica only: blocked, with the fix',
      '2027-11-25T22:00Z',
      provisioned(X, X, { readerTarget: { minCapacity: 1, maxCapacity: 1 } }),
      { kind: 'blocked', reasonContains: 'allows at most 1 replica. Fix: set readerAutoScaling.maxReplicas to 2 or more' },
    ],
    [
      'a held scale-down resize raises nothing',
      '2027-11-27T06:00Z',
      provisioned(X4, X4),
      { kind: 'wait', waitingFor: 'low-traffic-window' },
    ],
  ])('%s', (_name, now, observation, expected) => {
    expectAction(planNextAction([BLACK_FRIDAY], PROD, at(now), observation), expected);
  });
});

describe('never scales down while a campaign is in force', () => {
  const bigFirst = campaigns(
    {
      id: 'big',
      environments: ['prod'],
      start: '2027-11-26T00:00Z',
      end: '2027-11-26T12:00Z',
      writer: { instanceClass: X4 },
      readerFloor: 4,
    },
    {
      id: 'small',
      environments: ['prod'],
      start: '2027-11-26T10:00Z',
      end: '2027-11-26T20:00Z',
      writer: { instanceClass: X2 },
      readerFloor: 2,
    },
  );

  test('overlapping campaigns take the maximum of each dimension', () => {
    expectAction(planNextAction(bigFirst, PROD, at('2027-11-26T09:00Z'), provisioned(X, X, { floor: 2, more: [spare()] })), {
      kind: 'modify-instance',
      toClass: X4,
      campaignId: 'big',
    });
  });

  test('when the bigger one ends, capacity is kept while the smaller one runs', () => {
    expectAction(planNextAction(bigFirst, PROD, at('2027-11-26T15:00Z'), provisioned(X4, X4, { floor: 4 })), {
      kind: 'wait',
      waitingFor: 'campaign-in-force',
      reasonContains: 'small in force until 2027-11-26T22:00Z',
    });
  });

  test('a writer a human made bigger during a campaign is left alone until it ends', () => {
    expectAction(planNextAction([BLACK_FRIDAY], PROD, at('2027-11-26T12:00Z'), provisioned('db.r6g.8xlarge', X4, { floor: 4 })), {
      kind: 'wait',
      waitingFor: 'campaign-in-force',
    });
  });

  test('a reader floor a human raised during a campaign is kept until it ends', () => {
    expectAction(planNextAction([BLACK_FRIDAY], PROD, at('2027-11-26T12:00Z'), provisioned(X4, X4, { floor: 5 })), { kind: 'none' });
  });
});

describe('what the planner cannot fix is reported as blocked, and does not stop other steps', () => {
  test.each<[string, string, Observation, Expected]>([
    [
      'no tier-0 standby',
      '2027-11-25T22:00Z',
      provisioned(X, X, { floor: 4, instances: [instance('a', X, { isWriter: true }), instance('b', X, { promotionTier: 1 })] }),
      {
        kind: 'blocked',
        reasonContains:
          'there is no tier-0 reader to resize (the writer is never resized in place). Fix: add a fixed reader with promotionTier 0',
      },
    ],
    [
      'an instance class the planner cannot order',
      '2027-11-25T22:00Z',
      provisioned(X, 'db.x2g.large', { floor: 4 }),
      {
        kind: 'blocked',
        reasonContains: 'instance b is db.x2g.large, a class the planner cannot order. Fix: add it to config/instance-classes.ts',
      },
    ],
    [
      'a blocked writer does not keep the reader floor down',
      '2027-11-25T22:00Z',
      provisioned(X, 'db.x2g.large'),
      { kind: 'set-reader-floor', minCapacity: 4 },
    ],
    [
      'a floor above the target maximum',
      '2027-11-25T23:00Z',
      provisioned(X4, X4, { readerTarget: { minCapacity: 1, maxCapacity: 3 } }),
      {
        kind: 'blocked',
        reasonContains: "reader floor of 4, above the scalable target's MaxCapacity 3. Fix: raise readerAutoScaling.maxReplicas",
      },
    ],
    [
      'no reader target, but the writer step still goes first',
      '2027-11-25T22:00Z',
      provisioned(X, X, { readerTarget: undefined, more: [spare()] }),
      { kind: 'modify-instance', instanceId: 'b' },
    ],
    [
      'no reader target and the writer done',
      '2027-11-25T23:00Z',
      provisioned(X4, X4, { readerTarget: undefined }),
      { kind: 'blocked', reasonContains: 'no scalable target is registered' },
    ],
  ])('%s', (_name, now, observation, expected) => {
    expectAction(planNextAction([BLACK_FRIDAY], PROD, at(now), observation), expected);
  });
});

describe('Serverless v2 writer: the capacity range, no failover', () => {
  const loadTest = campaigns({
    id: 'load-test',
    environments: ['dev'],
    start: '2027-03-10T08:00Z',
    end: '2027-03-10T12:00Z',
    writer: { minCapacity: 4, maxCapacity: 16 },
    readerFloor: 2,
  })[0]!;
  const minOnly = campaigns({
    id: 'min-only',
    environments: ['dev'],
    start: '2027-03-10T08:00Z',
    end: '2027-03-10T12:00Z',
    writer: { minCapacity: 12 },
    readerFloor: 1,
  })[0]!;

  test.each<[string, string, Observation, Expected, typeof loadTest?]>([
    [
      'raise the range at start − lead time',
      '2027-03-10T07:00Z',
      serverless(0.5, 8),
      { kind: 'set-serverless-range', minCapacity: 4, maxCapacity: 16, direction: 'up', campaignId: 'load-test' },
    ],
    [
      'a minimum above the baseline maximum lifts the maximum too',
      '2027-03-10T07:00Z',
      serverless(0.5, 8),
      { kind: 'set-serverless-range', minCapacity: 12, maxCapacity: 12 },
      minOnly,
    ],
    [
      'wait while the cluster applies it',
      '2027-03-10T07:05Z',
      serverless(0.5, 8, { clusterStatus: 'modifying' }),
      { kind: 'wait', waitingFor: 'cluster-busy' },
    ],
    ['then the reader floor', '2027-03-10T07:05Z', serverless(4, 16), { kind: 'set-reader-floor', minCapacity: 2 }],
    [
      'ready',
      '2027-03-10T07:10Z',
      serverless(4, 16, {
        floor: 2,
        instances: [
          ...serverless(4, 16).instances,
          instance('application-autoscaling-1', 'db.serverless', { promotionTier: 15, createdByAutoScaling: true }),
        ],
      }),
      { kind: 'none', reasonContains: 'ready for load-test' },
    ],
    [
      'after the cool-down: the floor first',
      '2027-03-10T12:30Z',
      serverless(4, 16, { floor: 2 }),
      { kind: 'set-reader-floor', minCapacity: 1, direction: 'down' },
    ],
    [
      'then the range, below the CPU guard',
      '2027-03-10T12:35Z',
      serverless(4, 16),
      { kind: 'set-serverless-range', minCapacity: 0.5, maxCapacity: 8, direction: 'down', campaignId: 'load-test' },
    ],
    [
      'held above the CPU guard',
      '2027-03-10T12:35Z',
      serverless(4, 16, { writerCpuPercent: 75 }),
      { kind: 'wait', waitingFor: 'cpu-guard' },
    ],
    ['a range raised by hand during the campaign is kept', '2027-03-10T09:00Z', serverless(8, 32, { floor: 2 }), { kind: 'none' }],
  ])('%s', (_name, now, observation, expected, campaign = loadTest) => {
    expectAction(planNextAction([campaign], DEV, at(now), observation), expected);
  });
});

test('campaigns for other environments are ignored', () => {
  const stagingOnly = campaigns({
    id: 'staging-only',
    environments: ['staging'],
    start: '2027-11-26T00:00Z',
    end: '2027-11-27T00:00Z',
    writer: { instanceClass: X4 },
    readerFloor: 4,
  })[0]!;
  expect(planNextAction([stagingOnly], PROD, at('2027-11-26T10:00Z'), provisioned(X, X)).kind).toBe('none');
});
