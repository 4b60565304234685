import {
  computeDesiredState,
  decideSurge,
  planFromDesiredState,
  pressureRequestFor,
  type Observation,
  type PlannerSettings,
  type PressureMinute,
  type ReactiveSettings,
  type SurgeRecord,
} from '../../../../lambda/pre-scaler/core';
import { BLACK_FRIDAY, DEV, instance, PROD, provisioned, serverless } from './fixtures';

const MINUTE = 60_000;
/** A quiet Tuesday afternoon: no campaign of the fixtures is in force. */
const NOW = Date.parse('2027-03-02T14:10Z');

const REACTIVE: ReactiveSettings = {
  enabled: true,
  sustainedMinutes: 3,
  writerCpuPercent: 80,
  writerConnectionsPercent: 80,
  proxyBorrowLatencyMicros: 50_000,
  ceiling: { kind: 'provisioned', instanceClass: 'db.r6g.4xlarge' },
  readerFloorStep: 1,
  cooldownMinutes: 30,
  quietMinutes: 60,
  writerMaxConnections: { 'db.r6g.xlarge': 3000, 'db.r6g.2xlarge': 5000, 'db.r6g.4xlarge': 5000 },
};
const SETTINGS: PlannerSettings = { ...PROD, reactive: REACTIVE };
const SERVERLESS_SETTINGS: PlannerSettings = {
  ...DEV,
  reactive: { ...REACTIVE, ceiling: { kind: 'serverless-v2', maxCapacity: 32 }, writerMaxConnections: { 'db.serverless': 1000 } },
};

/** `count` minutes ending two minutes before `nowMs` (CloudWatch's delay), each with the given figures. */
function minutes(count: number, figures: Omit<PressureMinute, 'atMs'>, nowMs = NOW): PressureMinute[] {
  const newest = Math.floor(nowMs / MINUTE) * MINUTE - 2 * MINUTE;
  return Array.from({ length: count }, (_, i) => ({ atMs: newest - (count - 1 - i) * MINUTE, ...figures }));
}
const HOT = { writerCpuPercent: 97, writerConnections: 1000 };
const CALM = { writerCpuPercent: 30, writerConnections: 1000 };

const RECORD: SurgeRecord = {
  level: 1,
  writer: { kind: 'provisioned', instanceClass: 'db.r6g.2xlarge' },
  readerFloor: 2,
  sinceMs: NOW - 40 * MINUTE,
  lastStepMs: NOW - 40 * MINUTE,
};

function decide(observation: Observation, settings: PlannerSettings = SETTINGS, nowMs = NOW, calendar = [BLACK_FRIDAY]) {
  return decideSurge(computeDesiredState(calendar, settings, nowMs), settings, observation);
}

