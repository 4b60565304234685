import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run review -- --env <name> --campaign <id> [--at <ISO time>] [--out <dir>] [--snapshot]
       npm run review -- --env <name> --campaign <id> --from-snapshot <file> [--out <dir>]

Reviews a past campaign window (read-only AWS credentials for the environment's account and region):
was capacity ready in time, how close the peak came to the expectation and the limits, what it cost,
and the calendar entry to use next time. Writes <out>/<env>-<campaign>-<date>.md and .html.
  --env            the environment (config/environments)
  --campaign       the calendar entry's id
  --at             an instant inside the occurrence to review (weekly campaigns); default the latest one that ended
  --out            where to write the report (default review-reports)
  --snapshot       also save the window's data as .json, to rebuild the review after CloudWatch drops the
                   1-minute data (15 days): run it within a week of the campaign
  --from-snapshot  rebuild the review from a saved .json; no AWS call
  --now            review as of this instant instead of the wall clock (for rebuilding old reviews)`;

/** Raised on bad arguments; the message names the flag and the fix. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ReviewArgs {
  readonly env: string;
  readonly campaign: string;
  readonly atMs?: number;
  readonly outDir: string;
  readonly snapshot: boolean;
  readonly fromSnapshot?: string;
  readonly nowMs?: number;
  readonly help: boolean;
}

export function parseReviewArgs(argv: readonly string[]): ReviewArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        env: { type: 'string' },
        campaign: { type: 'string' },
        at: { type: 'string' },
        out: { type: 'string' },
        snapshot: { type: 'boolean', default: false },
        'from-snapshot': { type: 'string' },
        now: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Fix: see the usage below.`);
  }
  if (values.help) return { env: '', campaign: '', outDir: '', snapshot: false, help: true };
  const env = values.env;
  const campaign = values.campaign;
  if (typeof env !== 'string' || env === '') throw new UsageError('--env is required. Fix: --env prod (or another environment).');
  if (typeof campaign !== 'string' || campaign === '')
    throw new UsageError('--campaign is required. Fix: --campaign <id of the calendar entry>.');
  const instant = (flag: string, value: unknown): number | undefined => {
    if (typeof value !== 'string') return undefined;
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new UsageError(`--${flag} "${value}" is not a date. Fix: ISO-8601 such as 2026-11-27T20:00Z.`);
    return ms;
  };
  const atMs = instant('at', values.at);
  const nowMs = instant('now', values.now);
  const fromSnapshot = typeof values['from-snapshot'] === 'string' ? values['from-snapshot'] : undefined;
  if (fromSnapshot && values.snapshot)
    throw new UsageError('--snapshot and --from-snapshot together would rewrite the snapshot with itself. Fix: use one of them.');
  return {
    env,
    campaign,
    ...(atMs !== undefined ? { atMs } : {}),
    outDir: typeof values.out === 'string' ? values.out : 'review-reports',
    snapshot: values.snapshot === true,
    ...(fromSnapshot ? { fromSnapshot } : {}),
    ...(nowMs !== undefined ? { nowMs } : {}),
    help: false,
  };
}
