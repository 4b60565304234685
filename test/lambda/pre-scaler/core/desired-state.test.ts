import { DateTime } from 'luxon';
import { assessCapacity, computeDesiredState, windowsBetween } from '../../../../lambda/pre-scaler/core';
import { at, BLACK_FRIDAY, campaigns, DEV, instance, PROD, provisioned, serverless } from './fixtures';

const ms = (iso: string) => Date.parse(iso);

describe('computeDesiredState', () => {
  test.each<[string, string, string, number, string[]]>([
    ['baseline well before', '2027-11-25T12:00Z', 'db.r6g.xlarge', 1, []],
    ['in force exactly at start − lead time', '2027-11-25T22:00Z', 'db.r6g.4xlarge', 4, ['black-friday']],
    ['in force during the cool-down', '2027-11-27T01:59Z', 'db.r6g.4xlarge', 4, ['black-friday']],
    ['out of force exactly at end + cool-down', '2027-11-27T02:00Z', 'db.r6g.xlarge', 1, []],
  ])('%s', (_name, now, writerClass, floor, inForce) => {
    const d = computeDesiredState([BLACK_FRIDAY], PROD, at(now));
    expect(d.writer).toMatchObject({ kind: 'provisioned', instanceClass: writerClass });
    expect(d.readerFloor.count).toBe(floor);
    expect(d.inForce.map((f) => f.campaignId)).toEqual(inForce);
  });

  test('overlapping campaigns: the maximum of each dimension, each naming its campaign', () => {
    const overlap = campaigns(
      {
        id: 'big-writer',
        environments: ['prod'],
        start: '2027-05-01T08:00Z',
        end: '2027-05-01T20:00Z',
        writer: { instanceClass: 'db.r6g.4xlarge' },
        readerFloor: 2,
      },
      {
        id: 'many-readers',
        environments: ['prod'],
        start: '2027-05-01T10:00Z',
        end: '2027-05-01T14:00Z',
        writer: { instanceClass: 'db.r6g.2xlarge' },
        readerFloor: 5,
      },
    );
    const d = computeDesiredState(overlap, PROD, at('2027-05-01T12:00Z'));
    expect(d.writer).toEqual({ kind: 'provisioned', instanceClass: 'db.r6g.4xlarge', campaignId: 'big-writer' });
    expect(d.readerFloor).toEqual({ count: 5, campaignId: 'many-readers' });
  });

  test('Serverless v2: the campaign minimum, the larger maximum', () => {
    const c = campaigns(
      {
        id: 'min-four',
        environments: ['dev'],
        start: '2027-05-01T08:00Z',
        end: '2027-05-01T20:00Z',
        writer: { minCapacity: 4 },
        readerFloor: 1,
      },
      {
        id: 'max-32',
        environments: ['dev'],
        start: '2027-05-01T08:00Z',
        end: '2027-05-01T20:00Z',
        writer: { minCapacity: 2, maxCapacity: 32 },
        readerFloor: 1,
      },
    );
    expect(computeDesiredState(c, DEV, at('2027-05-01T12:00Z')).writer).toEqual({
      kind: 'serverless-v2',
      minCapacity: 4,
      maxCapacity: 32,
      campaignId: 'min-four',
    });
    expect(computeDesiredState(c, DEV, at('2027-06-01T12:00Z')).writer).toEqual({
      kind: 'serverless-v2',
      minCapacity: 0.5,
      maxCapacity: 8,
    });
  });

  test('names the campaign that ended last, for scale-down reasons', () => {
    expect(computeDesiredState([BLACK_FRIDAY], PROD, at('2027-11-27T05:00Z')).lastEnded).toEqual({
      campaignId: 'black-friday',
      inForceUntilMs: ms('2027-11-27T02:00Z'),
    });
  });
});

