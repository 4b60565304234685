import { WORST_CASE_DURATIONS } from '../../../tools/simulator';
import { campaigns, DEV, PROD } from '../../lambda/pre-scaler/core/fixtures';
import { failovers, failoversInsideCampaigns, invariantViolations, iso, preScalerOps, readyAt, simulate } from './harness';

const ms = (s: string) => Date.parse(s);
const X = 'db.r6g.xlarge';
const X2 = 'db.r6g.2xlarge';
const X4 = 'db.r6g.4xlarge';

// 2027-11-26 00:00–24:00 UTC (01:00 Paris to 01:00 Paris); in force 2027-11-25 22:00 to 2027-11-27 02:00 UTC (03:00 Paris, inside the 01:00–06:00 window).
const blackFriday = campaigns({
  id: 'black-friday',
  environments: ['prod'],
  start: '2027-11-26T00:00Z',
  end: '2027-11-27T00:00Z',
  writer: { instanceClass: X4 },
  readerFloor: 4,
});

describe('one campaign, provisioned writer', () => {
  test('capacity is at target before the start, with exactly one failover each way, and back at the baseline after the cool-down', async () => {
    const s = await simulate({ settings: PROD, calendar: blackFriday, from: '2027-11-25T12:00Z', until: '2027-11-28T12:00Z' });
    expect(invariantViolations(s, blackFriday, PROD)).toEqual([]);
    const ready = readyAt(s, 'black-friday') as number;
    expect(iso(ready) < '2027-11-26T00:00').toBe(true);
    expect(ready).toBeGreaterThanOrEqual(ms('2027-11-25T22:00Z'));
    expect(failovers(s, PROD).map((f) => [f.direction, f.campaignId])).toEqual([
      ['up', 'black-friday'],
      ['down', 'black-friday'],
    ]);
    // The scale-down starts only after end + cool-down.
    const firstDown = s.result.steps.find((r) => 'direction' in r.action && r.action.direction === 'down');
    expect(firstDown?.atMs).toBeGreaterThanOrEqual(ms('2027-11-27T02:00Z'));
    const last = s.result.runs[s.result.runs.length - 1]!;
    expect(last.assessment?.converged).toBe(true);
    expect(s.model.writerClass()).toBe(X);
    expect(s.model.snapshot().readerTarget?.minCapacity).toBe(1);
  });

  test('the steps come in the designed order', async () => {
    const s = await simulate({ settings: PROD, calendar: blackFriday, from: '2027-11-25T21:00Z', until: '2027-11-25T23:30Z' });
    expect(preScalerOps(s.model).map((o) => `${o.verb} ${o.detail.replace(/ \(.*?\)/g, '')}`)).toEqual([
      'RegisterScalableTarget min 1 → 2, max 6', // a spare reader, so reads keep a reader while the standby is resized
      `ModifyDBInstance ${X} → ${X4}`,
      'FailoverDBCluster prod-writer → prod-standby',
      'RegisterScalableTarget min 2 → 4, max 6',
      `ModifyDBInstance ${X} → ${X4}`,
    ]);
    // The spare reader copies the old writer class; the campaign's readers, created after the failover, the new one.
    const created = s.model.operations.filter((o) => o.verb === 'CreateDBInstance');
    expect(created.map((o) => o.detail)).toEqual([X, X4, X4]);
  });
});

describe('one campaign, Serverless v2 writer', () => {
  const loadTest = campaigns({
    id: 'load-test',
    environments: ['dev'],
    start: '2027-03-10T08:00Z',
    end: '2027-03-10T12:00Z',
    writer: { minCapacity: 4, maxCapacity: 16 },
    readerFloor: 2,
  });

  test('the range is raised before the start, no failover, restored after the cool-down', async () => {
    const s = await simulate({ settings: DEV, calendar: loadTest, from: '2027-03-10T06:00Z', until: '2027-03-10T14:00Z', readerMax: 3 });
    expect(invariantViolations(s, loadTest, DEV)).toEqual([]);
    expect(iso(readyAt(s, 'load-test')) < '2027-03-10T08:00').toBe(true);
    expect(preScalerOps(s.model, 'FailoverDBCluster')).toEqual([]);
    expect(preScalerOps(s.model, 'ModifyDBCluster').map((o) => o.detail)).toEqual([
      'Serverless v2 0.5–8 → 4–16 ACU',
      'Serverless v2 4–16 → 0.5–8 ACU',
    ]);
    expect(preScalerOps(s.model, 'ModifyDBCluster')[1]!.startedMs).toBeGreaterThanOrEqual(ms('2027-03-10T12:30Z'));
    expect(s.result.runs[s.result.runs.length - 1]!.assessment?.converged).toBe(true);
  });
});

