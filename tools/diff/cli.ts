/**
 * `npm run diff -- [--base <ref>] [--allow-destructive] [--out <file>]`: the synth-diff report for a
 * pull request, with the guard against replacing or deleting stateful resources. See docs/pr-review.md.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parseDiffArgs, USAGE, UsageError } from './args';
import { FINDING_FIX } from './render-findings';
import { runDiff } from './run-diff';
import { DiffToolError } from './run-process';
import { EXIT_TOOL_ERROR } from './verdict';

async function main(argv: readonly string[]): Promise<number> {
  const args = parseDiffArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const result = await runDiff({
    cwd: process.cwd(),
    ...(args.base !== undefined ? { base: args.base } : {}),
    allowDestructive: args.allowDestructive,
  });
  process.stdout.write(result.markdown);
  if (args.out) await fs.writeFile(path.resolve(args.out), result.markdown, 'utf8');
  if (args.commentOut) await fs.writeFile(path.resolve(args.commentOut), result.comment, 'utf8');
  const destructive = result.verdict.blocked.length > 0 && !result.verdict.overridden;
  if (destructive) {
    process.stderr.write(
      `\nBlocked: ${result.verdict.blocked.length} stateful resource(s) would be replaced or deleted (see the top of the report). Re-run with --allow-destructive if this is intended.\n`,
    );
  }
  if (result.verdict.findings.length > 0) {
    process.stderr.write(
      `\nBlocked: ${result.verdict.findings.length} new cdk-nag or Control Tower finding(s) (see the top of the report). ${FINDING_FIX}; --allow-destructive does not cover findings.\n`,
    );
  }
  if (result.verdict.overridden) {
    process.stderr.write(
      `\nDestructive change allowed on purpose (--allow-destructive): ${result.verdict.blocked.length} stateful resource(s).\n`,
    );
  }
  return result.verdict.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`diff: ${error.message}\n\n${USAGE}\n`);
    } else if (error instanceof DiffToolError) {
      process.stderr.write(`diff: ${error.message}\n`);
    } else {
      process.stderr.write(`diff: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exitCode = EXIT_TOOL_ERROR;
  },
);
