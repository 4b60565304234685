/**
 * One workload statement as the PostgreSQL extended query protocol sends it — Parse (unnamed statement),
 * Bind (unnamed portal, text parameters), Describe portal, Execute, Sync — built into a single buffer and
 * handed to a `pg` Client as a "submittable" (the interface pg-cursor and pg-query-stream use). It sends
 * exactly the messages `client.query({ text, values })` sends, so the server (and RDS Proxy) sees the same
 * unnamed prepared statement, but skips what the workload does not need: a Query and Result object per
 * statement, type parsing of the rows, a second serialisation of the unchanging Parse/Describe/Execute/Sync
 * messages. Found by profiling bench:rehearse.
 * @see https://www.postgresql.org/docs/current/protocol-message-formats.html
 * @see https://node-postgres.com/apis/client#clientquery (a submittable: any object with a `submit` method)
 */

import { copyFailMessage } from './statement-reply';

/** The messages of a statement that do not change from one execution to the next. */
export interface PreparedText {
  /** Parse for the unnamed statement. */
  readonly parse: Buffer;
}

const TAIL = Buffer.from([
  // Describe portal "": 'D', length 6, 'P', "\0"
  0x44, 0, 0, 0, 6, 0x50, 0,
  // Execute portal "", no row limit: 'E', length 9, "\0", int32 0
  0x45, 0, 0, 0, 9, 0, 0, 0, 0, 0,
  // Sync: 'S', length 4
  0x53, 0, 0, 0, 4,
]);

const cache = new Map<string, PreparedText>();

/** The Parse message for `text` (unnamed statement, parameter types left to the server), cached. */
export function preparedText(text: string): PreparedText {
  let prepared = cache.get(text);
  if (!prepared) {
    const sql = Buffer.from(text, 'utf8');
    const parse = Buffer.alloc(1 + 4 + 1 + sql.length + 1 + 2);
    parse[0] = 0x50; // 'P'
    parse.writeInt32BE(parse.length - 1, 1);
    parse[5] = 0; // unnamed statement
    sql.copy(parse, 6);
    parse[6 + sql.length] = 0;
    parse.writeInt16BE(0, 7 + sql.length); // no parameter types: the server infers them
    prepared = { parse };
    cache.set(text, prepared);
  }
  return prepared;
}

/** Bind for the unnamed portal and statement, every parameter as text (NULL for null/undefined). */
export function bindMessage(values: readonly unknown[]): Buffer {
  return statementBuffer(undefined, values);
}

/** The full message sequence for one execution: Parse, Bind, Describe, Execute, Sync in one buffer. */
export function statementMessages(text: string, values: readonly unknown[]): Buffer {
  return statementBuffer(preparedText(text).parse, values);
}

/** Writes [Parse] + Bind [+ Describe, Execute, Sync] into one buffer, with one allocation. */
function statementBuffer(parse: Buffer | undefined, values: readonly unknown[]): Buffer {
  const texts = values.map((v) => (v === null || v === undefined ? null : String(v)));
  // Laid out as pg lays it out: one text format code per parameter, one text result format code.
  let bindSize = 1 + 4 + 1 + 1 + 2 + 2 * texts.length + 2 + 2 + 2;
  for (const t of texts) bindSize += 4 + (t === null ? 0 : Buffer.byteLength(t, 'utf8'));
  const head = parse ? parse.length : 0;
  const out = Buffer.allocUnsafe(head + bindSize + (parse ? TAIL.length : 0));
  let at = 0;
  if (parse) at += parse.copy(out, 0);
  out[at++] = 0x42; // 'B'
  out.writeInt32BE(bindSize - 1, at);
  at += 4;
  out[at++] = 0; // portal ""
  out[at++] = 0; // statement ""
  out.writeInt16BE(texts.length, at); // parameter format codes: text (0) for each
  at += 2;
  for (let i = 0; i < texts.length; i++, at += 2) out.writeInt16BE(0, at);
  out.writeInt16BE(texts.length, at);
  at += 2;
  for (const t of texts) {
    if (t === null) {
      out.writeInt32BE(-1, at);
      at += 4;
      continue;
    }
    const length = out.write(t, at + 4, 'utf8');
    out.writeInt32BE(length, at);
    at += 4 + length;
  }
  out.writeInt16BE(1, at); // one result format code: text (0)
  out.writeInt16BE(0, at + 2);
  at += 4;
  if (parse) TAIL.copy(out, at);
  return out;
}

interface Connection {
  readonly stream: { write(buffer: Buffer): boolean };
}

/**
 * A pg "submittable": pg's Client queues it like a query, calls `submit` when the connection is free and
 * routes the server's replies to the `handle…` methods. `done` is called once: with the affected row count
 * at ReadyForQuery, or with the error as soon as it arrives.
 */
export class ExtendedStatement {
  private rowCount = 0;
  private error: unknown;
  private finished = false;

  constructor(
    private readonly messages: Buffer,
    private readonly done: (error: unknown, rowCount: number) => void,
  ) {}

  submit(connection: Connection): void {
    connection.stream.write(this.messages);
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}

  handleCommandComplete(message: { text?: string }): void {
    // "INSERT 0 1", "UPDATE 3", "SELECT 1": the last word is the row count.
    const last = message.text?.split(' ').pop();
    const n = Number(last);
    this.rowCount = Number.isFinite(n) ? n : 0;
  }

  handleError(error: unknown): void {
    this.error ??= error;
    // Answer now, for a server error too: pg drops its active query at an ErrorResponse and never routes
    // the ReadyForQuery that follows to it (Client#_handleErrorMessage in pg 8), and a lost connection
    // sends none at all.
    this.finish();
  }

  handleReadyForQuery(): void {
    this.finish();
  }

  /** pg calls this when a copy starts; a workload statement never copies (see `copyFailMessage`). */
  handleCopyInResponse(connection: Connection): void {
    connection.stream.write(copyFailMessage());
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.done(this.error, this.rowCount);
  }
}
