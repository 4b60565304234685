import { parseArgs } from 'node:util';
import { environmentNames } from '../../config/load-config';

/** The command line shared by preflight and verify. */
export interface ChecklistArgs {
  readonly env: string;
  readonly json: boolean;
  readonly help: boolean;
  /** Flags particular to one command, by name. */
  readonly flags: Readonly<Record<string, boolean>>;
}

/** A command-line mistake; the message names the flag and the fix. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parses `--env <name> [--json] [--<flag>]…`; `extraFlags` are the command's own boolean flags. */
export function parseChecklistArgs(argv: readonly string[], extraFlags: readonly string[] = []): ChecklistArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        env: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        ...Object.fromEntries(extraFlags.map((f) => [f, { type: 'boolean' as const, default: false }])),
      },
      strict: true,
    }));
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}. Fix: see --help.`);
  }
  const flags = Object.fromEntries(extraFlags.map((f) => [f, (values as Record<string, unknown>)[f] === true]));
  if (values.help) return { env: '', json: false, help: true, flags };
  if (typeof values.env !== 'string' || values.env === '')
    throw new UsageError(`--env is required. Fix: add --env ${environmentNames().join('|')}.`);
  return { env: values.env, json: values.json === true, help: false, flags };
}