describe('overlapping and back-to-back campaigns', () => {
  test('back-to-back with the same target: one scale-up, one scale-down, nothing between', async () => {
    const cal = campaigns(
      {
        id: 'morning',
        environments: ['prod'],
        start: '2027-05-04T06:00Z',
        end: '2027-05-04T12:00Z',
        writer: { instanceClass: X4 },
        readerFloor: 3,
      },
      {
        id: 'afternoon',
        environments: ['prod'],
        start: '2027-05-04T12:00Z',
        end: '2027-05-04T18:00Z',
        writer: { instanceClass: X4 },
        readerFloor: 3,
      },
    );
    const s = await simulate({ settings: PROD, calendar: cal, from: '2027-05-04T00:00Z', until: '2027-05-06T00:00Z' });
    expect(invariantViolations(s, cal, PROD)).toEqual([]);
    expect(failovers(s, PROD).map((f) => [f.direction, f.campaignId])).toEqual([
      ['up', 'morning'],
      ['down', 'afternoon'],
    ]);
    // 5 up (spare reader, resize, failover, floor, resize), 5 down (floor to the spare, resize, failover, resize, floor)
    expect(preScalerOps(s.model)).toHaveLength(10);
  });

  test('a gap shorter than cool-down + lead time keeps the capacity', async () => {
    const cal = campaigns(
      {
        id: 'first',
        environments: ['prod'],
        start: '2027-05-04T06:00Z',
        end: '2027-05-04T10:00Z',
        writer: { instanceClass: X2 },
        readerFloor: 2,
      },
      {
        id: 'second',
        environments: ['prod'],
        start: '2027-05-04T13:00Z',
        end: '2027-05-04T16:00Z',
        writer: { instanceClass: X2 },
        readerFloor: 2,
      },
    );
    const s = await simulate({ settings: PROD, calendar: cal, from: '2027-05-04T00:00Z', until: '2027-05-04T17:00Z' });
    expect(invariantViolations(s, cal, PROD)).toEqual([]);
    expect(s.result.steps.filter((r) => 'direction' in r.action && r.action.direction === 'down')).toEqual([]);
    expect(preScalerOps(s.model)).toHaveLength(4);
  });

  test('a bigger campaign inside a smaller one: the chain scales up once, to the larger target, before the first start', async () => {
    const cal = campaigns(
      {
        id: 'week-sale',
        environments: ['prod'],
        start: '2027-05-04T06:00Z',
        end: '2027-05-05T06:00Z',
        writer: { instanceClass: X2 },
        readerFloor: 2,
      },
      {
        id: 'tv-spot',
        environments: ['prod'],
        start: '2027-05-04T18:00Z',
        end: '2027-05-04T21:00Z',
        writer: { instanceClass: X4 },
        readerFloor: 5,
      },
    );
    const s = await simulate({ settings: PROD, calendar: cal, from: '2027-05-04T00:00Z', until: '2027-05-06T06:00Z' });
    expect(invariantViolations(s, cal, PROD)).toEqual([]);
    // No planned failover inside week-sale: tv-spot's class is there from week-sale's lead time.
    expect(failovers(s, PROD).map((f) => [f.direction, f.campaignId])).toEqual([
      ['up', 'tv-spot'],
      ['down', 'week-sale'],
    ]);
    expect(failoversInsideCampaigns(s, cal, PROD)).toEqual([]);
    expect(iso(readyAt(s, 'week-sale')) < '2027-05-04T06:00').toBe(true);
    expect(iso(readyAt(s, 'tv-spot')) < '2027-05-04T18:00').toBe(true);
    // After tv-spot ends, week-sale still runs: capacity stays at db.r6g.4xlarge until week-sale is over.
    const downs = s.result.steps.filter((r) => 'direction' in r.action && r.action.direction === 'down');
    expect(Math.min(...downs.map((r) => r.atMs))).toBeGreaterThanOrEqual(ms('2027-05-05T08:00Z'));
  });
});