describe('weekly windows follow the local clock', () => {
  const friday = campaigns({
    id: 'friday',
    environments: ['prod'],
    weekly: {
      days: ['fri'],
      startTime: '18:00',
      endTime: '22:00',
      timeZone: 'Europe/Paris',
      validFrom: '2027-03-01',
      validUntil: '2027-04-30',
    },
    writer: { instanceClass: 'db.r6g.2xlarge' },
    readerFloor: 2,
  })[0]!;
  const lateNight = campaigns({
    id: 'late-night',
    environments: ['prod'],
    weekly: { days: ['sat'], startTime: '23:00', endTime: '01:30', timeZone: 'UTC' },
    writer: { instanceClass: 'db.r6g.2xlarge' },
    readerFloor: 2,
  })[0]!;

  test('18:00 Paris is 17:00 UTC in winter and 16:00 UTC in summer', () => {
    const windows = windowsBetween(friday, ms('2027-03-15T00:00Z'), ms('2027-04-10T00:00Z')).map((w) => new Date(w.startMs).toISOString());
    expect(windows).toEqual([
      '2027-03-19T17:00:00.000Z',
      '2027-03-26T17:00:00.000Z',
      '2027-04-02T16:00:00.000Z',
      '2027-04-09T16:00:00.000Z',
    ]);
  });

  test('only between validFrom and validUntil', () => {
    const windows = windowsBetween(friday, ms('2027-02-01T00:00Z'), ms('2027-06-01T00:00Z'));
    expect(new Date(windows[0]!.startMs).toISOString()).toBe('2027-03-05T17:00:00.000Z');
    expect(new Date(windows[windows.length - 1]!.startMs).toISOString()).toBe('2027-04-30T16:00:00.000Z');
  });

  test('a window that crosses midnight ends the next day and is found from either side', () => {
    expect(windowsBetween(lateNight, ms('2027-05-02T00:30Z'), ms('2027-05-02T00:31Z'))).toEqual([
      { campaignId: 'late-night', startMs: ms('2027-05-01T23:00Z'), endMs: ms('2027-05-02T01:30Z') },
    ]);
  });

  test.each<[string, string, string, string, string]>([
    // Sat 22:00 to Sun 04:00 local; the clocks change on the Sunday at 02:00 (New York) or 03:00 (Paris).
    ['New York, clocks go back', 'America/New_York', '2027-11-06', '2027-11-07T02:00:00.000Z', '2027-11-07T09:00:00.000Z'],
    ['Paris, clocks go back', 'Europe/Paris', '2027-10-30', '2027-10-30T20:00:00.000Z', '2027-10-31T03:00:00.000Z'],
    ['Paris, clocks go forward', 'Europe/Paris', '2027-03-27', '2027-03-27T21:00:00.000Z', '2027-03-28T02:00:00.000Z'],
  ])('across a daylight-saving change the window still ends at 04:00 local (%s)', (_name, timeZone, saturday, startIso, endIso) => {
    const overnight = campaigns({
      id: 'overnight',
      environments: ['prod'],
      weekly: { days: ['sat'], startTime: '22:00', endTime: '04:00', timeZone },
      writer: { instanceClass: 'db.r6g.2xlarge' },
      readerFloor: 2,
    })[0]!;
    const [w] = windowsBetween(overnight, ms(`${saturday}T12:00Z`), ms(`${saturday}T23:59Z`) + 86_400_000);
    expect([new Date(w!.startMs).toISOString(), new Date(w!.endMs).toISOString()]).toEqual([startIso, endIso]);
    expect(DateTime.fromMillis(w!.endMs, { zone: timeZone }).toFormat('ccc HH:mm')).toBe('Sun 04:00');
  });

  test('a weekly campaign is in force from start − lead time every week', () => {
    expect(computeDesiredState([friday], PROD, at('2027-03-19T15:00Z')).inForce.map((f) => f.campaignId)).toEqual(['friday']);
    expect(computeDesiredState([friday], PROD, at('2027-03-19T14:59Z')).inForce).toEqual([]);
  });
});

describe('assessCapacity: ready (at least the target) and converged (exactly)', () => {
  const during = computeDesiredState([BLACK_FRIDAY], PROD, at('2027-11-26T10:00Z'));
  const readers = (instanceClass: string) =>
    ['r1', 'r2', 'r3'].map((id) => instance(id, instanceClass, { promotionTier: 15, createdByAutoScaling: true }));
  test.each<[string, ReturnType<typeof provisioned>, boolean, boolean, string[]]>([
    ['at target', provisioned('db.r6g.4xlarge', 'db.r6g.4xlarge', { floor: 4, more: readers('db.r6g.4xlarge') }), true, true, []],
    [
      'bigger than the target',
      provisioned('db.r6g.8xlarge', 'db.r6g.8xlarge', { floor: 4, more: readers('db.r6g.8xlarge') }),
      true,
      false,
      [],
    ],
    [
      'standby still small',
      provisioned('db.r6g.4xlarge', 'db.r6g.xlarge', { floor: 4, more: readers('db.r6g.4xlarge') }),
      false,
      false,
      ['standby b is db.r6g.xlarge, needs db.r6g.4xlarge'],
    ],
    [
      'readers still coming',
      provisioned('db.r6g.4xlarge', 'db.r6g.4xlarge', {
        floor: 4,
        more: [instance('r1', 'db.r6g.4xlarge', { promotionTier: 15, status: 'creating' })],
      }),
      false,
      false,
      ['1 reader(s) available, needs 4'],
    ],
  ])('%s', (_name, observation, ready, converged, gaps) => {
    expect(assessCapacity(during, observation, PROD)).toEqual({ ready, converged, gaps });
  });

  test('Serverless v2 range', () => {
    const d = computeDesiredState(
      campaigns({
        id: 'sv2-test',
        environments: ['dev'],
        start: '2027-05-01T08:00Z',
        end: '2027-05-01T20:00Z',
        writer: { minCapacity: 4 },
        readerFloor: 1,
      }),
      DEV,
      at('2027-05-01T12:00Z'),
    );
    expect(assessCapacity(d, serverless(0.5, 8), DEV)).toEqual({
      ready: false,
      converged: false,
      gaps: ['Serverless v2 range is 0.5–8 ACU, needs 4–8 ACU'],
    });
    expect(assessCapacity(d, serverless(4, 8), DEV)).toEqual({ ready: true, converged: true, gaps: [] });
  });
});
