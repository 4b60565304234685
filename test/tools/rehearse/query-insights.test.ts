import {
  comparableQuery,
  findRegressions,
  MIN_CALLS_TO_COMPARE,
  ownershipKey,
  statementsBetween,
  topStatements,
  type StatementInsight,
} from '../../../tools/rehearse/insights/query-insights';
import type { StatementStat } from '../../../tools/rehearse/insights/statement-stats';

const stat = (key: string, query: string, calls: number, totalMs: number, rows = calls): StatementStat => ({
  key,
  query,
  calls,
  totalMs,
  rows,
});

describe('query insights from two pg_stat_statements snapshots', () => {
  const before = [stat('1/10', 'SELECT a FROM t WHERE id = $1', 100, 50), stat('2/10', 'SELECT b FROM u', 5, 5)];
  const after = [
    stat('1/10', 'SELECT a FROM t WHERE id = $1', 600, 550),
    stat('2/10', 'SELECT b FROM u', 5, 5),
    stat('3/10', 'SELECT p.id FROM "rehearsal_bf_20261127100000".products p WHERE p.category_id = $1 LIMIT $2', 40, 800),
    stat('4/10', 'SELECT count(*) FROM pg_stat_statements', 2, 1),
  ];

  test('count only what ran between them', () => {
    expect(statementsBetween(before, after)).toEqual([
      stat('1/10', 'SELECT a FROM t WHERE id = $1', 500, 500),
      stat('3/10', 'SELECT p.id FROM "rehearsal_bf_20261127100000".products p WHERE p.category_id = $1 LIMIT $2', 40, 800),
      stat('4/10', 'SELECT count(*) FROM pg_stat_statements', 2, 1),
    ]);
  });

  test("rank by total time, give the mean, mark the rehearsal's own statements (constants normalised), leave out the tool's bookkeeping", () => {
    const own = ['SELECT p.id FROM "rehearsal_bf_20261127100000".products p WHERE p.category_id = $1 LIMIT 20'];
    expect(topStatements(statementsBetween(before, after), own)).toEqual([
      {
        query: 'SELECT p.id FROM rehearsal_<scratch>.products p WHERE p.category_id = $1 LIMIT $2',
        calls: 40,
        totalMs: 800,
        meanMs: 20,
        rows: 40,
        ownStatement: true,
      },
      { query: 'SELECT a FROM t WHERE id = $1', calls: 500, totalMs: 500, meanMs: 1, rows: 500, ownStatement: false },
    ]);
  });

  test('statement texts compare across runs whatever the scratch schema is called', () => {
    expect(comparableQuery('SELECT 1 FROM "rehearsal_x_20260101000000".t')).toBe(
      comparableQuery('SELECT 1 FROM rehearsal_x_20270202000000.t'),
    );
    expect(ownershipKey("SELECT a WHERE b LIKE $1 || '%' LIMIT 20")).toBe(ownershipKey('SELECT a WHERE b LIKE $1 || $2 LIMIT $3'));
  });

  describe('regressions against a baseline', () => {
    const s = (query: string, calls: number, meanMs: number): StatementInsight => ({
      query,
      calls,
      totalMs: calls * meanMs,
      meanMs,
      rows: calls,
      ownStatement: true,
    });
    test('a mean time grown by more than the threshold is a regression; noise and new statements are not', () => {
      const baseline = [s('A', 100, 1), s('B', 100, 1), s('C', MIN_CALLS_TO_COMPARE - 1, 1)];
      const current = [s('A', 100, 1.6), s('B', 100, 1.4), s('C', 100, 9), s('D', 100, 9)];
      expect(findRegressions(current, baseline, 50)).toEqual({
        regressions: [{ query: 'A', baselineMeanMs: 1, meanMs: 1.6, growthPercent: 60 }],
        compared: 2,
      });
      expect(findRegressions(current, baseline, 30).regressions.map((r) => r.query)).toEqual(['A', 'B']);
    });
  });
});
