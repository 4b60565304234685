import type { CampaignInput } from '../../lambda/pre-scaler/core';
import type { Review } from './analyze';

/**
 * The calendar entry for next time: the reviewed entry as written, with `expectedPeak` from the measured
 * peak (client connections at the proxy, commits per second; `multipleOfBaseline` kept as it was) and the
 * writer class and reader floor of the sizing advice. Dates stay those of the reviewed window: set the
 * next ones (and a new `id`) when pasting.
 */
export function nextCalendarEntry(entry: CampaignInput, review: Review): CampaignInput {
  const writer = review.sizing ? { instanceClass: review.sizing.writerClass } : entry.writer;
  const peak = {
    ...(entry.expectedPeak ?? {}),
    ...review.nextExpectedPeak,
  };
  const notes = `Sized by npm run review from ${review.campaignId} (${new Date(review.window.startMs).toISOString().slice(0, 10)}).`;
  return {
    ...entry,
    writer,
    readerFloor: review.sizing?.readerFloor ?? entry.readerFloor,
    ...(Object.keys(peak).length > 0 ? { expectedPeak: peak } : {}),
    notes: entry.notes ? `${entry.notes} ${notes}` : notes,
  };
}

/** The entry as TypeScript to paste into config/campaigns.ts. */
export function formatCalendarEntry(entry: CampaignInput): string {
  const body = JSON.stringify(entry, null, 2).replace(/^(\s*)"([A-Za-z_][A-Za-z0-9_]*)":/gm, '$1$2:');
  return `${body},`;
}
