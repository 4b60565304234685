import * as path from 'node:path';
import type { CalendarSnapshot } from './calendar-diff';
import { DiffToolError, runProcess, tail } from './run-process';

const LOADER = path.join(__dirname, 'calendar-loader.ts');

/**
 * Reads the campaign calendar of a source tree by running `calendar-loader.ts` on it in a separate
 * Node process (with tsx), so each side's code runs against its own files.
 *
 * @param tree the source tree to read (the base worktree or the working tree)
 * @param toolRoot the folder whose `node_modules` provides tsx (the working tree)
 */
export async function readCalendar(tree: string, toolRoot: string, label: string): Promise<CalendarSnapshot> {
  const result = await runProcess(process.execPath, ['--import', 'tsx', LOADER, tree], { cwd: toolRoot });
  if (result.code !== 0) {
    throw new DiffToolError(
      `${label}: reading the campaign calendar (config/campaigns.ts) failed:\n${tail(result.stderr || result.stdout)}`,
    );
  }
  try {
    return JSON.parse(result.stdout) as CalendarSnapshot;
  } catch {
    throw new DiffToolError(`${label}: the calendar loader printed something that is not JSON:\n${tail(result.stdout)}`);
  }
}
