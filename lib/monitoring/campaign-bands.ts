import { windowsBetween, type Campaign, type WeeklySchedule } from '../../lambda/pre-scaler/core';

const DAY = 86_400_000;
const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * A weekly campaign with more occurrences than this is listed in the dashboard's text widget instead
 * of drawn: a year of weekly bands would bury the graphs.
 */
export const MAX_WEEKLY_OCCURRENCES_DRAWN = 60;

/** One shaded vertical band: a campaign window, [start, end). */
export interface CampaignBand {
  readonly campaignId: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** A recurring campaign that is listed in words rather than drawn, with the reason. */
export interface UndrawnCampaign {
  readonly campaignId: string;
  /** `every fri 18:00–22:00 Europe/Paris from 2027-01-08` */
  readonly schedule: string;
  readonly reason: string;
}

export interface CampaignBandPlan {
  /** Sorted by start. */
  readonly bands: readonly CampaignBand[];
  readonly undrawn: readonly UndrawnCampaign[];
}

/**
 * Which campaign windows the dashboard draws. The dashboard is part of the template, so it must not
 * depend on the clock of the machine that synthesizes it:
 *
 * - a one-off campaign is one band;
 * - a weekly campaign with both `validFrom` and `validUntil` has a fixed, finite list of occurrences:
 *   each is a band (up to {@link MAX_WEEKLY_OCCURRENCES_DRAWN});
 * - an open-ended weekly campaign (no `validUntil`, or no `validFrom`) has no deterministic "next N"
 *   without a clock, so it is listed in the text widget with its rule instead.
 */
export function campaignBands(campaigns: readonly Campaign[]): CampaignBandPlan {
  const bands: CampaignBand[] = [];
  const undrawn: UndrawnCampaign[] = [];
  for (const campaign of campaigns) {
    const s = campaign.schedule;
    if (s.kind === 'once') {
      bands.push({ campaignId: campaign.id, startMs: s.startMs, endMs: s.endMs });
      continue;
    }
    if (s.validFrom === undefined || s.validUntil === undefined) {
      undrawn.push({
        campaignId: campaign.id,
        schedule: describeWeekly(s),
        reason: 'open-ended: set validFrom and validUntil to have its windows drawn',
      });
      continue;
    }
    // A margin of two days either side: the local dates bound the occurrences, windowsBetween filters them.
    const windows = windowsBetween(
      campaign,
      Date.parse(`${s.validFrom}T00:00:00Z`) - 2 * DAY,
      Date.parse(`${s.validUntil}T00:00:00Z`) + 3 * DAY,
    );
    if (windows.length > MAX_WEEKLY_OCCURRENCES_DRAWN) {
      undrawn.push({
        campaignId: campaign.id,
        schedule: describeWeekly(s),
        reason: `${windows.length} occurrences, more than the ${MAX_WEEKLY_OCCURRENCES_DRAWN} drawn`,
      });
      continue;
    }
    bands.push(...windows.map((w) => ({ campaignId: campaign.id, startMs: w.startMs, endMs: w.endMs })));
  }
  bands.sort((a, b) => a.startMs - b.startMs || a.campaignId.localeCompare(b.campaignId));
  return { bands, undrawn };
}

function hhmm(minuteOfDay: number): string {
  const m = minuteOfDay % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function describeWeekly(s: WeeklySchedule): string {
  const days = s.days.map((d) => WEEKDAY_NAMES[d - 1]).join(', ');
  const bounds = [s.validFrom ? `from ${s.validFrom}` : '', s.validUntil ? `until ${s.validUntil}` : ''].filter(Boolean).join(' ');
  return `every ${days} ${hhmm(s.startMinute)}–${hhmm(s.startMinute + s.durationMinutes)} ${s.timeZone}${bounds ? ` ${bounds}` : ''}`;
}

/** An instant as the dashboard body wants it: ISO 8601 in UTC, without milliseconds. */
export function isoInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
