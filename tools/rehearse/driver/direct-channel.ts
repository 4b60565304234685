import type { Client } from 'pg';
import { InPlaceSocket } from './in-place-socket';
import { copyFailMessage, StatementReply } from './statement-reply';

/**
 * The workload's hot path on an open `pg` connection: the statement's bytes are written to the socket and
 * its reply is read by `StatementReply`, without node-postgres's query queue, its message objects and
 * events, or its row decoding. `pg` still opens the connection (TLS, authentication, startup) and runs every
 * other query (`rows`, set-up, checks, insights) the usual way.
 *
 * It works by standing in front of pg's socket listener: the channel's listener reads a statement's reply
 * while one is in flight and passes every other byte to pg's parser unchanged (what arrives while no
 * statement is in flight, the notices and parameter statuses in between, what follows ReadyForQuery).
 * The server answers messages in the order they were sent, so a pg query sent while a channel statement is
 * in flight gets its reply after the statement's ReadyForQuery, as pg expects; the channel only sends when
 * pg has no query in flight (the session's to track, see `send`).
 * @see https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-PIPELINING
 */

type DataListener = (chunk: Buffer) => void;

interface PgSocket {
  write(buffer: Buffer): boolean;
  readonly writable: boolean;
  listeners(event: 'data'): DataListener[];
  on(event: 'data', listener: DataListener): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'data', listener: DataListener): unknown;
}

/** The part of pg's Client the channel reaches into: `connection.stream`, the socket (TLS or not). */
interface ClientInternals {
  readonly connection?: { readonly stream?: PgSocket };
}

export type StatementDone = (error: unknown, rowCount: number) => void;

export class DirectChannel {
  /** Reused for every statement: nothing is allocated per statement but the messages and the result. */
  private readonly reply: StatementReply;
  private done: StatementDone | undefined;
  private socketError: Error | undefined;
  private closed = false;

  /**
   * @param pgListener pg's parser: gets every byte that is not a channel statement's reply. The bytes it
   * is given must stay valid (a copy, when the socket reuses its read buffer).
   */
  private constructor(
    private readonly socket: PgSocket,
    private readonly pgListener: DataListener,
  ) {
    this.reply = new StatementReply({
      other: (message) => pgListener(Buffer.from(message)),
      copyIn: () => socket.write(copyFailMessage()),
    });
    socket.on('error', (error) => {
      this.socketError ??= error;
    });
    socket.on('close', () => {
      this.closed = true;
      this.finish(this.socketError ?? Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' }));
    });
  }

  /**
   * A channel on a connected pg Client, or undefined when its socket is not laid out as expected (exactly
   * one 'data' listener: pg-protocol's parser); the session then sends every statement through pg.
   */
  static attach(client: Client): DirectChannel | undefined {
    const socket = (client as unknown as ClientInternals).connection?.stream;
    if (socket instanceof InPlaceSocket) {
      // Its chunks live in a reused buffer: what goes on to pg ('data' events, as before) is copied.
      const toPg = socket.sink;
      const channel = new DirectChannel(socket, (chunk) => toPg(chunk));
      socket.sink = (chunk) => channel.onData(chunk);
      return channel;
    }
    const listeners = socket?.listeners('data');
    const pgListener = listeners?.[0];
    if (!socket || !pgListener || listeners.length !== 1) return undefined;
    const channel = new DirectChannel(socket, pgListener);
    // Ours goes on before pg's comes off, so the socket never has no 'data' listener (that would pause it).
    socket.on('data', (chunk) => channel.onData(chunk));
    socket.removeListener('data', pgListener);
    return channel;
  }

  /** True while a statement sent through the channel has not had its reply. */
  get busy(): boolean {
    return this.done !== undefined;
  }

  /**
   * Sends one statement's messages (see extended-statement.ts) and calls `done` once: with the row count at
   * ReadyForQuery, with the server's error after it, or with the socket's error when the connection is lost.
   * Only call it when neither the channel nor pg has a statement in flight.
   */
  send(messages: Buffer, done: StatementDone): void {
    if (this.busy) throw new Error('DirectChannel.send: a statement is already in flight on this connection');
    if (this.closed || !this.socket.writable) {
      done(this.socketError ?? Object.assign(new Error('Connection terminated: the socket is closed'), { code: 'EPIPE' }), 0);
      return;
    }
    this.reply.start();
    this.done = done;
    this.socket.write(messages);
  }

  /** The socket's reader hands each chunk here (see `attach`); nothing else calls it. */
  onData(chunk: Buffer): void {
    if (!this.done) {
      this.pgListener(chunk);
      return;
    }
    const rest = this.reply.read(chunk);
    if (rest === undefined) return;
    if (rest.length > 0) this.pgListener(rest);
    this.finish(undefined);
  }

  /** Answers the statement in flight: its server error if it had one, else `lost` (undefined: success). */
  private finish(lost: Error | undefined): void {
    const done = this.done;
    if (!done) return;
    this.done = undefined;
    const failure = this.reply.error ?? lost;
    done(failure, failure === undefined ? this.reply.rowCount : 0);
  }
}
