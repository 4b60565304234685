import type { VerdictCheck } from '../../../tools/rehearse/verdict';
import {
  errorRatePercent,
  EXIT_CODES,
  exitCodeFor,
  judgeRehearsal,
  saturatedIntervals,
  throughputPercent,
  UNRELIABLE_SATURATED_SHARE,
} from '../../../tools/rehearse/verdict';
import { atExpectedPeak, interval, measurements, plan, saturatedTool } from './fixtures';

const t = plan.thresholds; // p99 ≤ 250 ms, errors ≤ 2 %, refused ≤ 0, throughput ≥ 95 %
const complete = { interrupted: false, peak: atExpectedPeak };

describe('judgeRehearsal with fixed measurements', () => {
  test("holds when every check passes at the campaign's expected peak: a proof", () => {
    const v = judgeRehearsal(measurements(), t, complete);
    expect(v.outcome).toBe('held');
    expect(v.headline).toBe(
      "HELD: the database served campaign black-friday's expected peak (60 connections / 333 tps) within every threshold.",
    );
    expect(v.checks.map((c) => [c.name, c.measured, c.limit, c.passed])).toEqual([
      ['p99 latency', '80 ms', '≤ 250 ms', true],
      ['error rate', '1% (10 of 1000)', '≤ 2%', true],
      ['refused connections', '0', '≤ 0', true],
      ['throughput', '99% of the 1000 transactions asked for', '≥ 95%', true],
    ]);
    expect(exitCodeFor(v.outcome)).toBe(0);
  });

  test.each([
    [
      'peak flags below the campaign',
      {
        rehearsed: { connections: 60, transactionsPerSecond: 400 },
        expected: { connections: 4000, transactionsPerSecond: 3000 },
        campaignId: 'bf',
      },
      'Held at 60 connections / 400 tps (the campaign expects 4000 connections / 3000 tps): not a proof for this campaign.',
    ],
    [
      'enough tps but too few connections',
      {
        rehearsed: { connections: 3999, transactionsPerSecond: 3000 },
        expected: { connections: 4000, transactionsPerSecond: 3000 },
        campaignId: 'bf',
      },
      'Held at 3999 connections / 3000 tps (the campaign expects 4000 connections / 3000 tps): not a proof for this campaign.',
    ],
    [
      'no campaign named',
      { rehearsed: { connections: 60, transactionsPerSecond: 150 } },
      'Held at 60 connections / 150 tps (no campaign named with --campaign): not a proof for any campaign.',
    ],
    [
      'a campaign without an expected peak',
      { rehearsed: { connections: 60, transactionsPerSecond: 150 }, campaignId: 'bf' },
      'Held at 60 connections / 150 tps (campaign bf states no expectedPeak): not a proof for this campaign.',
    ],
  ])('a run that passes every check with %s is never called a proof', (_, peak, headline) => {
    const v = judgeRehearsal(measurements(), t, { interrupted: false, peak });
    expect(v.outcome).toBe('held-not-a-proof');
    expect(v.headline).toBe(headline);
    expect(v.headline).not.toMatch(/^HELD/);
    expect(exitCodeFor(v.outcome)).toBe(EXIT_CODES['held-not-a-proof']);
  });

  test('a peak above the expected one is a proof', () => {
    const v = judgeRehearsal(measurements(), t, {
      interrupted: false,
      peak: { ...atExpectedPeak, rehearsed: { connections: 80, transactionsPerSecond: 500 } },
    });
    expect(v.outcome).toBe('held');
  });

  test.each([
    [
      'p99 latency',
      { latency: { count: 990, p50Ms: 4, p95Ms: 100, p99Ms: 251, maxMs: 400 } },
      'DID NOT HOLD at 60 connections / 333 tps: p99 latency 251 ms (limit ≤ 250 ms).',
    ],
    [
      'error rate',
      { completedTotal: 970, failedTotal: 30 },
      'DID NOT HOLD at 60 connections / 333 tps: error rate 3% (30 of 1000) (limit ≤ 2%).',
    ],
    [
      'refused connections',
      { connections: { ...measurements().connections, refused: 1 } },
      'DID NOT HOLD at 60 connections / 333 tps: refused connections 1 (limit ≤ 0).',
    ],
    [
      'throughput',
      { scheduled: 1100 },
      'DID NOT HOLD at 60 connections / 333 tps: throughput 90% of the 1100 transactions asked for (limit ≥ 95%).',
    ],
  ])('fails on %s alone', (name, overrides, headline) => {
    const v = judgeRehearsal(measurements(overrides), t, complete);
    expect(v.outcome).toBe('did-not-hold');
    expect(v.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual([name]);
    expect(v.headline).toBe(headline);
    expect(exitCodeFor(v.outcome)).toBe(1);
  });

  test('a run where nothing completed does not hold', () => {
    const v = judgeRehearsal(
      measurements({ completedTotal: 0, failedTotal: 0, scheduled: 0, latency: { count: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 } }),
      t,
      complete,
    );
    expect(v.outcome).toBe('did-not-hold');
    expect(v.checks.find((c) => c.name === 'p99 latency')?.measured).toBe('no transaction completed');
  });

  test('an interrupted run is incomplete whatever its figures', () => {
    const v = judgeRehearsal(measurements(), t, { ...complete, interrupted: true });
    expect(v.outcome).toBe('incomplete');
    expect(v.headline).toBe('INCOMPLETE: the rehearsal was stopped before the end. Run it again to the end for a verdict.');
    expect(exitCodeFor(v.outcome)).toBe(130);
  });

  test('a run where the tool was saturated is unreliable, even when the database looked slow', () => {
    const timeline = Array.from({ length: 20 }, (_, i) => interval(i, i === 5 || i === 6 ? { tool: saturatedTool } : {}));
    const slow = measurements({ timeline, latency: { count: 990, p50Ms: 4, p95Ms: 300, p99Ms: 900, maxMs: 1200 } });
    expect(saturatedIntervals(slow)).toBe(2);
    expect(2 / 20).toBeGreaterThan(UNRELIABLE_SATURATED_SHARE);
    const v = judgeRehearsal(slow, t, complete);
    expect(v.outcome).toBe('unreliable');
    expect(v.headline).toMatch(/^UNRELIABLE: the load generator itself was saturated in 2 of 20 intervals/);
    expect(exitCodeFor(v.outcome)).toBe(EXIT_CODES.unreliable);
  });

  test('one saturated interval in a long run is marked but does not make the verdict unreliable', () => {
    const timeline = Array.from({ length: 40 }, (_, i) => interval(i, i === 7 ? { tool: saturatedTool } : {}));
    const v = judgeRehearsal(measurements({ timeline }), t, complete);
    expect(saturatedIntervals(measurements({ timeline }))).toBe(1);
    expect(v.outcome).toBe('held');
  });

  test('an extra check (query regressions) can fail the verdict', () => {
    const regression: VerdictCheck = { name: 'query regressions', measured: '1 of 3', limit: 'none', passed: false, meaning: '' };
    const v = judgeRehearsal(measurements(), t, { ...complete, extraChecks: [regression] });
    expect(v.outcome).toBe('did-not-hold');
    expect(v.headline).toContain('query regressions 1 of 3');
  });

  test('rates', () => {
    expect(errorRatePercent(measurements())).toBeCloseTo(1, 9);
    expect(throughputPercent(measurements())).toBeCloseTo(99, 9);
  });
});
