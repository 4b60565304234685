import { join } from 'node:path';
import { hasSeveralStatements, sessionStateConditions } from '../../../tools/rehearse/workload/session-state';
import {
  loadWorkloadFile,
  validateWorkloadFile,
  WorkloadFileError,
  workloadFileStatements,
} from '../../../tools/rehearse/workload/workload-file';

const statement = (overrides: Record<string, unknown> = {}) => ({
  name: 'category-page',
  endpoint: 'read-only',
  weight: 20,
  sql: 'SELECT id FROM {{schema}}.products WHERE category_id = $1 LIMIT 20',
  params: [{ int: { min: 1, max: 100 } }],
  ...overrides,
});

function problems(raw: unknown): string[] {
  try {
    validateWorkloadFile(raw, 'shop.json', 'staging');
  } catch (error) {
    if (error instanceof WorkloadFileError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('a workload file', () => {
  test('the shipped example is valid', async () => {
    const file = await loadWorkloadFile(join(__dirname, '..', '..', '..', 'tools', 'rehearse', 'workloads', 'example.json'), 'dev');
    expect(file.mode).toBe('extend');
    expect(file.statements.map((s) => s.name)).toEqual(['category-page', 'name-search', 'stock-check']);
  });

  test('becomes statements with the scratch schema in place and values from the generators', () => {
    const file = validateWorkloadFile(
      {
        statements: [
          statement(),
          statement({
            name: 'search',
            endpoint: 'read-write',
            sql: 'SELECT $1, $2, $3',
            params: [{ choice: ['a', 'b'] }, { text: { length: 4 } }, { product: {} }],
          }),
        ],
      },
      'shop.json',
      'staging',
    );
    expect(file.mode).toBe('replace');
    const [page, search] = workloadFileStatements(file, '"rehearsal_x_20260101000000"', 1000);
    expect(page?.text).toBe('SELECT id FROM "rehearsal_x_20260101000000".products WHERE category_id = $1 LIMIT 20');
    expect(page?.endpoint).toBe('reader');
    expect(search?.endpoint).toBe('writer');
    const random = () => 0.5;
    expect(page?.values(random)).toEqual([51]);
    expect(search?.values(random)).toEqual(['b', 'nnnn', expect.any(Number)]);
  });

  test.each([
    [{}, 'statements: Invalid input: expected array, received undefined. Fix: see the format in docs/rehearsal.md'],
    [{ statements: [] }, 'statements: must list at least one statement.'],
    [
      { mode: 'merge', statements: [statement()] },
      'mode: must be "replace" (only these statements) or "extend" (added to the shop workload).',
    ],
    [
      { statements: [statement({ endpoint: 'primary' })] },
      'statements[0].endpoint: must be "read-write" (ProxyEndpoint) or "read-only" (ProxyReadOnlyEndpoint).',
    ],
    [{ statements: [statement({ weight: 0 })] }, 'statements[0].weight: must be a positive number'],
    [{ statements: [statement({ params: [{ int: { min: 1 } }] })] }, 'statements[0].params[0]'],
    [
      { statements: [statement({ params: [{ int: { min: 9, max: 1 } }] })] },
      'statements[0] (category-page).params[0].int: min 9 is above max 1. Fix: swap them.',
    ],
    [
      { statements: [statement({ params: [] })] },
      'statements[0] (category-page).params: the SQL uses $1…$1 but params has 0 entries. Fix: give one generator per placeholder, in order.',
    ],
    [
      { statements: [statement({ sql: 'SELECT $2', params: [{ product: {} }, { product: {} }] })] },
      'statements[0] (category-page).sql: uses $2 but not $1. Fix: number the placeholders $1, $2, … without gaps.',
    ],
    [
      { statements: [statement({ sql: "SET search_path = 'shop'", params: [] })] },
      "statements[0] (category-page).sql: uses a SET/RESET command (session parameter), which keeps session state and pins the connection in RDS Proxy. Fix: remove it (set parameters in the proxy's initialization query or the parameter group instead).",
    ],
    [
      { statements: [statement({ sql: 'SELECT 1; SELECT $1' })] },
      'statements[0] (category-page).sql: holds more than one statement. Fix: one statement per entry (split it into several entries).',
    ],
    [
      { statements: [statement(), statement()] },
      'statements[1] (category-page).name: "category-page" is used twice. Fix: give each statement its own name.',
    ],
    [
      { mode: 'extend', statements: [statement({ name: 'productRead' })] },
      'statements[0] (productRead).name: "productRead" is a built-in shop statement in extend mode. Fix: rename it.',
    ],
  ])('%j is refused: %s', (raw, message) => {
    expect(problems(raw).join('\n')).toContain(message);
  });

  test('every problem is reported at once, with the environment and the file', () => {
    expect(() => validateWorkloadFile({ statements: [statement({ weight: -1, endpoint: 'x' })] }, 'shop.json', 'staging')).toThrow(
      /^\[staging\] --workload shop.json \(2 problems\):/,
    );
  });

  test('an unreadable or malformed file names the fix', async () => {
    await expect(loadWorkloadFile('/nonexistent/shop.json', 'dev')).rejects.toThrow('cannot read the file');
    await expect(loadWorkloadFile(__filename, 'dev')).rejects.toThrow('is not valid JSON');
  });
});

describe('session state (RDS Proxy pinning conditions)', () => {
  test.each([
    ['SET search_path = shop', 'a SET/RESET command (session parameter)'],
    ['set local statement_timeout = 5', 'a SET/RESET command (session parameter)'],
    ['PREPARE q AS SELECT 1', 'a named prepared statement (PREPARE/EXECUTE/DEALLOCATE)'],
    ['DISCARD ALL', 'DISCARD (discarding the session state)'],
    ['CREATE TEMP TABLE t (id int)', 'a temporary table, sequence or view'],
    ['DECLARE c CURSOR FOR SELECT 1', 'a cursor (DECLARE)'],
    ['LISTEN orders', 'listening on a notification channel (LISTEN)'],
    ["LOAD 'auto_explain'", 'loading a library module (LOAD)'],
    ["SELECT nextval('s')", 'sequence functions (nextval, setval, currval, lastval)'],
    ['SELECT pg_advisory_lock($1)', 'an advisory lock (pg_advisory_lock…)'],
    ["SELECT set_config('work_mem', '64MB', false)", 'setting a parameter with set_config()'],
    ['BEGIN', 'a transaction-control statement (each statement is its own transaction)'],
  ])('%p pins', (sql, condition) => {
    expect(sessionStateConditions(sql)).toContain(condition);
  });

  test.each([
    'SELECT id FROM products WHERE id = $1',
    "SELECT 'SET x' AS text_only -- SET in a comment",
    'WITH cart AS (INSERT INTO carts (web_session) VALUES ($1) RETURNING id) INSERT INTO cart_items SELECT id FROM cart',
    'UPDATE settings SET value = $1 WHERE id = $2',
  ])('%p does not pin', (sql) => {
    expect(sessionStateConditions(sql)).toEqual([]);
  });

  test('several statements in one text are found, a trailing semicolon is fine', () => {
    expect(hasSeveralStatements('SELECT 1; SELECT 2')).toBe(true);
    expect(hasSeveralStatements('SELECT 1;')).toBe(false);
    expect(hasSeveralStatements("SELECT ';x'")).toBe(false);
  });
});
