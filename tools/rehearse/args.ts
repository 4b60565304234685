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
  /** Start an embedded PostgreSQL and rehearse against it (no endpoint, no credentials needed). */
  readonly local: boolean;
  /** A workload file with the shop's own statements. @default - the built-in shop workload */
  readonly workload?: string;
  /** `EXPLAIN` the top N statements of the query insights. @default 0 */
  readonly explainTop: number;
  /** A previous report (directory or measurements.json) to compare statement times with. @default - none */
  readonly baseline?: string;
  /** Mean-time growth, in percent, that counts as a regression. @default 50 */
  readonly regressionThresholdPercent: number;
  /** Fail the verdict when a statement regressed against the baseline. */
  readonly failOnRegression: boolean;
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
       npm run rehearse -- --local [options]

Drives a campaign-sized shop workload through the RDS Proxy endpoints and writes a report with a verdict.

  --env <name>              environment in config/environments (staging, …)   [required; --local: dev]
  --endpoint <host>         read/write endpoint: the stack output ProxyEndpoint   [required unless --local]
  --local                   start a throwaway embedded PostgreSQL (with pg_stat_statements) and rehearse it
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
  --workload <file.json>    the shop's own statements (weights, parameters, endpoint each); see
                            tools/rehearse/workloads/example.json and docs/rehearsal.md
  --explain <n>             EXPLAIN (GENERIC_PLAN) the top n statements of the query insights [default: 0]
  --baseline <report>       a previous report (directory or measurements.json): flag statements whose
                            mean time grew by more than --regression-threshold
  --regression-threshold <percent>                                                 [default: 50]
  --fail-on-regression      a regression fails the verdict
  --help

Engines: Aurora PostgreSQL only. An aurora-mysql environment is refused at start with an error: there
is no MySQL driver (mysql2 is not installed), no MySQL shop schema and no MySQL query insights.
Credentials come from PGUSER and PGPASSWORD (see docs/rehearsal.md for Secrets Manager).
Exit code: 0 held at the campaign's expected peak, 1 did not hold, 2 could not run, 3 held but not a
proof (below the campaign's expected peak, or no campaign), 4 unreliable (the tool itself was
saturated), 130 interrupted by Ctrl-C or a hang-up (report still written).`;

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

/** The flags, by name; an unknown flag or a missing value is a {@link UsageError}. */
function readFlags(argv: readonly string[]) {
  try {
    return parseArgs({
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
        local: { type: 'boolean', default: false },
        workload: { type: 'string' },
        explain: { type: 'string' },
        baseline: { type: 'string' },
        'regression-threshold': { type: 'string' },
        'fail-on-regression': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Fix: see --help.`);
  }
}

/** Parses the arguments after `npm run rehearse --`. */
export function parseRehearsalArgs(argv: readonly string[]): RehearsalArgs {
  const values = readFlags(argv);
  const help = values.help ?? false;
  const local = values.local ?? false;
  if (!help && !local && !values.env)
    throw new UsageError('--env is required. Fix: name the environment to rehearse, e.g. --env staging (or try --local first).');
  if (!help && !local && !values.endpoint)
    throw new UsageError('--endpoint is required. Fix: pass the read/write proxy endpoint (stack output ProxyEndpoint), or use --local.');
  if (local && (values.endpoint || values['read-endpoint']))
    throw new UsageError('--local starts its own server, so --endpoint and --read-endpoint do not apply. Fix: drop one or the other.');
  if (values['fail-on-regression'] && !values.baseline)
    throw new UsageError('--fail-on-regression needs --baseline. Fix: pass --baseline <previous report directory>.');
  const tls = local ? 'off' : (values.tls ?? 'verify');
  if (tls !== 'verify' && tls !== 'require' && tls !== 'off') {
    throw new UsageError(`--tls "${tls}" is not one of verify, require, off. Fix: keep the default (verify) for RDS Proxy.`);
  }
  const peakMultiple = positiveNumber('peak-multiple', values['peak-multiple']);
  if (peakMultiple !== undefined && peakMultiple < 1)
    throw new UsageError(`--peak-multiple ${peakMultiple} is below 1. Fix: the peak is at least baseline; give 1 or more.`);
  return {
    env: values.env ?? (local ? 'dev' : ''),
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
    local,
    ...(values.workload ? { workload: values.workload } : {}),
    explainTop: values.explain === undefined ? 0 : (positiveNumber('explain', values.explain, true) ?? 0),
    ...(values.baseline ? { baseline: values.baseline } : {}),
    regressionThresholdPercent: positiveNumber('regression-threshold', values['regression-threshold']) ?? 50,
    failOnRegression: values['fail-on-regression'] ?? false,
    help,
  };
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}
