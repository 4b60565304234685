import fc from 'fast-check';
import { fleetFor, loadAt, phaseWindows, totalTransactions, transactionsDueBy, type LoadProfile } from '../../../tools/rehearse/profile';

const profile: LoadProfile = {
  durationMs: 100_000,
  baseline: { connections: 20, transactionsPerSecond: 50 },
  peak: { connections: 60, transactionsPerSecond: 150 },
  phases: { warmUp: 0.1, rampUp: 0.2, hold: 0.5, rampDown: 0.2 },
};

describe('phaseWindows', () => {
  test('places the four phases back to back over the run', () => {
    expect(phaseWindows(profile)).toEqual([
      { name: 'warm-up', startMs: 0, endMs: 10_000 },
      { name: 'ramp-up', startMs: 10_000, endMs: 30_000 },
      { name: 'hold', startMs: 30_000, endMs: 80_000 },
      { name: 'ramp-down', startMs: 80_000, endMs: 100_000 },
    ]);
  });

  test('a phase with a zero share has zero length', () => {
    const w = phaseWindows({ ...profile, phases: { warmUp: 0, rampUp: 0.5, hold: 0.5, rampDown: 0 } });
    expect(w.map((x) => x.endMs - x.startMs)).toEqual([0, 50_000, 50_000, 0]);
  });
});

describe('loadAt', () => {
  test.each([
    [0, 'warm-up', 20, 50],
    [9_999, 'warm-up', 20, 50],
    [10_000, 'ramp-up', 20, 50],
    [20_000, 'ramp-up', 40, 100],
    [30_000, 'hold', 60, 150],
    [79_999, 'hold', 60, 150],
    [90_000, 'ramp-down', 40, 100],
    [100_000, 'ramp-down', 20, 50],
    [250_000, 'ramp-down', 20, 50],
    [-5, 'warm-up', 20, 50],
  ])('at %p ms: %s, %p connections, %p tps', (t, phase, connections, tps) => {
    const load = loadAt(profile, t);
    expect(load.phase).toBe(phase);
    expect(load.connections).toBeCloseTo(connections, 6);
    expect(load.transactionsPerSecond).toBeCloseTo(tps, 6);
  });

  test('skips zero-length phases: with no warm-up the run starts ramping', () => {
    expect(loadAt({ ...profile, phases: { warmUp: 0, rampUp: 0.5, hold: 0.5, rampDown: 0 } }, 0).phase).toBe('ramp-up');
  });
});

describe('transactionsDueBy', () => {
  test('is the area under the rate: 500 warm-up + 2000 ramp + 7500 hold + 2000 ramp-down', () => {
    expect(transactionsDueBy(profile, 10_000)).toBeCloseTo(500, 9);
    expect(transactionsDueBy(profile, 30_000)).toBeCloseTo(2500, 9);
    expect(transactionsDueBy(profile, 80_000)).toBeCloseTo(10_000, 9);
    expect(totalTransactions(profile)).toBeCloseTo(12_000, 9);
  });

  test('half-way up a ramp: baseline area plus the triangle so far', () => {
    // 500 + 50 tps × 10 s + (100 tps × 10 s × 10 s) / (2 × 20 s)
    expect(transactionsDueBy(profile, 20_000)).toBeCloseTo(500 + 500 + 250, 9);
  });

  test('is clamped to the run', () => {
    expect(transactionsDueBy(profile, -1)).toBe(0);
    expect(transactionsDueBy(profile, 1e9)).toBeCloseTo(totalTransactions(profile), 9);
  });

  test('matches a numerical integral of loadAt for any profile (property)', () => {
    const shares = fc.tuple(
      fc.integer({ min: 0, max: 10 }),
      fc.integer({ min: 0, max: 10 }),
      fc.integer({ min: 1, max: 10 }),
      fc.integer({ min: 0, max: 10 }),
    );
    fc.assert(
      fc.property(
        shares,
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1000, max: 120_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ([a, b, c, d], baseTps, multiple, durationMs, at) => {
          const total = a + b + c + d;
          const p: LoadProfile = {
            durationMs,
            baseline: { connections: 10, transactionsPerSecond: baseTps },
            peak: { connections: 10 * multiple, transactionsPerSecond: baseTps * multiple },
            phases: { warmUp: a / total, rampUp: b / total, hold: c / total, rampDown: d / total },
          };
          const t = at * durationMs;
          const steps = 4000;
          let numeric = 0;
          for (let i = 0; i < steps; i++) numeric += loadAt(p, ((i + 0.5) * t) / steps).transactionsPerSecond * (t / steps / 1000);
          const exact = transactionsDueBy(p, t);
          expect(Math.abs(exact - numeric)).toBeLessThanOrEqual(Math.max(1e-6, exact * 2e-3));
          // never decreasing
          expect(transactionsDueBy(p, t * 0.5)).toBeLessThanOrEqual(exact + 1e-9);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('fleetFor', () => {
  test.each([
    // connections, per instance, read share → instances, reader, writer
    [20, 10, 0.8, 2, 16, 4],
    [21, 10, 0.8, 3, 24, 6],
    [1, 10, 0.8, 1, 8, 2],
    [0, 10, 0.8, 1, 8, 2],
    [3, 1, 0.8, 3, 2, 1],
    [1, 1, 0.8, 1, 1, 1],
    [10, 10, 0.99, 1, 9, 1],
    [10, 10, 0.01, 1, 1, 9],
    [10, 10, 0, 1, 0, 10],
    [10, 10, 1, 1, 10, 0],
  ])('%p connections in instances of %p, %p reads → %p instances, %p reader + %p writer', (c, per, share, instances, reader, writer) => {
    expect(fleetFor(c, per, share)).toEqual({ appInstances: instances, reader, writer });
  });
});
