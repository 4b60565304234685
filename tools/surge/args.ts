import { parseArgs } from 'node:util';

/** `npm run surge` as typed, before any check against the environment. */
export interface SurgeArgs {
  readonly env: string;
  readonly help: boolean;
  /** `--clear`: remove the override. */
  readonly clear: boolean;
  /** `--dry-run`: validate, look the cluster up and print, but write no tag. */
  readonly dryRun: boolean;
  /** `--writer <class>` (provisioned writer). @default - the writer is left to the calendar */
  readonly writer?: string;
  /** `--min-acu <n>` (Serverless v2 writer). @default - the baseline minimum */
  readonly minAcu?: string;
  /** `--max-acu <n>` (Serverless v2 writer). @default - the baseline maximum, or the minimum when higher */
  readonly maxAcu?: string;
  /** `--readers <n>`: the reader floor. @default - the reader floor is left to the calendar */
  readonly readers?: string;
  /** `--for <duration>`: how long the override holds (`90m`, `6h`, `1h30m`). */
  readonly for?: string;
  /** `--reason "<text>"`: why, recorded on the cluster. */
  readonly reason?: string;
}

/** A command-line mistake the parser itself finds (unknown flag, missing value). */
export class SurgeUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SurgeUsageError';
  }
}

const STRING_FLAGS = ['env', 'writer', 'min-acu', 'max-acu', 'readers', 'for', 'reason'] as const;

/** Parses the flags; values are checked against the environment by `validateOverrideRequest`. */
export function parseSurgeArgs(argv: readonly string[]): SurgeArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries(STRING_FLAGS.map((f) => [f, { type: 'string' as const }])),
        clear: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new SurgeUsageError(`${err instanceof Error ? err.message : String(err)}. Fix: see --help.`);
  }
  const text = (flag: (typeof STRING_FLAGS)[number]) => (typeof values[flag] === 'string' ? (values[flag] as string) : undefined);
  const optional = <K extends string>(key: K, value: string | undefined) =>
    value === undefined ? {} : ({ [key]: value } as Record<K, string>);
  return {
    env: text('env') ?? '',
    help: values.help === true,
    clear: values.clear === true,
    dryRun: values['dry-run'] === true,
    ...optional('writer', text('writer')),
    ...optional('minAcu', text('min-acu')),
    ...optional('maxAcu', text('max-acu')),
    ...optional('readers', text('readers')),
    ...optional('for', text('for')),
    ...optional('reason', text('reason')),
  };
}
