import type { CampaignInput } from './schema/campaign';

/**
 * The campaign calendar: one entry per marketing campaign. Adding a campaign is adding one entry
 * here and opening a pull request; the PR report shows its plan (npm run plan -- --env prod).
 *
 * Why TypeScript and not YAML: the editor checks every field as you type (`satisfies` below), the
 * comments stay next to the entries, and a reviewer sees a plain diff. See docs/campaigns.md.
 *
 * Each entry: a unique `id`; the `environments` it applies to; either `start` and `end` (ISO-8601 with
 * an offset, or local times with `timeZone`) or `weekly`; the `writer` target (`instanceClass` for a
 * provisioned writer, `minCapacity`/`maxCapacity` ACU for Serverless v2); the `readerFloor` (Aurora
 * Replicas, fixed readers included); optional `owner`, `notes`, `expectedPeak`.
 *
 * Capacity is raised `leadTimeMinutes` before `start` and kept `coolDownMinutes` after `end`
 * (per environment, config/environments/*.ts → preScaler). Overlapping entries are allowed: the larger
 * target wins. Entries more than 30 days past get a warning: prune them.
 */
export const CAMPAIGNS = [
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
  {
    id: 'orders-spring-sale-2027',
    environments: ['adopted'],
    start: '2027-03-24T07:00',
    end: '2027-03-25T00:00',
    timeZone: 'Europe/Paris',
    writer: { instanceClass: 'db.r6g.2xlarge' },
    readerFloor: 3,
    owner: 'marketing-ops@example.com',
    notes: 'The example environment around an existing cluster (config/environments/adopted.ts); placeholder campaign.',
    expectedPeak: { clientConnections: 3000, multipleOfBaseline: 2 },
  },
] as const satisfies readonly CampaignInput[];
