import type { CampaignInput } from '../../config/schema/campaign';

/**
 * The campaign calendar the tests build stacks from: fixed data, never `config/campaigns.ts`, so a
 * campaign added to the committed calendar (the users' everyday pull request) changes no construct,
 * snapshot, dashboard or plan test. The committed calendar has its own tests
 * (test/config/calendar/committed-calendar.test.ts): every entry valid, every environment synthesizes with it.
 *
 * It holds one entry of each kind the stack must handle: provisioned and Serverless v2 writers,
 * local times with a zone and ISO offsets, a weekly window, chained campaigns (one's lead time starts
 * inside another's cool-down), an entry for one environment only. Change it only to test a new kind of
 * entry; the whole-stack snapshots (test/lib/snapshot.test.ts) change with it, on purpose.
 *
 * Dates are fixed: warnings are computed at `TEST_NOW` (test/helpers/synth.ts), never at the real clock.
 */
export const FIXTURE_CAMPAIGNS = [
  {
    id: 'black-friday-2026',
    environments: ['staging', 'prod'],
    start: '2026-11-27T00:00',
    end: '2026-11-28T02:00',
    timeZone: 'Europe/Paris',
    writer: { instanceClass: 'db.r6g.4xlarge' },
    readerFloor: 4,
    owner: 'marketing-ops@example.com',
    notes: 'Newsletter to 2.1 M subscribers at 00:00; TV spot at 20:45. Last year: writer CPU 100% at 00:07.',
    expectedPeak: { clientConnections: 6000, transactionsPerSecond: 4500, multipleOfBaseline: 5 },
  },
  {
    id: 'cyber-monday-2026',
    environments: ['staging', 'prod'],
    start: '2026-11-30T06:00+01:00',
    end: '2026-12-01T02:00+01:00',
    writer: { instanceClass: 'db.r6g.2xlarge' },
    readerFloor: 3,
    owner: 'marketing-ops@example.com',
    expectedPeak: { clientConnections: 3500, transactionsPerSecond: 2500, multipleOfBaseline: 3 },
  },
  {
    id: 'dev-load-test-2026-12',
    environments: ['dev'],
    start: '2026-12-08T14:00',
    end: '2026-12-08T18:00',
    timeZone: 'Europe/Paris',
    writer: { minCapacity: 4, maxCapacity: 16 },
    readerFloor: 2,
    owner: 'devops@example.com',
    notes: 'Trying the new checkout queries under load before they reach staging.',
    expectedPeak: { clientConnections: 400, transactionsPerSecond: 300 },
  },
  {
    id: 'winter-sales-2027',
    environments: ['prod'],
    start: '2027-01-13T07:00',
    end: '2027-01-14T00:00',
    timeZone: 'Europe/Paris',
    writer: { instanceClass: 'db.r6g.2xlarge' },
    readerFloor: 3,
    owner: 'marketing-ops@example.com',
    notes: 'First day of the French winter sales.',
    expectedPeak: { multipleOfBaseline: 3 },
  },
  {
    id: 'friday-evening-flash-sale',
    environments: ['prod'],
    weekly: {
      days: ['fri'],
      startTime: '18:00',
      endTime: '22:00',
      timeZone: 'Europe/Paris',
      validFrom: '2027-01-08',
      validUntil: '2027-06-25',
    },
    writer: { instanceClass: 'db.r6g.2xlarge' },
    readerFloor: 2,
    owner: 'marketing-ops@example.com',
    notes: 'Weekly flash sale announced by push notification at 18:00, first half of 2027.',
    expectedPeak: { multipleOfBaseline: 2 },
  },
  {
    id: 'black-friday-2027-rehearsal',
    environments: ['staging'],
    start: '2027-11-09T09:00',
    end: '2027-11-09T17:00',
    timeZone: 'Europe/Paris',
    writer: { instanceClass: 'db.r6g.4xlarge' },
    readerFloor: 4,
    owner: 'devops@example.com',
    notes: 'Load test at the Black Friday 2027 capacity (npm run rehearse -- --env staging), two weeks before.',
    expectedPeak: { clientConnections: 6000, transactionsPerSecond: 4500, multipleOfBaseline: 5 },
  },
  {
    id: 'black-friday-2027',
    environments: ['staging', 'prod'],
    start: '2027-11-26T00:00',
    end: '2027-11-27T02:00',
    timeZone: 'Europe/Paris',
    writer: { instanceClass: 'db.r6g.4xlarge' },
    readerFloor: 4,
    owner: 'marketing-ops@example.com',
    expectedPeak: { clientConnections: 6500, transactionsPerSecond: 5000, multipleOfBaseline: 5 },
  },
  {
    id: 'cyber-monday-2027',
    environments: ['staging', 'prod'],
    start: '2027-11-29T06:00',
    end: '2027-11-30T02:00',
    timeZone: 'Europe/Paris',
    writer: { instanceClass: 'db.r6g.2xlarge' },
    readerFloor: 3,
    owner: 'marketing-ops@example.com',
    expectedPeak: { clientConnections: 3800, transactionsPerSecond: 2700, multipleOfBaseline: 3 },
  },
] as const satisfies readonly CampaignInput[];
