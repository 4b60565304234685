/** The shortest override: a few pre-scaler runs, so it is not gone before the first step. */
export const MIN_OVERRIDE_MINUTES = 15;
/** The longest override: a day. A longer need is a campaign, reviewed in a pull request. */
export const MAX_OVERRIDE_MINUTES = 24 * 60;

/**
 * `--for` in minutes: `90m`, `6h`, `1h30m` (whole hours and minutes, at least one part).
 * Undefined when the text is not of that form.
 */
export function parseOverrideDuration(text: string): number | undefined {
  const match = /^(?:(\d{1,3})h)?(?:(\d{1,4})m)?$/.exec(text.trim());
  if (!match || (match[1] === undefined && match[2] === undefined)) return undefined;
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}
