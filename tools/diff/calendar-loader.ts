/**
 * Prints the campaign calendar of a source tree as JSON, for the diff command to compare two sides:
 *
 *   tsx tools/diff/calendar-loader.ts <tree>
 *
 * It runs in its own process so the base side's modules never mix with the head's. Output:
 * `{"present":false}` when the tree has no `config/campaigns.ts` (a base older than the calendar), or
 * `{"present":true,"campaigns":[…]}` with dates turned into ISO strings.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { toPlainJson } from './plain-json';

const CALENDAR_MODULE = path.join('config', 'campaigns.ts');

async function main(tree: string): Promise<void> {
  const file = path.join(tree, CALENDAR_MODULE);
  if (!fs.existsSync(file)) {
    process.stdout.write(JSON.stringify({ present: false }));
    return;
  }
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const campaigns = mod.CAMPAIGNS ?? (mod.default as Record<string, unknown> | undefined)?.CAMPAIGNS;
  if (!Array.isArray(campaigns)) {
    throw new Error(`${file} does not export CAMPAIGNS as an array. Fix: export const CAMPAIGNS = [ … ].`);
  }
  process.stdout.write(JSON.stringify({ present: true, campaigns: toPlainJson(campaigns) }));
}

const tree = process.argv[2];
if (!tree) {
  process.stderr.write('usage: tsx tools/diff/calendar-loader.ts <tree>\n');
  process.exit(2);
}
main(path.resolve(tree)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