describe('the emergency step', () => {
  test('three pressured minutes with no campaign in force: the next class up, the floor + 1, recorded in the surge tag', () => {
    const s = decide(provisioned('db.r6g.xlarge', 'db.r6g.xlarge', { floor: 2, pressure: { minutes: minutes(3, HOT) } }));
    expect(s.emergencyStep).toBe(true);
    expect(s.tagChange?.set).toEqual({
      level: 1,
      writer: { kind: 'provisioned', instanceClass: 'db.r6g.2xlarge' },
      readerFloor: 3,
      sinceMs: NOW,
      lastStepMs: NOW,
    });
    expect(s.desired.writer).toMatchObject({ kind: 'provisioned', instanceClass: 'db.r6g.2xlarge' });
    expect(s.desired.readerFloor.count).toBe(3);
    expect(s.notes.join(' ')).toContain('writer CPU 97% (threshold 80%)');
  });

  test('the first capacity step of the same run is the standby resize, with the surge as its purpose', () => {
    const observation = provisioned('db.r6g.xlarge', 'db.r6g.xlarge', {
      floor: 2,
      more: [instance('application-autoscaling-1', 'db.r6g.xlarge', { promotionTier: 15, createdByAutoScaling: true })],
      pressure: { minutes: minutes(3, HOT) },
    });
    const s = decide(observation);
    const action = planFromDesiredState(s.desired, SETTINGS, observation);
    expect(action).toMatchObject({ kind: 'modify-instance', instanceId: 'b', toClass: 'db.r6g.2xlarge', direction: 'up' });
    expect(action.reason).toContain('for the reactive surge (level 1');
    expect(action.reason).toContain('under pressure: writer CPU 97% (threshold 80%)');
  });

  test('two pressured minutes are not enough; a missing minute breaks the run', () => {
    expect(decide(provisioned('db.r6g.xlarge', 'db.r6g.xlarge', { pressure: { minutes: minutes(2, HOT) } })).emergencyStep).toBe(false);
    const gap = minutes(4, HOT).filter((_, i) => i !== 1);
    expect(decide(provisioned('db.r6g.xlarge', 'db.r6g.xlarge', { pressure: { minutes: gap } })).emergencyStep).toBe(false);
  });

  test.each<[string, Omit<PressureMinute, 'atMs'>]>([
    ['connections at 80 % of max_connections', { writerCpuPercent: 20, writerConnections: 2400 }],
    ['proxy borrow latency at its threshold', { writerCpuPercent: 20, proxyBorrowLatencyMicros: 50_000 }],
  ])('%s is pressure too', (_, figures) => {
    expect(decide(provisioned('db.r6g.xlarge', 'db.r6g.xlarge', { pressure: { minutes: minutes(3, figures) } })).emergencyStep).toBe(true);
  });

  test("no emergency step while a campaign is in force: the surge is the campaign's business", () => {
    const during = Date.parse('2027-11-26T10:00Z');
    const s = decide(
      provisioned('db.r6g.4xlarge', 'db.r6g.4xlarge', { floor: 4, pressure: { minutes: minutes(5, HOT, during) } }),
      SETTINGS,
      during,
    );
    expect(s.emergencyStep).toBe(false);
    expect(s.tagChange).toBeUndefined();
    expect(
      pressureRequestFor(computeDesiredState([BLACK_FRIDAY], SETTINGS, during), SETTINGS, provisioned('db.r6g.4xlarge', 'db.r6g.4xlarge')),
    ).toBeUndefined();
  });

  test('no emergency step while a step is in flight (observed is not the desired state)', () => {
    const s = decide(provisioned('db.r6g.xlarge', 'db.r6g.2xlarge', { floor: 3, surge: RECORD, pressure: { minutes: minutes(3, HOT) } }));
    expect(s.emergencyStep).toBe(false);
    expect(s.notes.join(' ')).toContain('a step is in flight');
  });

  test('the next step waits for the cooldown after the last one, then goes one class up again', () => {
    const settled = (lastStepMs: number) =>
      provisioned('db.r6g.2xlarge', 'db.r6g.2xlarge', {
        floor: 2,
        surge: { ...RECORD, lastStepMs },
        pressure: { minutes: minutes(3, HOT) },
      });
    const early = decide(settled(NOW - 20 * MINUTE));
    expect(early.emergencyStep).toBe(false);
    expect(early.notes.join(' ')).toContain('30-minute cooldown');
    const later = decide(settled(NOW - 30 * MINUTE));
    expect(later.tagChange?.set).toMatchObject({
      level: 2,
      writer: { instanceClass: 'db.r6g.4xlarge' },
      readerFloor: 3,
      sinceMs: RECORD.sinceMs,
    });
  });

  test('at the ceiling there is nothing left to grow: SurgeAtCeiling, no step', () => {
    const s = decide(
      provisioned('db.r6g.4xlarge', 'db.r6g.4xlarge', {
        floor: 3,
        surge: { ...RECORD, level: 2, writer: { kind: 'provisioned', instanceClass: 'db.r6g.4xlarge' }, readerFloor: 3 },
        pressure: { minutes: minutes(3, HOT) },
      }),
    );
    expect(s).toMatchObject({ emergencyStep: false, atCeiling: true, surgeLevel: 2 });
    expect(s.notes.join(' ')).toContain('Fix:');
  });

  test('Serverless v2: the maximum doubles toward the ceiling and the minimum rises to the current capacity', () => {
    const s = decide(
      serverless(0.5, 8, { pressure: { minutes: minutes(3, HOT), writerServerlessCapacity: 7.7 } }),
      SERVERLESS_SETTINGS,
      NOW,
      [],
    );
    expect(s.tagChange?.set).toMatchObject({ writer: { kind: 'serverless-v2', minCapacity: 8, maxCapacity: 16 }, readerFloor: 2 });
    const capped = decide(
      serverless(8, 24, { pressure: { minutes: minutes(3, HOT), writerServerlessCapacity: 24 } }),
      SERVERLESS_SETTINGS,
      NOW,
      [],
    );
    expect(capped.tagChange?.set?.writer).toEqual({ kind: 'serverless-v2', minCapacity: 24, maxCapacity: 32 });
  });

  test('reactive off: no step, and a surge record left from before is cleared', () => {
    const off = { ...SETTINGS, reactive: { ...REACTIVE, enabled: false } };
    const s = decide(provisioned('db.r6g.2xlarge', 'db.r6g.2xlarge', { surge: RECORD, pressure: { minutes: minutes(3, HOT) } }), off);
    expect(s.emergencyStep).toBe(false);
    expect(s.tagChange).toMatchObject({ clearSurge: true });
    expect(s.desired.writer).toMatchObject({ instanceClass: 'db.r6g.xlarge' });
  });
});

