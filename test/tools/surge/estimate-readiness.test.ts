import { estimateReadiness } from '../../../tools/surge/estimate-readiness';
import { provisionedSettings, serverlessSettings } from './surge-fixtures';

const NOW = Date.parse('2026-11-27T14:00:00Z');
const at = (minutes: number) => NOW + minutes * 60_000;
const base = { settings: provisionedSettings(), scheduleRateMinutes: 5, nowMs: NOW };
const xlarge = { kind: 'provisioned', instanceClass: 'db.r6g.xlarge' } as const;
const big = { kind: 'provisioned', instanceClass: 'db.r6g.4xlarge' } as const;

describe('when the override capacity is ready, at the latest (one run per step, upper AWS durations)', () => {
  test('provisioned, readers first: the raised floor gives the spare reader, then standby resize, failover, old writer resize', () => {
    const e = estimateReadiness({ ...base, observed: { writer: xlarge, readers: 1 }, writer: big, readerFloor: 4 });
    expect(e.nextRunByMs).toBe(at(5));
    expect(e.steps.map((s) => [s.what.split(' ').slice(0, 3).join(' '), (s.doneByMs - NOW) / 60_000])).toEqual([
      ['reader floor raised', 15],
      ['tier-0 standby resized', 35],
      ['failover to the', 41],
      ['old writer (now', 61],
    ]);
    expect(e.readersReadyByMs).toBe(at(15));
    expect(e.writerReadyByMs).toBe(at(41));
    expect(e.allDoneByMs).toBe(at(61));
  });

  test('provisioned with one reader and no floor asked: a spare reader comes up before the standby restarts', () => {
    const e = estimateReadiness({ ...base, observed: { writer: xlarge, readers: 1 }, writer: big });
    expect(e.steps[0]?.what).toMatch(/^a spare reader comes up/);
    expect(e.writerReadyByMs).toBe(at(41));
    expect(e.readersReadyByMs).toBeUndefined();
  });

  test('the writer already has the class: no writer step, the override only holds it', () => {
    const e = estimateReadiness({ ...base, observed: { writer: big, readers: 2 }, writer: big });
    expect(e.steps).toEqual([]);
    expect(e.writerReadyByMs).toBeUndefined();
  });

  test('Serverless v2: one run sets the range', () => {
    const e = estimateReadiness({
      ...base,
      settings: serverlessSettings(),
      observed: { writer: { kind: 'serverless-v2', minCapacity: 2, maxCapacity: 16 }, readers: 1 },
      writer: { kind: 'serverless-v2', minCapacity: 16, maxCapacity: 64 },
    });
    expect(e.writerReadyByMs).toBe(at(6));
    expect(e.steps.map((s) => s.what)).toEqual(['Serverless v2 range set to 16–64 ACU']);
  });
});
