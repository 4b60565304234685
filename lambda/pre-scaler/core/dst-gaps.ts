import { DateTime } from 'luxon';

const MINUTES_PER_DAY = 1440;

/**
 * The first local date, between `fromDate` and `toDate` (`YYYY-MM-DD`, both included), on one of
 * `weekdays` (ISO, 1 = Monday) where the wall-clock time `minuteOfDay` does not exist in `zone`
 * (the clocks jump over it when daylight-saving time starts). Undefined when it exists on every such day.
 *
 * Only the days the zone's offset changes can have a gap, so it scans month by month and bisects
 * the months whose offset changed, instead of visiting every day.
 */
export function firstMissingLocalTime(
  zone: string,
  minuteOfDay: number,
  weekdays: readonly number[],
  fromDate: string,
  toDate: string,
): string | undefined {
  const from = DateTime.fromISO(fromDate, { zone }).startOf('day');
  const to = DateTime.fromISO(toDate, { zone }).startOf('day');
  if (!from.isValid || !to.isValid || to < from) return undefined;
  for (let month = from.startOf('month'); month <= to; month = month.plus({ months: 1 })) {
    const next = month.plus({ months: 1 });
    if (month.offset === next.offset && !changesWithin(month, next)) continue;
    for (const day of offsetChangeDays(month, next)) {
      if (day < from || day > to || !weekdays.includes(day.weekday)) continue;
      if (!existsOn(day, minuteOfDay)) return day.toISODate() as string;
    }
  }
  return undefined;
}

/** A month can change offset twice (and back); compare its middle too. */
function changesWithin(start: DateTime, end: DateTime): boolean {
  const middle = start.plus({ days: 15 });
  return middle.offset !== start.offset || middle.offset !== end.offset;
}

/** The local days in [start, end) at whose end the offset differs from their start. */
function offsetChangeDays(start: DateTime, end: DateTime): DateTime[] {
  const out: DateTime[] = [];
  for (let day = start; day < end; day = day.plus({ days: 1 })) {
    if (day.plus({ days: 1 }).startOf('day').offset !== day.offset || day.endOf('day').offset !== day.offset) out.push(day);
  }
  return out;
}

function existsOn(day: DateTime, minuteOfDay: number): boolean {
  const hour = Math.floor(minuteOfDay / 60) % 24;
  const minute = minuteOfDay % 60;
  const t = day.set({ hour, minute });
  return t.hour === hour && t.minute === minute && minuteOfDay < MINUTES_PER_DAY;
}
