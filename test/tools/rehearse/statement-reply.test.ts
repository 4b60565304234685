import fc from 'fast-check';
import { DatabaseError } from 'pg-protocol';
import { StatementReply, tagRowCount } from '../../../tools/rehearse/driver/statement-reply';

/** A backend message: type byte, int32 length (itself included), body. */
function message(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}
const cstring = (text: string) => Buffer.from(`${text}\0`, 'utf8');
const commandComplete = (tag: string) => message('C', cstring(tag));
const readyForQuery = () => message('Z', Buffer.from('I'));
const dataRow = (value: string) => {
  const v = Buffer.from(value);
  const body = Buffer.alloc(2 + 4 + v.length);
  body.writeInt16BE(1, 0);
  body.writeInt32BE(v.length, 2);
  v.copy(body, 6);
  return message('D', body);
};
const fieldsMessage = (type: 'E' | 'N', fields: Record<string, string>) =>
  message(type, Buffer.concat([...Object.entries(fields).map(([k, v]) => cstring(`${k}${v}`)), Buffer.from([0])]));
const errorResponse = (fields: Record<string, string>) => fieldsMessage('E', fields);
const notice = () => fieldsMessage('N', { S: 'NOTICE', V: 'NOTICE', C: '00000', M: 'table "x" does not exist, skipping' });

/** The reply PostgreSQL sends to Parse/Bind/Describe/Execute/Sync for a query returning `rows` rows. */
function selectReply(rows: number): Buffer {
  return Buffer.concat([
    message('1'),
    message('2'),
    message('T', Buffer.from([0, 0])),
    ...Array.from({ length: rows }, (_, i) => dataRow(`row ${i}`)),
    commandComplete(`SELECT ${rows}`),
    readyForQuery(),
  ]);
}

interface Outcome {
  readonly rowCount: number;
  readonly error: DatabaseError | undefined;
  readonly rest: Buffer | undefined;
  readonly others: Buffer[];
  readonly copyIns: number;
}

/** Feeds `bytes` cut at `cuts`, as sockets deliver them, and collects what the reader reports. */
function readInChunks(bytes: Buffer, cuts: readonly number[]): Outcome {
  const others: Buffer[] = [];
  let copyIns = 0;
  const reply = new StatementReply({ other: (m) => others.push(Buffer.from(m)), copyIn: () => copyIns++ });
  reply.start();
  const bounds = [0, ...[...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length];
  let rest: Buffer | undefined;
  for (let i = 0; i + 1 < bounds.length; i++) {
    // Each chunk in a buffer the test then scribbles over: the reader must keep copies, not views.
    const chunk = Buffer.from(bytes.subarray(bounds[i], bounds[i + 1]));
    const result = reply.read(chunk);
    const restOfChunk = result ? Buffer.from(result) : undefined;
    chunk.fill(0xff);
    if (restOfChunk) {
      rest = Buffer.concat([restOfChunk, bytes.subarray(bounds[i + 1])]);
      break;
    }
  }
  return { rowCount: reply.rowCount, error: reply.error, rest, others, copyIns };
}

describe("a workload statement's reply, read off the socket", () => {
  test('gives the row count at ReadyForQuery, and the bytes after it back, however the socket cuts the bytes', () => {
    const following = Buffer.concat([notice(), selectReply(1)]);
    const bytes = Buffer.concat([selectReply(3), following]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 6 }), (cuts) => {
        const outcome = readInChunks(bytes, cuts);
        expect(outcome.rowCount).toBe(3);
        expect(outcome.error).toBeUndefined();
        expect(outcome.rest?.equals(following)).toBe(true);
      }),
    );
  });

  test('is not done before ReadyForQuery, even with CommandComplete read', () => {
    const reply = new StatementReply({ other: () => undefined, copyIn: () => undefined });
    reply.start();
    expect(reply.read(Buffer.concat([message('1'), message('2'), message('n'), commandComplete('INSERT 0 1')]))).toBeUndefined();
    expect(reply.rowCount).toBe(1);
    expect(reply.read(readyForQuery())?.length).toBe(0);
  });

  test("reports the server's error as node-postgres does (a DatabaseError with its SQLSTATE), and still waits for ReadyForQuery", () => {
    const bytes = Buffer.concat([
      message('1'),
      message('2'),
      errorResponse({
        S: 'ERROR',
        V: 'ERROR',
        C: '23505',
        M: 'duplicate key value violates unique constraint "carts_pkey"',
        D: 'Key (id)=(1) already exists.',
      }),
      readyForQuery(),
    ]);
    for (const cut of [0, 7, 12, 40, bytes.length - 3]) {
      const outcome = readInChunks(bytes, [cut]);
      expect(outcome.error).toBeInstanceOf(DatabaseError);
      expect(outcome.error).toMatchObject({ code: '23505', severity: 'ERROR', detail: 'Key (id)=(1) already exists.' });
      expect(outcome.error?.message).toBe('duplicate key value violates unique constraint "carts_pkey"');
      expect(outcome.rest?.length).toBe(0);
    }
  });

  test('hands notices, parameter statuses and notifications on whole (they are not part of the reply)', () => {
    const status = message('S', Buffer.concat([cstring('TimeZone'), cstring('UTC')]));
    const bytes = Buffer.concat([message('1'), notice(), message('2'), status, commandComplete('UPDATE 2'), readyForQuery()]);
    const outcome = readInChunks(bytes, [9, 30]);
    expect(outcome.rowCount).toBe(2);
    expect(outcome.others.map((m) => String.fromCharCode(m[0] ?? 0))).toEqual(['N', 'S']);
    expect(outcome.others[1]?.equals(status)).toBe(true);
  });

  test('asks for the COPY to be refused when the server starts one', () => {
    const copyIn = message('G', Buffer.from([0, 0, 0]));
    const outcome = readInChunks(Buffer.concat([message('1'), message('2'), copyIn]), []);
    expect(outcome.copyIns).toBe(1);
    expect(outcome.rest).toBeUndefined();
  });

  test('a message with an impossible length ends the reply with a protocol error (08P01: the connection is dropped)', () => {
    const bad = Buffer.from([0x31, 0, 0, 0, 2]);
    const outcome = readInChunks(Buffer.concat([bad, readyForQuery()]), []);
    expect(outcome.error).toMatchObject({ code: '08P01' });
    expect(outcome.error?.message).toMatch(/invalid length 2/);
    expect(outcome.rest?.length).toBe(0);
  });

  test('reads the row count at the end of each command tag', () => {
    const count = (tag: string) => {
      const b = cstring(tag);
      return tagRowCount(b, 0, b.length - 1);
    };
    expect(count('INSERT 0 1')).toBe(1);
    expect(count('UPDATE 1234')).toBe(1234);
    expect(count('SELECT 0')).toBe(0);
    expect(count('DELETE 7')).toBe(7);
    expect(count('BEGIN')).toBe(0);
    expect(count('CREATE TABLE')).toBe(0);
    expect(count('')).toBe(0);
    expect(count('X99')).toBe(0);
  });
});
