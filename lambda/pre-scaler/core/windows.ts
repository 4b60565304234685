import { DateTime } from 'luxon';
import type { Campaign, WeeklySchedule } from './campaign';

/** One occurrence of a campaign: [startMs, endMs) in epoch milliseconds. */
export interface CampaignWindow {
  readonly campaignId: string;
  readonly startMs: number;
  readonly endMs: number;
}

const DAY = 86_400_000;

/**
 * The occurrences of a campaign that intersect [fromMs, toMs). A one-off campaign has at most one;
 * a weekly one has one per matching local day (daylight-saving changes follow the time zone).
 */
export function windowsBetween(campaign: Campaign, fromMs: number, toMs: number): CampaignWindow[] {
  const s = campaign.schedule;
  if (s.kind === 'once') {
    return s.startMs < toMs && fromMs < s.endMs ? [{ campaignId: campaign.id, startMs: s.startMs, endMs: s.endMs }] : [];
  }
  return weeklyWindowsBetween(campaign.id, s, fromMs, toMs);
}

/**
 * Weekly occurrences are computed per UTC week block and memoised: the planner asks for the same few
 * weeks on every run (and the simulator thousands of times), and luxon's zone arithmetic is the
 * slowest thing in a decision.
 */
const WEEK = 7 * DAY;
const blockCache = new WeakMap<WeeklySchedule, Map<number, CampaignWindow[]>>();

function weeklyWindowsBetween(campaignId: string, s: WeeklySchedule, fromMs: number, toMs: number): CampaignWindow[] {
  let cache = blockCache.get(s);
  if (!cache) {
    cache = new Map();
    blockCache.set(s, cache);
  }
  const out: CampaignWindow[] = [];
  // A window starts at most one day before it intersects `fromMs`, so start one block earlier.
  for (let block = Math.floor((fromMs - DAY) / WEEK); block * WEEK < toMs; block++) {
    let windows = cache.get(block);
    if (!windows) {
      windows = windowsStartingIn(campaignId, s, block * WEEK, (block + 1) * WEEK);
      if (cache.size > 512) cache.clear();
      cache.set(block, windows);
    }
    for (const w of windows) if (w.startMs < toMs && fromMs < w.endMs) out.push(w);
  }
  return out;
}

/**
 * Weekly occurrences whose start instant lies in [fromMs, toMs). Start and end are wall-clock times
 * in the zone, each resolved on its own local day: Sat 22:00–04:00 ends at 04:00 local even on the
 * night the clocks go back (a window then lasts an hour longer) or forward (an hour shorter).
 */
function windowsStartingIn(campaignId: string, s: WeeklySchedule, fromMs: number, toMs: number): CampaignWindow[] {
  const out: CampaignWindow[] = [];
  let day = DateTime.fromMillis(fromMs - DAY, { zone: s.timeZone }).startOf('day');
  while (day.toMillis() < toMs + DAY) {
    const date = day.toISODate() as string;
    const inRange = (s.validFrom === undefined || date >= s.validFrom) && (s.validUntil === undefined || date <= s.validUntil);
    if (inRange && s.days.includes(day.weekday)) {
      const start = atLocalMinute(day, s.startMinute);
      if (start >= fromMs && start < toMs) {
        const end = atLocalMinute(s.endMinute > s.startMinute ? day : day.plus({ days: 1 }), s.endMinute);
        out.push({ campaignId, startMs: start, endMs: end });
      }
    }
    day = day.plus({ days: 1 });
  }
  return out;
}

function atLocalMinute(day: DateTime, minuteOfDay: number): number {
  return day.set({ hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 }).toMillis();
}
