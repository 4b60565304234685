import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { LocalPostgres } from '../../../../tools/rehearse/local-postgres/start-local-postgres';
import { freeLoopbackPort } from '../../../../tools/rehearse/local-postgres/free-port';

/** What CI runs to get PgBouncer (Debian's package; 1.18 in bookworm). */
export const PGBOUNCER_INSTALL = 'apt-get update && apt-get install -y pgbouncer';

/** The pgbouncer binary, or undefined when it is not installed (Debian puts it in /usr/sbin). */
export function findPgBouncer(): string | undefined {
  try {
    const onPath = execFileSync('sh', ['-c', 'command -v pgbouncer'], { encoding: 'utf8' }).trim();
    if (onPath) return onPath;
  } catch {
    // not on PATH
  }
  return existsSync('/usr/sbin/pgbouncer') ? '/usr/sbin/pgbouncer' : undefined;
}

/** A running PgBouncer in front of a local PostgreSQL. */
export interface LocalPgBouncer {
  readonly host: string;
  readonly port: number;
  /** Server connections per user and database: the pool the clients are multiplexed onto. */
  readonly poolSize: number;
  stop(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts PgBouncer in transaction pooling mode on a free loopback port, in front of `server`, from a
 * temporary directory removed at `stop()` — the way `startLocalPostgres` starts the server. PgBouncer
 * refuses to run as root, so as root it drops to `nobody` (`-u`).
 * @see https://www.pgbouncer.org/config.html
 */
export async function startPgBouncer(binary: string, server: LocalPostgres, poolSize: number): Promise<LocalPgBouncer> {
  const dir = await mkdtemp(join(tmpdir(), 'aurora-surge-pgbouncer-'));
  await chmod(dir, 0o777);
  const port = await freeLoopbackPort();
  const ini = join(dir, 'pgbouncer.ini');
  const users = join(dir, 'userlist.txt');
  await writeFile(users, `"${server.user}" "${server.password}"\n`, { mode: 0o644 });
  await writeFile(
    ini,
    [
      '[databases]',
      `${server.database} = host=${server.host} port=${server.port} dbname=${server.database}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = plain',
      `auth_file = ${users}`,
      'pool_mode = transaction',
      `default_pool_size = ${poolSize}`,
      'min_pool_size = 0',
      'reserve_pool_size = 0',
      'max_client_conn = 500',
      `admin_users = ${server.user}`,
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      `pidfile = ${join(dir, 'pgbouncer.pid')}`,
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  const args = userInfo().uid === 0 ? ['-u', 'nobody', ini] : [ini];
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let ready = false;
  for (let attempt = 0; attempt < 200 && child.exitCode === null; attempt++) {
    if (await accepts(port)) {
      ready = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  if (!ready) {
    await stop();
    throw new Error(`pgbouncer did not start: ${stderr.trim()}`);
  }
  return { host: '127.0.0.1', port, poolSize, stop };
}
