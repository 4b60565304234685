import type { DesiredState } from './desired-state';
import { formatDuration, formatInstant } from './format';

/** Why a scale-up happens, with the time left before the campaign starts (or how late it is). */
export function upPurpose(desired: DesiredState, campaignId: string | undefined): string {
  const f = desired.chain.find((c) => c.campaignId === campaignId);
  if (!f) return desired.raisedBy && desired.raisedBy.length > 0 ? `for ${desired.raisedBy.join(' and ')}` : 'to match the calendar';
  const left = f.startMs - desired.atMs;
  const when =
    left >= 0
      ? `starts ${formatInstant(f.startMs)}, in ${formatDuration(left)}`
      : `started ${formatInstant(f.startMs)}, ${formatDuration(left)} ago: capacity is late`;
  return `for ${f.campaignId} (${when})`;
}

/** Why a scale-down happens: the campaign that ended last, if any. */
export function downPurpose(desired: DesiredState): string {
  return desired.lastEnded ? `back to the baseline after ${desired.lastEnded.campaignId}` : 'back to the baseline';
}