describe('a campaign added inside its lead time', () => {
  test('acts at the first run and capacity is late', async () => {
    const cal = campaigns({
      id: 'surprise',
      environments: ['prod'],
      start: '2027-05-04T10:40Z',
      end: '2027-05-04T14:00Z',
      writer: { instanceClass: X4 },
      readerFloor: 2,
    });
    const s = await simulate({
      settings: PROD,
      calendar: cal,
      from: '2027-05-04T10:00Z',
      until: '2027-05-04T12:00Z',
      durations: WORST_CASE_DURATIONS,
    });
    expect(s.result.steps[0]!.atMs).toBe(ms('2027-05-04T10:00Z'));
    expect(s.result.steps[0]!.action.reason).toContain('starts 2027-05-04T10:40Z, in 40 min');
    const ready = readyAt(s, 'surprise') as number;
    expect(ready).toBeGreaterThan(ms('2027-05-04T10:40Z')); // the plan command reports this as late (test/tools/plan)
  });
});

describe('faults: the loop converges, never two operations at once, never an extra failover', () => {
  const window = { from: '2027-11-25T20:00Z', until: '2027-11-28T06:00Z' } as const;
  const expectHealthy = (s: Awaited<ReturnType<typeof simulate>>) => {
    expect(invariantViolations(s, blackFriday, PROD)).toEqual([]);
    expect(failovers(s, PROD).map((f) => f.direction)).toEqual(['up', 'down']);
    expect(iso(readyAt(s, 'black-friday')) < '2027-11-26T00:00').toBe(true);
    expect(s.result.runs[s.result.runs.length - 1]!.assessment?.converged).toBe(true);
  };

  test('throttling', async () => {
    const s = await simulate({
      settings: PROD,
      calendar: blackFriday,
      ...window,
      calls: [{ fault: 'throttle', fromMs: ms('2027-11-25T22:00Z'), untilMs: ms('2027-11-25T22:40Z') }],
    });
    expect(s.faults.fired.length).toBeGreaterThan(5);
    expect(s.result.runs.filter((r) => r.outcome === 'observe-failed').length).toBeGreaterThan(0);
    expectHealthy(s);
  });

  test('a failover call that fails', async () => {
    const s = await simulate({
      settings: PROD,
      calendar: blackFriday,
      ...window,
      calls: [{ fault: 'fail', verb: 'FailoverDBCluster', times: 2 }],
    });
    expect(s.result.steps.filter((r) => r.outcome === 'failed' && r.action.kind === 'failover')).toHaveLength(2);
    expectHealthy(s);
  });

  test('an instance stuck in modifying', async () => {
    const s = await simulate({
      settings: PROD,
      calendar: blackFriday,
      ...window,
      stuck: [{ instanceId: 'prod-standby', extraMinutes: 45 }],
    });
    const waits = s.result.runs.filter((r) => r.action.kind === 'wait' && r.action.waitingFor === 'instance-busy');
    expect(waits.length).toBeGreaterThanOrEqual(9);
    expectHealthy(s);
  });

  test('runs cut off mid-step, and a failover whose reply is lost', async () => {
    // Cut the first run of the scale-up and of the scale-down, then the run that decides the failover.
    const firstRuns = new Set(['2027-11-25T22:00Z', '2027-11-27T02:00Z'].map(ms));
    const rehearsal = await simulate({ settings: PROD, calendar: blackFriday, ...window, cutOff: (t) => firstRuns.has(t) });
    const failoverAt = rehearsal.result.steps.find((r) => r.action.kind === 'failover')?.atMs as number;
    const cut = new Set([...firstRuns, failoverAt]);
    const s = await simulate({
      settings: PROD,
      calendar: blackFriday,
      ...window,
      cutOff: (t) => cut.has(t),
      calls: [{ fault: 'lost-reply', verb: 'FailoverDBCluster', times: 1 }],
    });
    expect(s.result.runs.filter((r) => r.outcome === 'cut-off')).toHaveLength(3);
    expect(s.result.steps.filter((r) => r.action.kind === 'failover').map((r) => r.outcome)).toEqual(['cut-off', 'failed', 'executed']);
    expectHealthy(s);
  });

  test('a human resizes the standby just before the lead time: the planner waits for it and fails over, no resize of its own', async () => {
    const s = await simulate({
      settings: PROD,
      calendar: blackFriday,
      ...window,
      manual: [['2027-11-25T21:58Z', (m) => m.modifyDBInstance({ DBInstanceIdentifier: 'prod-standby', DBInstanceClass: X4 }, 'human')]],
    });
    expectHealthy(s);
    const upResizes = preScalerOps(s.model, 'ModifyDBInstance').filter((o) => o.startedMs < ms('2027-11-26T00:00Z'));
    expect(upResizes.map((o) => o.target)).toEqual(['prod-writer']); // only the old writer, after the failover
  });

  test('a manual change outside any campaign is undone to match the calendar', async () => {
    const s = await simulate({
      settings: PROD,
      calendar: blackFriday,
      from: '2027-11-20T00:00Z',
      until: '2027-11-20T03:00Z',
      manual: [['2027-11-20T00:30Z', (m) => m.modifyDBInstance({ DBInstanceIdentifier: 'prod-standby', DBInstanceClass: X4 }, 'human')]],
    });
    expect(preScalerOps(s.model).map((o) => `${o.verb} ${o.target} ${o.detail}`)).toEqual([
      'RegisterScalableTarget cluster:prod-cluster min 1 → 2, max 6',
      `ModifyDBInstance prod-standby ${X4} → ${X}`,
      'RegisterScalableTarget cluster:prod-cluster min 2 → 1, max 6',
    ]);
    expect(s.result.runs[s.result.runs.length - 1]!.assessment?.converged).toBe(true);
  });

  test('a human shrinks the standby during the campaign: it is grown back, no extra failover', async () => {
    const s = await simulate({
      settings: PROD,
      calendar: blackFriday,
      ...window,
      manual: [['2027-11-26T03:00Z', (m) => m.modifyDBInstance({ DBInstanceIdentifier: 'prod-writer', DBInstanceClass: X }, 'human')]],
    });
    expectHealthy(s);
    const regrow = preScalerOps(s.model, 'ModifyDBInstance').find(
      (o) => o.startedMs > ms('2027-11-26T03:00Z') && o.startedMs < ms('2027-11-27T00:00Z'),
    );
    expect(regrow?.detail).toBe(`${X} → ${X4}`);
  });
});

