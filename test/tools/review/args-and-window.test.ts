import { loadCalendar } from '../../../config/load-calendar';
import type { CampaignInput } from '../../../lambda/pre-scaler/core';
import { parseReviewArgs, UsageError } from '../../../tools/review/args';
import { pastWindow, ReviewWindowError } from '../../../tools/review/campaign-window';
import { parseSnapshot, SnapshotError } from '../../../tools/review/review-data';
import { ENV, reviewData } from './fixtures';

describe('parseReviewArgs', () => {
  test.each([
    [['--campaign', 'x'], '--env is required. Fix: --env prod (or another environment).'],
    [['--env', 'prod'], '--campaign is required. Fix: --campaign <id of the calendar entry>.'],
    [['--env', 'prod', '--campaign', 'x', '--at', 'friday'], '--at "friday" is not a date. Fix: ISO-8601 such as 2026-11-27T20:00Z.'],
    [
      ['--env', 'prod', '--campaign', 'x', '--snapshot', '--from-snapshot', 'a.json'],
      '--snapshot and --from-snapshot together would rewrite the snapshot with itself. Fix: use one of them.',
    ],
  ])('%j → %s', (argv, message) => {
    expect(() => parseReviewArgs(argv)).toThrow(new UsageError(message));
  });

  test('defaults: reports in review-reports/, no snapshot', () => {
    expect(parseReviewArgs(['--env', 'prod', '--campaign', 'x'])).toEqual({
      env: 'prod',
      campaign: 'x',
      outDir: 'review-reports',
      snapshot: false,
      help: false,
    });
  });
});

describe('pastWindow', () => {
  const weekly: CampaignInput = {
    id: 'friday-flash',
    environments: ['prod'],
    weekly: { days: ['fri'], startTime: '18:00', endTime: '22:00', timeZone: 'UTC', validFrom: '2027-01-01', validUntil: '2027-03-01' },
    writer: { instanceClass: 'db.r6g.2xlarge' },
    readerFloor: 2,
  };
  const [campaign] = loadCalendar(ENV, { now: new Date('2027-01-01T00:00Z'), campaigns: [weekly] }).campaigns;
  const now = Date.parse('2027-01-20T00:00Z'); // a Wednesday

  test('a weekly campaign: the latest occurrence that ended, or the one that contains --at', () => {
    expect(pastWindow(campaign!, 'prod', now)).toEqual({
      campaignId: 'friday-flash',
      startMs: Date.parse('2027-01-15T18:00Z'),
      endMs: Date.parse('2027-01-15T22:00Z'),
    });
    expect(pastWindow(campaign!, 'prod', now, Date.parse('2027-01-08T19:30Z')).startMs).toBe(Date.parse('2027-01-08T18:00Z'));
  });

  test('an instant outside every occurrence is refused with the fix', () => {
    expect(() => pastWindow(campaign!, 'prod', now, Date.parse('2027-01-08T12:00Z'))).toThrow(
      new ReviewWindowError(
        '[prod] campaign "friday-flash": no occurrence contains --at 2027-01-08T12:00:00.000Z. Fix: pass an instant inside one of its windows, or leave --at out for the latest one.',
      ),
    );
  });
});

describe('parseSnapshot', () => {
  test('reads back what the review wrote', () => {
    const data = reviewData([]);
    expect(parseSnapshot(JSON.stringify(data), 'a.json')).toEqual(data);
  });

  test('names the file, the field and the fix', () => {
    const broken = { ...reviewData([]), window: { startMs: 'soon' } };
    expect(() => parseSnapshot(JSON.stringify(broken), 'a.json')).toThrow(SnapshotError);
    expect(() => parseSnapshot(JSON.stringify(broken), 'a.json')).toThrow(
      /^a\.json: not a review snapshot: window\.startMs .*Fix: pass a file written by npm run review -- --snapshot\.$/,
    );
    expect(() => parseSnapshot('{', 'a.json')).toThrow(/^a\.json: not JSON/);
  });
});