describe('backing down', () => {
  const surged = (pressureMinutes: PressureMinute[], lastStepMs = NOW - 70 * MINUTE) =>
    provisioned('db.r6g.2xlarge', 'db.r6g.2xlarge', { floor: 2, surge: { ...RECORD, lastStepMs }, pressure: { minutes: pressureMinutes } });

  test('after quietMinutes without pressure the surge tag is cleared; the desired state is the calendar again', () => {
    const s = decide(surged(minutes(62, CALM)));
    expect(s.tagChange).toMatchObject({ clearSurge: true });
    expect(s.desired.writer).toMatchObject({ instanceClass: 'db.r6g.xlarge' });
  });

  test('one pressured minute in the quiet period keeps the surge', () => {
    const m = minutes(62, CALM);
    m[30] = { ...(m[30] as PressureMinute), writerCpuPercent: 90 };
    expect(decide(surged(m)).tagChange).toBeUndefined();
  });

  test('readings that do not reach back the quiet period keep the surge', () => {
    expect(decide(surged(minutes(20, CALM))).tagChange).toBeUndefined();
  });

  test('no scale-down step while pressure persists, even with no surge record', () => {
    const observation = provisioned('db.r6g.2xlarge', 'db.r6g.2xlarge', {
      floor: 2,
      writerCpuPercent: 10,
      pressure: { minutes: [...minutes(3, CALM).slice(0, 2), { ...(minutes(1, HOT)[0] as PressureMinute) }] },
    });
    const desired = computeDesiredState([BLACK_FRIDAY], SETTINGS, Date.parse('2027-03-03T02:00Z'));
    const action = planFromDesiredState(desired, SETTINGS, observation);
    expect(action).toMatchObject({ kind: 'wait', waitingFor: 'pressure' });
  });
});

describe('the override', () => {
  const override = (extra: object = {}) => ({
    writer: { kind: 'provisioned' as const, instanceClass: 'db.r6g.2xlarge' },
    readerFloor: 4,
    setAtMs: NOW - 10 * MINUTE,
    untilMs: NOW + 60 * MINUTE,
    by: 'arn:aws:sts::111111111111:assumed-role/operators/alice',
    reason: 'outage drill',
    ...extra,
  });

  test('a live override raises each dimension to the larger of the calendar and the override', () => {
    const s = decide(provisioned('db.r6g.xlarge', 'db.r6g.xlarge', { override: override() }));
    expect(s.overrideInForce).toBe(true);
    expect(s.desired.writer).toMatchObject({ instanceClass: 'db.r6g.2xlarge' });
    expect(s.desired.readerFloor.count).toBe(4);
    expect(s.desired.raisedBy?.[0]).toContain("the operator's override (by arn:aws:sts::111111111111:assumed-role/operators/alice");
  });

  test('an override above the ceiling is clamped to it, not refused', () => {
    const s = decide(
      provisioned('db.r6g.xlarge', 'db.r6g.xlarge', {
        override: override({ writer: { kind: 'provisioned', instanceClass: 'db.r6g.16xlarge' } }),
      }),
    );
    expect(s.desired.writer).toMatchObject({ instanceClass: 'db.r6g.4xlarge' });
    expect(s.notes.join(' ')).toContain('above the ceiling db.r6g.4xlarge: clamped to the ceiling');
  });

  test('an override of another family, or unknown class, has its writer part ignored (the floor still applies)', () => {
    const s = decide(
      provisioned('db.r6g.xlarge', 'db.r6g.xlarge', {
        override: override({ writer: { kind: 'provisioned', instanceClass: 'db.r7g.2xlarge' } }),
      }),
    );
    expect(s.desired.writer).toMatchObject({ instanceClass: 'db.r6g.xlarge' });
    expect(s.desired.readerFloor.count).toBe(4);
    expect(s.notes.join(' ')).toContain("not of the baseline's family");
  });

  test('an expired override is ignored and its tags removed', () => {
    const s = decide(provisioned('db.r6g.xlarge', 'db.r6g.xlarge', { override: override({ untilMs: NOW - MINUTE }) }));
    expect(s.overrideInForce).toBe(false);
    expect(s.desired.writer).toMatchObject({ instanceClass: 'db.r6g.xlarge' });
    expect(s.tagChange).toMatchObject({ clearOverride: true });
  });

  test('no failover inside a live campaign: an override asking for a bigger writer waits, its floor applies', () => {
    const during = Date.parse('2027-11-26T10:00Z');
    const o = override({
      writer: { kind: 'provisioned', instanceClass: 'db.r6g.8xlarge' },
      readerFloor: 5,
      setAtMs: during - MINUTE,
      untilMs: during + 60 * MINUTE,
    });
    const wide = { ...SETTINGS, reactive: { ...REACTIVE, ceiling: { kind: 'provisioned' as const, instanceClass: 'db.r6g.8xlarge' } } };
    const s = decide(provisioned('db.r6g.4xlarge', 'db.r6g.4xlarge', { floor: 4, override: o }), wide, during);
    expect(s.desired.writer).toMatchObject({ instanceClass: 'db.r6g.4xlarge' });
    expect(s.desired.readerFloor.count).toBe(5);
    expect(s.notes.join(' ')).toContain('a planned failover never happens inside a campaign');
  });
});
