import { Socket } from 'node:net';

/**
 * A plain-TCP socket for pg that reads into one reused buffer (net's `onread` option) instead of allocating
 * a buffer and pushing it through a Readable stream for every read: the cheaper path Node offers for a
 * socket read in a hot loop. Profiling bench:rehearse put that per-read machinery among the tool's costs.
 *
 * Until a DirectChannel takes over (`sink`), each chunk is copied and emitted as a 'data' event, which is
 * what pg's parser listens to; the channel copies whatever it hands on to pg or keeps for later. Only for
 * `--tls off`: pg's TLS upgrade wraps the socket itself, so a TLS connection keeps Node's ordinary socket.
 * @see https://nodejs.org/docs/latest-v20.x/api/net.html#socketconnectoptions-connectlistener (`onread`)
 */

/**
 * One read buffer for every such socket: `onread`'s callback runs synchronously, once per read, and
 * nothing keeps a reference to the buffer after it returns (every byte kept is copied first).
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

export class InPlaceSocket extends Socket {
  /** Where each chunk goes; the chunk is only valid until the call returns. */
  sink: (chunk: Buffer) => void = (chunk) => {
    this.emit('data', Buffer.from(chunk));
  };

  constructor() {
    // `onread` is read by net.Socket's constructor (Node ≥ 12); @types/node lists it on connect options only.
    super({
      onread: {
        buffer: READ_BUFFER,
        callback: (bytes: number) => {
          this.sink(READ_BUFFER.subarray(0, bytes));
          return true;
        },
      },
    } as ConstructorParameters<typeof Socket>[0]);
  }
}