describe('scale-down guards', () => {
  test('held while the writer CPU is above the guard', async () => {
    const busyUntil = ms('2027-11-27T04:30Z');
    const s = await simulate({
      settings: PROD,
      calendar: blackFriday,
      from: '2027-11-25T20:00Z',
      until: '2027-11-28T06:00Z',
      cpu: (t) => (t < busyUntil ? 65 : 15),
    });
    expect(invariantViolations(s, blackFriday, PROD)).toEqual([]);
    const writerDowns = s.result.steps.filter(
      (r) => r.action.kind !== 'set-reader-floor' && 'direction' in r.action && r.action.direction === 'down',
    );
    expect(Math.min(...writerDowns.map((r) => r.atMs))).toBe(busyUntil);
    expect(s.result.runs.some((r) => r.action.kind === 'wait' && r.action.waitingFor === 'cpu-guard')).toBe(true);
  });

  test('held until the low-traffic window', async () => {
    // Ends 08:00 UTC; in force until 10:00 UTC (11:00 Paris): the writer waits for 01:00 Paris = 00:00 UTC.
    const cal = campaigns({
      id: 'morning-sale',
      environments: ['prod'],
      start: '2027-11-25T04:00Z',
      end: '2027-11-25T08:00Z',
      writer: { instanceClass: X2 },
      readerFloor: 2,
    });
    const s = await simulate({ settings: PROD, calendar: cal, from: '2027-11-25T00:00Z', until: '2027-11-26T06:00Z' });
    expect(invariantViolations(s, cal, PROD)).toEqual([]);
    const downs = s.result.steps.filter((r) => 'direction' in r.action && r.action.direction === 'down');
    // The floor stays at 2 (the spare reader the resizes need) and goes down last.
    expect(downs[0]!.action.kind).toBe('modify-instance');
    expect(downs[0]!.atMs).toBe(ms('2027-11-26T00:00Z'));
    expect(downs[downs.length - 1]!.action.kind).toBe('set-reader-floor');
    expect(s.model.writerClass()).toBe(X);
  });
});
