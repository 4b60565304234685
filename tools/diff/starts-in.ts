import { validateCampaignInputs, windowsBetween } from '../../lambda/pre-scaler/core';
import type { CampaignEntry } from './calendar-diff';

const DAY = 86_400_000;
/** How far ahead the next occurrence of a weekly campaign is looked for. */
const HORIZON_DAYS = 400;

/**
 * When a campaign (as written in the head calendar) next starts, in the words a reviewer wants:
 * `starts in 12 days (2027-03-10)`, `starts today`, `in force now`, `ended`. `undefined` when the entry
 * does not validate (the tests and the synth report that, with the fix).
 */
export function startsIn(entry: CampaignEntry, now: Date): string | undefined {
  const { campaigns } = validateCampaignInputs([entry]);
  const campaign = campaigns[0];
  if (!campaign) return undefined;
  const nowMs = now.getTime();
  const next = windowsBetween(campaign, nowMs, nowMs + HORIZON_DAYS * DAY)[0];
  if (!next) return campaign.schedule.kind === 'once' ? 'ended' : `no occurrence in the next ${HORIZON_DAYS} days`;
  if (next.startMs <= nowMs) return 'in force now';
  const days = Math.floor((next.startMs - nowMs) / DAY);
  const date = new Date(next.startMs).toISOString().slice(0, 10);
  return days === 0 ? `starts today (${date})` : `starts in ${days} day${days === 1 ? '' : 's'} (${date})`;
}
