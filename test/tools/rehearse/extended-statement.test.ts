// pg-protocol is node-postgres's own protocol package (installed with pg): the reference for the bytes.
import { serialize } from 'pg-protocol';
import { bindMessage, ExtendedStatement, preparedText, statementMessages } from '../../../tools/rehearse/driver/extended-statement';

describe('a workload statement on the wire', () => {
  const text = 'SELECT p.id FROM "rehearsal_x_20260101000000".products p WHERE p.id = $1 AND p.name LIKE $2';

  test('sends exactly the messages pg sends for a parameterised query: an unnamed statement and portal', () => {
    const values = [42, 'produit é', null];
    const expected = Buffer.concat([
      serialize.parse({ text, name: '', types: [] }),
      serialize.bind({ portal: '', statement: '', values: values.map((v) => (v === null ? null : String(v))) }),
      serialize.describe({ type: 'P', name: '' }),
      serialize.execute({ portal: '', rows: 0 }),
      serialize.sync(),
    ]);
    expect(statementMessages(text, values).equals(expected)).toBe(true);
    expect(preparedText(text)).toBe(preparedText(text));
    expect(bindMessage([]).equals(serialize.bind({ portal: '', statement: '', values: [] }))).toBe(true);
  });

  test('answers once: the row count at ReadyForQuery, a server error or a lost connection at once (pg routes no ReadyForQuery to a failed query)', () => {
    const calls: Array<[unknown, number]> = [];
    const done = (error: unknown, rows: number) => calls.push([error, rows]);
    const ok = new ExtendedStatement(Buffer.alloc(0), done);
    ok.handleCommandComplete({ text: 'INSERT 0 1' });
    ok.handleReadyForQuery();
    ok.handleReadyForQuery();
    const serverError = Object.assign(new Error('deadlock detected'), { severity: 'ERROR', code: '40P01' });
    const failed = new ExtendedStatement(Buffer.alloc(0), done);
    failed.handleError(serverError);
    expect(calls).toHaveLength(2);
    failed.handleReadyForQuery();
    const lost = new ExtendedStatement(Buffer.alloc(0), done);
    lost.handleError(new Error('Connection terminated unexpectedly'));
    expect(calls).toEqual([
      [undefined, 1],
      [serverError, 0],
      [expect.objectContaining({ message: 'Connection terminated unexpectedly' }), 0],
    ]);
  });
});
