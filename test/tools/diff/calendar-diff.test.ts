import { diffCalendars, type CalendarSnapshot, type CampaignEntry } from '../../../tools/diff/calendar-diff';

const blackFriday: CampaignEntry = {
  id: 'black-friday',
  environments: ['staging', 'prod'],
  start: '2026-11-27T00:00',
  end: '2026-11-28T02:00',
  timeZone: 'Europe/Paris',
  writer: { instanceClass: 'db.r6g.4xlarge' },
  readerFloor: 4,
};

const calendar = (...campaigns: CampaignEntry[]): CalendarSnapshot => ({ present: true, campaigns });
const noCalendar: CalendarSnapshot = { present: false };

function summary(base: CalendarSnapshot, head: CalendarSnapshot): string[] {
  const diff = diffCalendars(base, head);
  return [...diff.byEnvironment].flatMap(([env, changes]) =>
    changes.map(
      (c) =>
        `${env} ${c.kind} ${c.campaignId}${c.kind === 'moved' || c.kind === 'changed' ? `: ${c.fields.map((f) => `${f.field} ${JSON.stringify(f.oldValue)}→${JSON.stringify(f.newValue)}`).join(', ')}` : ''}`,
    ),
  );
}

describe('diffCalendars', () => {
  test.each<[string, CalendarSnapshot, CalendarSnapshot, string[]]>([
    ['no change', calendar(blackFriday), calendar(blackFriday), []],
    ['a campaign added to two environments', calendar(), calendar(blackFriday), ['staging added black-friday', 'prod added black-friday']],
    ['a campaign removed', calendar(blackFriday), calendar(), ['staging removed black-friday', 'prod removed black-friday']],
    [
      'a campaign moved by a day (start and end)',
      calendar(blackFriday),
      calendar({ ...blackFriday, start: '2026-11-28T00:00', end: '2026-11-29T02:00' }),
      [
        'staging moved black-friday: end "2026-11-28T02:00"→"2026-11-29T02:00", start "2026-11-27T00:00"→"2026-11-28T00:00"',
        'prod moved black-friday: end "2026-11-28T02:00"→"2026-11-29T02:00", start "2026-11-27T00:00"→"2026-11-28T00:00"',
      ],
    ],
    [
      'a time zone change is a move, listed before other fields',
      calendar(blackFriday),
      calendar({ ...blackFriday, timeZone: 'Europe/London', readerFloor: 5 }),
      [
        'staging moved black-friday: timeZone "Europe/Paris"→"Europe/London", readerFloor 4→5',
        'prod moved black-friday: timeZone "Europe/Paris"→"Europe/London", readerFloor 4→5',
      ],
    ],
    [
      'a bigger writer target is a change, by dotted field',
      calendar(blackFriday),
      calendar({ ...blackFriday, writer: { instanceClass: 'db.r6g.8xlarge' } }),
      [
        'staging changed black-friday: writer.instanceClass "db.r6g.4xlarge"→"db.r6g.8xlarge"',
        'prod changed black-friday: writer.instanceClass "db.r6g.4xlarge"→"db.r6g.8xlarge"',
      ],
    ],
    [
      'an environment dropped from the list: removed there only',
      calendar(blackFriday),
      calendar({ ...blackFriday, environments: ['prod'] }),
      ['staging removed black-friday'],
    ],
    [
      'the base has no calendar yet: every campaign is added',
      noCalendar,
      calendar(blackFriday),
      ['staging added black-friday', 'prod added black-friday'],
    ],
    [
      'a single "environment" field is understood too',
      calendar(),
      calendar({ id: 'x', environment: 'dev', start: 's', end: 'e' }),
      ['dev added x'],
    ],
  ])('%s', (_name, base, head, expected) => {
    expect(summary(base, head)).toEqual(expected);
  });

  test('an added campaign carries every field for the report, identity fields excluded', () => {
    const diff = diffCalendars(calendar(), calendar(blackFriday));
    expect(diff.byEnvironment.get('prod')![0]!.fields.map((f) => f.field)).toEqual([
      'start',
      'end',
      'timeZone',
      'writer.instanceClass',
      'readerFloor',
    ]);
  });

  test('records whether each side had a calendar', () => {
    expect(diffCalendars(noCalendar, calendar())).toMatchObject({ basePresent: false, headPresent: true });
  });
});
