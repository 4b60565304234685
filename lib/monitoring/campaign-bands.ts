import { windowsBetween, type Campaign, type WeeklySchedule } from '../../lambda/pre-scaler/core';

const DAY = 86_400_000;
const MINUTE = 60_000;
const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * A weekly campaign with more occurrences than this inside the drawn window is listed in the
 * dashboard's text widget instead of drawn: daily bands would bury the graphs.
 */
export const MAX_WEEKLY_OCCURRENCES_DRAWN = 30;

/** Days of past campaigns the dashboard still draws (the week after a campaign is when people look back). */
export const DEFAULT_PAST_DAYS = 7;
/** Days of upcoming campaigns the dashboard draws. */
export const DEFAULT_UPCOMING_DAYS = 90;

/** What a band shows: the campaign itself, or the lead time before it, when the pre-scaler scales up. */
export type BandKind = 'campaign' | 'scale-up';

/** One shaded vertical band, [start, end). */
export interface CampaignBand {
  readonly campaignId: string;
  readonly kind: BandKind;
  readonly startMs: number;
  readonly endMs: number;
}

/** A campaign that is listed in words rather than drawn, with the reason. */
export interface UndrawnCampaign {
  readonly campaignId: string;
  /** `every fri 18:00–22:00 Europe/Paris from 2027-01-08` */
  readonly schedule: string;
  readonly reason: string;
}

/** Which campaigns the dashboard draws, from when to when. */
export interface CampaignBandWindow {
  /**
   * The instant the dashboard is drawn for: the synth time, passed in explicitly (bin/app.ts reads the
   * clock; tests pin it). The dashboard is the one part of the template that depends on it.
   */
  readonly now: Date;
  /** `preScaler.leadTimeMinutes`: each campaign gets a scale-up band of this length before its start. */
  readonly leadTimeMinutes: number;
  /** @default DEFAULT_PAST_DAYS */
  readonly pastDays?: number;
  /** @default DEFAULT_UPCOMING_DAYS */
  readonly upcomingDays?: number;
}

export interface CampaignBandPlan {
  /** Sorted by start; a campaign's scale-up band comes right before its campaign band. */
  readonly bands: readonly CampaignBand[];
  readonly undrawn: readonly UndrawnCampaign[];
  /** The window drawn, [fromMs, toMs). */
  readonly fromMs: number;
  readonly toMs: number;
  /** Campaigns with an occurrence in the window, in calendar order. */
  readonly drawnCampaignIds: readonly string[];
}

/**
 * Which campaign windows the dashboard draws: only the occurrences that end after `now − pastDays`
 * and begin scaling up before `now + upcomingDays`, so the template does not grow with the calendar's
 * history. Each occurrence is two bands: the scale-up lead (`start − leadTime` to `start`) and the
 * campaign (`start` to `end`). A weekly campaign with more than {@link MAX_WEEKLY_OCCURRENCES_DRAWN}
 * occurrences in the window is listed in words instead.
 *
 * Because the window moves with `now`, a re-synth on another day can change the dashboard (never any
 * other resource): docs/monitoring.md says why that is accepted.
 */
export function campaignBands(campaigns: readonly Campaign[], window: CampaignBandWindow): CampaignBandPlan {
  const nowMs = window.now.getTime();
  const fromMs = nowMs - (window.pastDays ?? DEFAULT_PAST_DAYS) * DAY;
  const toMs = nowMs + (window.upcomingDays ?? DEFAULT_UPCOMING_DAYS) * DAY;
  const leadMs = window.leadTimeMinutes * MINUTE;
  const bands: CampaignBand[] = [];
  const undrawn: UndrawnCampaign[] = [];
  const drawn: string[] = [];
  for (const campaign of campaigns) {
    // An occurrence is drawn when its scale-up starts before the window ends and it ends after the window starts.
    const occurrences = windowsBetween(campaign, fromMs, toMs + leadMs).filter((w) => w.startMs - leadMs < toMs);
    if (occurrences.length === 0) continue;
    if (campaign.schedule.kind === 'weekly' && occurrences.length > MAX_WEEKLY_OCCURRENCES_DRAWN) {
      undrawn.push({
        campaignId: campaign.id,
        schedule: describeWeekly(campaign.schedule),
        reason: `${occurrences.length} occurrences in the window, more than the ${MAX_WEEKLY_OCCURRENCES_DRAWN} drawn`,
      });
      continue;
    }
    drawn.push(campaign.id);
    for (const w of occurrences) {
      if (leadMs > 0) bands.push({ campaignId: campaign.id, kind: 'scale-up', startMs: w.startMs - leadMs, endMs: w.startMs });
      bands.push({ campaignId: campaign.id, kind: 'campaign', startMs: w.startMs, endMs: w.endMs });
    }
  }
  bands.sort((a, b) => a.startMs - b.startMs || a.campaignId.localeCompare(b.campaignId));
  return { bands, undrawn, fromMs, toMs, drawnCampaignIds: drawn };
}

function hhmm(minuteOfDay: number): string {
  const m = minuteOfDay % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** A weekly schedule in words: `every fri 18:00–22:00 Europe/Paris from 2027-01-08`. */
export function describeWeekly(s: WeeklySchedule): string {
  const days = s.days.map((d) => WEEKDAY_NAMES[d - 1]).join(', ');
  const bounds = [s.validFrom ? `from ${s.validFrom}` : '', s.validUntil ? `until ${s.validUntil}` : ''].filter(Boolean).join(' ');
  return `every ${days} ${hhmm(s.startMinute)}–${hhmm(s.startMinute + s.durationMinutes)} ${s.timeZone}${bounds ? ` ${bounds}` : ''}`;
}

/** An instant as the dashboard body wants it: ISO 8601 in UTC, without milliseconds. */
export function isoInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
