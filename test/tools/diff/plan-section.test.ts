import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diffCalendars, type CampaignEntry } from '../../../tools/diff/calendar-diff';
import { renderPlans } from '../../../tools/diff/plan-section';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');
const NOW = new Date('2026-11-01T00:00:00Z');
const winterSales: CampaignEntry = {
  id: 'winter-sales-2027',
  environments: ['prod'],
  start: '2027-01-13T07:00',
  end: '2027-01-14T00:00',
  timeZone: 'Europe/Paris',
  writer: { instanceClass: 'db.r6g.2xlarge' },
  readerFloor: 3,
};

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempTree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aurora-surge-plan-'));
  tempDirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

test("the plan of a campaign added in prod, from the project's own plan printer and calendar", async () => {
  const calendar = diffCalendars({ present: true, campaigns: [] }, { present: true, campaigns: [winterSales] });
  const section = await renderPlans(PROJECT_ROOT, calendar, NOW);
  expect(section.note).toBeUndefined();
  expect([...section.plans.keys()]).toEqual(['prod']);
  expect(section.plans.get('prod')).toContain('### Campaign plan: prod');
  expect(section.plans.get('prod')).toContain('`winter-sales-2027`');
});

test('a removed campaign has no plan to show', async () => {
  const calendar = diffCalendars({ present: true, campaigns: [winterSales] }, { present: true, campaigns: [] });
  expect(await renderPlans(PROJECT_ROOT, calendar, NOW)).toEqual({ plans: new Map() });
});

test('a tree without the plan printer gets a note, not an error', async () => {
  const tree = tempTree({ 'config/campaigns.ts': 'export const CAMPAIGNS = [];\n' });
  const calendar = diffCalendars({ present: true, campaigns: [] }, { present: true, campaigns: [winterSales] });
  expect(await renderPlans(tree, calendar, NOW)).toEqual({
    plans: new Map(),
    note: 'No plan: the plan printer (tools/plan, `npm run plan`) is not in this tree yet.',
  });
});

test('a plan printer that throws gives a note naming the error', async () => {
  const tree = tempTree({
    'config/campaigns.ts': 'export const CAMPAIGNS = [];\n',
    'tools/plan/render-plan-markdown.ts': 'export function renderPlanMarkdown(): string { throw new Error("unknown environment prod"); }\n',
  });
  const calendar = diffCalendars({ present: true, campaigns: [] }, { present: true, campaigns: [winterSales] });
  const section = await renderPlans(tree, calendar, NOW);
  expect(section.note).toBe('No plan: the plan printer failed (unknown environment prod); run `npm run plan` to see why.');
});
