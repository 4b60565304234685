import { errorRatePercent, exitCodeFor, judgeRehearsal, throughputPercent } from '../../tools/rehearse/verdict';
import { measurements, plan } from './fixtures';

const t = plan.thresholds; // p99 ≤ 250 ms, errors ≤ 2 %, refused ≤ 0, throughput ≥ 95 %

describe('judgeRehearsal', () => {
  test('holds when every check passes', () => {
    const v = judgeRehearsal(measurements(), t, { interrupted: false });
    expect(v.outcome).toBe('held');
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
      'p99 latency',
      { latency: { count: 990, p50Ms: 4, p95Ms: 100, p99Ms: 251, maxMs: 400 } },
      'DID NOT HOLD: p99 latency 251 ms (limit ≤ 250 ms).',
    ],
    ['error rate', { completedTotal: 970, failedTotal: 30 }, 'DID NOT HOLD: error rate 3% (30 of 1000) (limit ≤ 2%).'],
    [
      'refused connections',
      { connections: { ...measurements().connections, refused: 1 } },
      'DID NOT HOLD: refused connections 1 (limit ≤ 0).',
    ],
    ['throughput', { scheduled: 1100 }, 'DID NOT HOLD: throughput 90% of the 1100 transactions asked for (limit ≥ 95%).'],
  ])('fails on %s alone', (name, overrides, headline) => {
    const v = judgeRehearsal(measurements(overrides), t, { interrupted: false });
    expect(v.outcome).toBe('did-not-hold');
    expect(v.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual([name]);
    expect(v.headline).toBe(headline);
    expect(exitCodeFor(v.outcome)).toBe(1);
  });

  test('a run where nothing completed does not hold', () => {
    const v = judgeRehearsal(
      measurements({ completedTotal: 0, failedTotal: 0, scheduled: 0, latency: { count: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 } }),
      t,
      { interrupted: false },
    );
    expect(v.outcome).toBe('did-not-hold');
    expect(v.checks.find((c) => c.name === 'p99 latency')?.measured).toBe('no transaction completed');
  });

  test('an interrupted run is incomplete whatever its figures', () => {
    const v = judgeRehearsal(measurements(), t, { interrupted: true });
    expect(v.outcome).toBe('incomplete');
    expect(v.headline).toBe('INCOMPLETE: the rehearsal was stopped before the end. Run it again to the end for a verdict.');
    expect(exitCodeFor(v.outcome)).toBe(130);
  });

  test('rates', () => {
    expect(errorRatePercent(measurements())).toBeCloseTo(1, 9);
    expect(throughputPercent(measurements())).toBeCloseTo(99, 9);
  });
});
