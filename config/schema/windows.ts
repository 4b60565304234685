/**
 * RDS time windows, in UTC, as RDS spells them:
 * - daily backup window `hh24:mi-hh24:mi` (at least 30 minutes);
 * - weekly maintenance window `ddd:hh24:mi-ddd:hh24:mi` (at least 30 minutes).
 *
 * Both are turned into intervals in minutes-of-the-week so they can be compared for overlap.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Managing.Backups.html#Aurora.Managing.Backups.BackupWindow
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_UpgradeDBInstance.Maintenance.html#Concepts.DBMaintenance
 */
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const MINUTES_PER_DAY = 24 * 60;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
/** RDS rejects backup and maintenance windows shorter than this. */
export const MIN_WINDOW_MINUTES = 30;

export const DAILY_WINDOW_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;
export const WEEKLY_WINDOW_PATTERN =
  /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)$/;

/** A half-open interval [start, end) in minutes since Monday 00:00 UTC; `end` may pass the week's end. */
export interface WeekInterval {
  readonly start: number;
  readonly end: number;
}

function minutes(hh: string, mm: string): number {
  return Number(hh) * 60 + Number(mm);
}

/** Capture group `i` of a match of one of the patterns above, all of whose groups are mandatory. */
function group(m: RegExpExecArray, i: number): string {
  const g = m[i];
  if (g === undefined) throw new Error(`Window ${JSON.stringify(m.input)} matched without its group ${i}`);
  return g;
}

function duration(start: number, end: number, period: number): number {
  return (end - start + period) % period;
}

/** Length in minutes of a daily window, crossing midnight allowed. Undefined when malformed. */
export function dailyWindowMinutes(window: string): number | undefined {
  const m = DAILY_WINDOW_PATTERN.exec(window);
  if (!m) return undefined;
  return duration(minutes(group(m, 1), group(m, 2)), minutes(group(m, 3), group(m, 4)), MINUTES_PER_DAY);
}

/** Length in minutes of a weekly window, crossing the week's end allowed. Undefined when malformed. */
export function weeklyWindowMinutes(window: string): number | undefined {
  const iv = weeklyWindowIntervals(window);
  const first = iv?.[0];
  return first ? first.end - first.start : undefined;
}

/** The seven occurrences of a daily window over one week. */
export function dailyWindowIntervals(window: string): WeekInterval[] | undefined {
  const m = DAILY_WINDOW_PATTERN.exec(window);
  if (!m) return undefined;
  const start = minutes(group(m, 1), group(m, 2));
  const length = duration(start, minutes(group(m, 3), group(m, 4)), MINUTES_PER_DAY);
  return DAYS.map((_, day) => ({ start: day * MINUTES_PER_DAY + start, end: day * MINUTES_PER_DAY + start + length }));
}

export function weeklyWindowIntervals(window: string): WeekInterval[] | undefined {
  const m = WEEKLY_WINDOW_PATTERN.exec(window);
  if (!m) return undefined;
  const start = DAYS.indexOf(group(m, 1) as (typeof DAYS)[number]) * MINUTES_PER_DAY + minutes(group(m, 2), group(m, 3));
  const end = DAYS.indexOf(group(m, 4) as (typeof DAYS)[number]) * MINUTES_PER_DAY + minutes(group(m, 5), group(m, 6));
  return [{ start, end: start + duration(start, end, MINUTES_PER_WEEK) }];
}

/** True when any interval of `a` overlaps any of `b`, taking the wrap at the week's end into account. */
export function intervalsOverlap(a: readonly WeekInterval[], b: readonly WeekInterval[]): boolean {
  const shifted = (iv: WeekInterval, by: number) => ({ start: iv.start + by, end: iv.end + by });
  return a.some((x) =>
    b.some((y) =>
      [-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK].some((by) => {
        const z = shifted(y, by);
        return x.start < z.end && z.start < x.end;
      }),
    ),
  );
}
