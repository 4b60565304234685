import { parseArgs } from 'node:util';

/** The diff command's options, parsed. */
export interface DiffCliArgs {
  /** `--base <ref>`; `undefined` for the default (merge base with main). */
  readonly base?: string;
  readonly allowDestructive: boolean;
  /** `--out <file>`: also write the Markdown there. */
  readonly out?: string;
  /** `--comment-out <file>`: write the report as it fits in one pull-request comment there. */
  readonly commentOut?: string;
  readonly help: boolean;
}

export const USAGE = `Usage: npm run diff -- [--base <git ref>] [--allow-destructive] [--out <file>] [--comment-out <file>]

Synthesizes the base commit and the working tree offline, diffs every environment's template and the
campaign calendar, and prints a Markdown report.

  --base <ref>           commit, branch or tag to compare with (default: merge base of HEAD with main,
                         or with origin/main)
  --allow-destructive    accept a replacement or deletion of a stateful resource on purpose (exit 0;
                         the report still lists it). In CI: the PR label "allow-destructive-change".
  --out <file>           also write the report to <file>
  --comment-out <file>   write the report as it fits in one GitHub comment (65,536 characters) to <file>:
                         the full report when it fits, else with property details and plans folded away
  -h, --help             show this help

Exit codes: 0 nothing blocked (or overridden), 1 a stateful resource would be replaced or deleted,
2 usage or tool error.`;

/** A command-line mistake; the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Runs `parse`, reporting what node:util's parseArgs refuses as a usage error. */
function asUsageError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function parseDiffArgs(argv: readonly string[]): DiffCliArgs {
  const { values } = asUsageError(() =>
    parseArgs({
      args: [...argv],
      options: {
        base: { type: 'string' },
        'allow-destructive': { type: 'boolean', default: false },
        out: { type: 'string' },
        'comment-out': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }),
  );
  if (values.base !== undefined && values.base.trim() === '')
    throw new UsageError('--base needs a git ref, e.g. --base main or --base origin/main.');
  if (values.out !== undefined && values.out.trim() === '') throw new UsageError('--out needs a file name, e.g. --out synth-diff.md.');
  if (values['comment-out'] !== undefined && values['comment-out'].trim() === '')
    throw new UsageError('--comment-out needs a file name, e.g. --comment-out synth-diff-comment.md.');
  return {
    ...(values.base !== undefined ? { base: values.base } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
    ...(values['comment-out'] !== undefined ? { commentOut: values['comment-out'] } : {}),
    allowDestructive: values['allow-destructive'] ?? false,
    help: values.help ?? false,
  };
}
