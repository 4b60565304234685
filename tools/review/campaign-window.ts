import { type Campaign, type CampaignWindow, windowsBetween } from '../../lambda/pre-scaler/core';

const DAY = 86_400_000;

/** Raised when the campaign has no past occurrence to review; the message says what to do. */
export class ReviewWindowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewWindowError';
  }
}

/**
 * The occurrence to review: the one that contains `atMs` when given (a weekly campaign's one evening),
 * else the latest one that ended before `nowMs`. An occurrence still running, or in the future, is refused.
 */
export function pastWindow(campaign: Campaign, environment: string, nowMs: number, atMs?: number): CampaignWindow {
  if (atMs !== undefined) {
    const hit = windowsBetween(campaign, atMs - 8 * DAY, atMs + 8 * DAY).find((w) => w.startMs <= atMs && atMs < w.endMs);
    if (!hit)
      throw new ReviewWindowError(
        `[${environment}] campaign "${campaign.id}": no occurrence contains --at ${new Date(atMs).toISOString()}. Fix: pass an instant inside one of its windows, or leave --at out for the latest one.`,
      );
    if (hit.endMs > nowMs) throw notOver(campaign, environment, hit);
    return hit;
  }
  const past = windowsBetween(campaign, nowMs - 800 * DAY, nowMs).filter((w) => w.endMs <= nowMs);
  const latest = past.sort((a, b) => b.startMs - a.startMs)[0];
  if (!latest) {
    const next = windowsBetween(campaign, nowMs, nowMs + 800 * DAY)[0];
    if (next && next.startMs <= nowMs) throw notOver(campaign, environment, next);
    throw new ReviewWindowError(
      `[${environment}] campaign "${campaign.id}" has not taken place yet${next ? ` (first window ${new Date(next.startMs).toISOString()})` : ''}. Fix: review it after its end; before it, use npm run plan.`,
    );
  }
  return latest;
}

function notOver(campaign: Campaign, environment: string, w: CampaignWindow): ReviewWindowError {
  return new ReviewWindowError(
    `[${environment}] campaign "${campaign.id}" is not over: it ends ${new Date(w.endMs).toISOString()}. Fix: run the review after the end (and after the cool-down, to see the scale-back).`,
  );
}
