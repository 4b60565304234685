import type { DatabaseError } from 'pg-protocol';
import { Parser } from 'pg-protocol/dist/parser';

/**
 * Reads the server's reply to one workload statement (Parse, Bind, Describe, Execute, Sync: see
 * extended-statement.ts) straight from the socket's bytes, keeping only what the rehearsal uses: the
 * affected row count from CommandComplete, the first ErrorResponse, and the end of the reply at
 * ReadyForQuery. It does not decode row descriptions or data rows (the workload never reads them), which is
 * most of what node-postgres's parser does per statement. Found by profiling bench:rehearse.
 *
 * Backend messages are a type byte and an int32 length that counts itself but not the type byte. The reply
 * to Parse/Bind/Describe/Execute/Sync is ParseComplete ('1'), BindComplete ('2'), RowDescription ('T') or
 * NoData ('n'), DataRow ('D') × n, CommandComplete ('C') — or ErrorResponse ('E') at any point, after which
 * the server skips to Sync — and then always ReadyForQuery ('Z'). NoticeResponse ('N'), ParameterStatus
 * ('S') and NotificationResponse ('A') may arrive at any time and are not part of the reply.
 * @see https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-EXT-QUERY
 * @see https://www.postgresql.org/docs/current/protocol-message-formats.html
 */

const HEADER = 5;
const READY_FOR_QUERY = 0x5a; // 'Z'
const COMMAND_COMPLETE = 0x43; // 'C'
const ERROR_RESPONSE = 0x45; // 'E'
const COPY_IN_RESPONSE = 0x47; // 'G'
/** Messages the server may send at any time: not part of a statement's reply. */
const ASYNCHRONOUS = new Set([0x4e /* N */, 0x53 /* S */, 0x41 /* A */]);
const SPACE = 0x20;
const ZERO = 0x30;
const NINE = 0x39;

const NOTHING_LEFT = Buffer.alloc(0);

/** What the reader hands back that is not its own to handle. */
export interface ReplyHandlers {
  /** A whole message that is not part of the reply (a notice, a parameter status, a notification). */
  readonly other: (message: Buffer) => void;
  /** The server asks for COPY data: the statement must be refused (see `copyFailMessage`). */
  readonly copyIn: () => void;
}

/**
 * A statement's reply, read from successive socket chunks. `read` returns undefined while the reply is
 * incomplete, and once ReadyForQuery is read, the bytes after it (they belong to whatever comes next).
 * One reader serves a connection's statements one after the other: `start` before each.
 */
export class StatementReply {
  /** Rows affected or returned, from the CommandComplete tag ("INSERT 0 1", "UPDATE 3", "SELECT 1"). */
  rowCount = 0;
  /** The server's first error (pg-protocol's DatabaseError: code, severity, message…), if any. */
  error: DatabaseError | undefined;
  private carry: Buffer | undefined;

  constructor(private readonly handlers: ReplyHandlers) {}

  /** Forgets the previous statement's reply. */
  start(): void {
    this.rowCount = 0;
    this.error = undefined;
    this.carry = undefined;
  }

  read(chunk: Buffer): Buffer | undefined {
    const buffer = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = undefined;
    const end = buffer.length;
    let at = 0;
    while (end - at >= HEADER) {
      const type = buffer[at] ?? 0;
      const length = buffer.readUInt32BE(at + 1);
      const next = at + 1 + length;
      if (length < 4) {
        this.error ??= protocolError(`a message of type 0x${type.toString(16)} has an invalid length ${length}`);
        return NOTHING_LEFT;
      }
      if (next > end) break;
      if (type === READY_FOR_QUERY) return next === end ? NOTHING_LEFT : buffer.subarray(next);
      if (type === COMMAND_COMPLETE) this.rowCount = tagRowCount(buffer, at + HEADER, next - 1);
      else if (type === ERROR_RESPONSE) this.error ??= parseError(buffer.subarray(at, next));
      else if (type === COPY_IN_RESPONSE) this.handlers.copyIn();
      else if (ASYNCHRONOUS.has(type)) this.handlers.other(buffer.subarray(at, next));
      at = next;
    }
    // A copy: the chunk's memory may be reused once this returns.
    if (at < end) this.carry = Buffer.from(buffer.subarray(at));
    return undefined;
  }
}

/** The number at the end of a command tag (bytes `from` to `to`, the terminating NUL excluded); 0 if none. */
export function tagRowCount(buffer: Buffer, from: number, to: number): number {
  let digitsFrom = to;
  while (digitsFrom > from && (buffer[digitsFrom - 1] ?? 0) >= ZERO && (buffer[digitsFrom - 1] ?? 0) <= NINE) digitsFrom--;
  if (digitsFrom === to || (digitsFrom > from && buffer[digitsFrom - 1] !== SPACE)) return 0;
  let n = 0;
  for (let i = digitsFrom; i < to; i++) n = n * 10 + ((buffer[i] ?? ZERO) - ZERO);
  return n;
}

/** An ErrorResponse as node-postgres reports it (pg-protocol's own parser: the same DatabaseError fields). */
function parseError(message: Buffer): DatabaseError {
  let error: DatabaseError | undefined;
  new Parser().parse(message, (parsed) => {
    error = parsed as DatabaseError;
  });
  return error ?? protocolError('an ErrorResponse could not be parsed');
}

function protocolError(text: string): DatabaseError {
  return Object.assign(new Error(`PostgreSQL protocol error: ${text}; the connection is closed`), {
    code: '08P01',
  }) as unknown as DatabaseError;
}

/**
 * CopyFail, which ends a COPY the server started (a workload statement never copies), then Sync: in
 * copy-in mode the server ignored the statement's own Sync, and after the CopyFail's error it discards
 * messages until the next Sync, then sends ReadyForQuery.
 * @see https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-COPY
 */
export function copyFailMessage(): Buffer {
  const reason = Buffer.from('COPY is not supported in a rehearsal workload\0', 'utf8');
  const fail = Buffer.alloc(5 + reason.length + 5);
  fail[0] = 0x66; // 'f': CopyFail
  fail.writeInt32BE(4 + reason.length, 1);
  reason.copy(fail, 5);
  fail[5 + reason.length] = 0x53; // 'S': Sync
  fail.writeInt32BE(4, 6 + reason.length);
  return fail;
}
