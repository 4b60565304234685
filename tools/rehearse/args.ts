import { parseArgs } from 'node:util';
import type { TlsMode } from './driver/driver';

/** The command line of `npm run rehearse`, parsed. */
export interface RehearsalArgs {
  /** Environment name (`config/environments/<env>.ts`). */
  readonly env: string;
  /** Campaign id in `config/campaigns.ts`. @default - no campaign: the peak comes from flags or the config's default multiple */
  readonly campaign?: string;
  /** Read/write endpoint host: the stack output `ProxyEndpoint`. */
  readonly endpoint: string;
  /** Read-only endpoint host: the stack output `ProxyReadOnlyEndpoint`. @default - the read/write endpoint */
  readonly readEndpoint?: string;
  /** @default 5432 */
  readonly port: number;
  /** @default - the environment's `database.databaseName` */
  readonly database?: string;
  /** Run length in milliseconds. @default - `rehearsal.profile.defaultDurationMinutes` */
  readonly durationMs?: number;
  readonly peakMultiple?: number;
  readonly peakConnections?: number;
  readonly peakTransactionsPerSecond?: number;
  /** Keep the scratch schema after the run (to inspect it). */
  readonly keep: boolean;
  /** Allow a run against an environment marked `production: true`. */
  readonly allowProduction: boolean;
  /** @default 'verify' */
  readonly tls: TlsMode;
  readonly caFile?: string;
  /** @default 'reports' */
  readonly reportDir: string;
  /** Hide the live progress display. */
  readonly quiet: boolean;
  readonly help: boolean;
}

/** A command-line mistake; the message names the flag and the fix. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: npm run rehearse -- --env <env> --endpoint <host> [options]

Drives a campaign-sized shop workload through the RDS Proxy endpoints and writes a report with a verdict.

  --env <name>              environment in config/environments (staging, …)                [required]
  --endpoint <host>         read/write endpoint: the stack output ProxyEndpoint              [required]
  --read-endpoint <host>    read-only endpoint: the stack output ProxyReadOnlyEndpoint  [default: --endpoint]
  --campaign <id>           campaign in config/campaigns.ts; its expectedPeak sets the peak
  --duration <d>            run length: 20m, 90s, 1h30m          [default: rehearsal.profile.defaultDurationMinutes]
  --peak-multiple <x>       peak = x × baseline (overrides the campaign)
  --peak-connections <n>    client connections at the peak (overrides the campaign)
  --peak-tps <n>            transactions per second at the peak (overrides the campaign)
  --port <n>                [default: 5432]
  --database <name>         [default: the environment's database.databaseName]
  --tls <verify|require|off>  verify the certificate (RDS Proxy), encrypt only, or plain (local only) [default: verify]
  --ca-file <pem>           extra trusted CA certificates
  --keep                    keep the scratch schema afterwards
  --allow-production        allow a run against an environment marked production
  --report-dir <dir>        [default: reports]
  --quiet                   no live progress display
  --help

Credentials come from PGUSER and PGPASSWORD (see docs/rehearsal.md for Secrets Manager).
Exit code: 0 the database held, 1 it did not, 2 the rehearsal could not run, 130 interrupted (report still written).`;

const DURATION = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/;

/** Parses `20m`, `90s`, `1h30m`, `0.5h` into milliseconds. */
export function parseDuration(text: string): number {
  const m = DURATION.exec(text.trim());
  if (!m || !(m[1] || m[2] || m[3])) {
    throw new UsageError(`--duration "${text}" is not a duration. Fix: write it as 20m, 90s or 1h30m.`);
  }
  const ms = (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000;
  if (ms < 1000) throw new UsageError(`--duration "${text}" is under one second. Fix: give at least 1s.`);
  return ms;
}

function positiveNumber(flag: string, text: string | undefined, integer = false): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--${flag} "${text}" must be a positive ${integer ? 'whole number' : 'number'}.`);
  }
  return n;
}

/** Runs `parse`, reporting what node:util's parseArgs refuses as a usage error. */
function asUsageError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Fix: see --help.`);
  }
}

/** Parses the arguments after `npm run rehearse --`. */
export function parseRehearsalArgs(argv: readonly string[]): RehearsalArgs {
  const { values } = asUsageError(() =>
    parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        env: { type: 'string' },
        campaign: { type: 'string' },
        endpoint: { type: 'string' },
        'read-endpoint': { type: 'string' },
        port: { type: 'string' },
        database: { type: 'string' },
        duration: { type: 'string' },
        'peak-multiple': { type: 'string' },
        'peak-connections': { type: 'string' },
        'peak-tps': { type: 'string' },
        keep: { type: 'boolean', default: false },
        'allow-production': { type: 'boolean', default: false },
        tls: { type: 'string', default: 'verify' },
        'ca-file': { type: 'string' },
        'report-dir': { type: 'string', default: 'reports' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }),
  );
  const help = values.help ?? false;
  if (!help && !values.env) throw new UsageError('--env is required. Fix: name the environment to rehearse, e.g. --env staging.');
  if (!help && !values.endpoint)
    throw new UsageError('--endpoint is required. Fix: pass the read/write proxy endpoint (stack output ProxyEndpoint).');
  const tls = values.tls ?? 'verify';
  if (tls !== 'verify' && tls !== 'require' && tls !== 'off') {
    throw new UsageError(`--tls "${tls}" is not one of verify, require, off. Fix: keep the default (verify) for RDS Proxy.`);
  }
  const peakMultiple = positiveNumber('peak-multiple', values['peak-multiple']);
  if (peakMultiple !== undefined && peakMultiple < 1)
    throw new UsageError(`--peak-multiple ${peakMultiple} is below 1. Fix: the peak is at least baseline; give 1 or more.`);
  return {
    env: values.env ?? '',
    ...(values.campaign ? { campaign: values.campaign } : {}),
    endpoint: values.endpoint ?? '',
    ...(values['read-endpoint'] ? { readEndpoint: values['read-endpoint'] } : {}),
    port: positiveNumber('port', values.port, true) ?? 5432,
    ...(values.database ? { database: values.database } : {}),
    ...(values.duration ? { durationMs: parseDuration(values.duration) } : {}),
    ...(peakMultiple !== undefined ? { peakMultiple } : {}),
    ...optional('peakConnections', positiveNumber('peak-connections', values['peak-connections'], true)),
    ...optional('peakTransactionsPerSecond', positiveNumber('peak-tps', values['peak-tps'])),
    keep: values.keep ?? false,
    allowProduction: values['allow-production'] ?? false,
    tls,
    ...(values['ca-file'] ? { caFile: values['ca-file'] } : {}),
    reportDir: values['report-dir'] ?? 'reports',
    quiet: values.quiet ?? false,
    help,
  };
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}
