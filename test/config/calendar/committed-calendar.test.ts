import { CAMPAIGNS } from '../../../config/campaigns';
import { environmentNames, loadConfig } from '../../../config/load-config';
import { loadCalendar } from '../../../config/load-calendar';

const NOW = new Date('2026-11-20T00:00:00Z');

describe('the committed calendar (config/campaigns.ts)', () => {
  test.each(environmentNames())('validates for %s and holds at least one campaign', (name) => {
    const { campaigns } = loadCalendar(loadConfig(name), { now: NOW });
    expect(campaigns.length).toBeGreaterThan(0);
    for (const c of campaigns) expect(c.environments).toContain(name);
  });

  test('has unique ids, a weekly window, and a staging rehearsal before the prod Black Friday', () => {
    expect(new Set(CAMPAIGNS.map((c) => c.id)).size).toBe(CAMPAIGNS.length);
    expect(CAMPAIGNS.some((c) => 'weekly' in c)).toBe(true);
    const staging = loadCalendar(loadConfig('staging'), { now: NOW }).campaigns;
    const rehearsal = staging.find((c) => c.id === 'black-friday-2027-rehearsal');
    const blackFriday = staging.find((c) => c.id === 'black-friday-2027');
    expect(
      rehearsal?.schedule.kind === 'once' &&
        blackFriday?.schedule.kind === 'once' &&
        rehearsal.schedule.endMs < blackFriday.schedule.startMs,
    ).toBe(true);
  });

  test('gives no warning a week before Black Friday 2026', () => {
    for (const name of environmentNames()) expect(loadCalendar(loadConfig(name), { now: NOW }).warnings).toEqual([]);
  });
});
