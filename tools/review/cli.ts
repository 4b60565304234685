/**
 * `npm run review -- --env prod --campaign <id> [--snapshot]`: the post-campaign review. See
 * docs/post-campaign-review.md. Exit codes: 0 written, 1 an AWS or unexpected error, 2 bad input.
 */
import { ConfigError, loadConfig } from '../../config/load-config';
import { parseReviewArgs, USAGE, UsageError } from './args';
import { ReviewWindowError } from './campaign-window';
import { SnapshotError } from './review-data';
import { runReview } from './run-review';

const BAD_INPUT = [UsageError, ConfigError, ReviewWindowError, SnapshotError];

async function main(argv: string[]): Promise<number> {
  const args = parseReviewArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const env = loadConfig(args.env);
  const { review, files } = await runReview(args, env);
  console.log(review.readiness.text);
  for (const gap of review.gaps) console.log(`missing: ${gap}`);
  for (const file of files) console.log(`wrote ${file}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (BAD_INPUT.some((E) => error instanceof E)) {
      console.error(`review: ${(error as Error).message}${error instanceof UsageError ? `\n\n${USAGE}` : ''}`);
      process.exit(2);
    }
    console.error(`review: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    process.exit(1);
  },
);
