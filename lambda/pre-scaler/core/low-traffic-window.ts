import { DateTime } from 'luxon';

/** A daily local window `HH:mm-HH:mm` in an IANA time zone; an end before the start crosses midnight. */
export interface DailyWindow {
  readonly daily: string;
  readonly timeZone: string;
}

const DAILY = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

/** True when `nowMs` falls inside the window, in the window's time zone (daylight saving included). */
export function insideDailyWindow(nowMs: number, window: DailyWindow): boolean {
  const m = DAILY.exec(window.daily);
  if (!m) throw new Error(`low-traffic window "${window.daily}" is not "HH:mm-HH:mm"`);
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  const local = DateTime.fromMillis(nowMs, { zone: window.timeZone });
  const minute = local.hour * 60 + local.minute;
  return start <= end ? minute >= start && minute < end : minute >= start || minute < end;
}
