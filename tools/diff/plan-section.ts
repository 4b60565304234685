import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CalendarDiff } from './calendar-diff';

/**
 * The plan printer of the calendar issue: `renderPlanMarkdown(env, campaigns, { now, campaignIds })`.
 * Looked up in the working tree at run time, so the diff works before that module exists.
 */
type RenderPlanMarkdown = (
  environment: string,
  campaigns: readonly unknown[],
  options: { now: Date; campaignIds: readonly string[] },
) => string;

/** Where the plan printer lives (the calendar issue's `tools/plan/`), first match wins. */
export const PLAN_MODULE_CANDIDATES = ['tools/plan/render-plan-markdown.ts', 'tools/plan/index.ts'] as const;

/** Plans per environment, or a note saying why there are none. */
export interface PlanSection {
  readonly plans: ReadonlyMap<string, string>;
  readonly note?: string;
}

/**
 * Renders, for each environment with calendar changes, the plan of the campaigns added, moved or
 * changed there, with the working tree's plan printer and calendar. Removed campaigns have no plan.
 */
export async function renderPlans(headRoot: string, calendar: CalendarDiff, now: Date): Promise<PlanSection> {
  const affected = new Map<string, string[]>();
  for (const [env, changes] of calendar.byEnvironment) {
    const ids = changes.filter((c) => c.kind !== 'removed').map((c) => c.campaignId);
    if (ids.length > 0) affected.set(env, ids);
  }
  if (affected.size === 0) return { plans: new Map() };
  // The plan is information for the reviewer, not part of the verdict: a failure becomes a note.
  try {
    const render = await loadPlanPrinter(headRoot);
    if (!render) return { plans: new Map(), note: 'No plan: the plan printer (tools/plan, `npm run plan`) is not in this tree yet.' };
    const calendarModule = (await import(path.join(headRoot, 'config', 'campaigns.ts'))) as { CAMPAIGNS: readonly unknown[] };
    const plans = new Map<string, string>();
    for (const [env, campaignIds] of affected) {
      const markdown: unknown = render(env, calendarModule.CAMPAIGNS, { now, campaignIds });
      if (typeof markdown !== 'string') throw new Error(`renderPlanMarkdown returned ${typeof markdown}, not Markdown text`);
      plans.set(env, markdown);
    }
    return { plans };
  } catch (error) {
    return {
      plans: new Map(),
      note: `No plan: the plan printer failed (${error instanceof Error ? error.message : String(error)}); run \`npm run plan\` to see why.`,
    };
  }
}

async function loadPlanPrinter(headRoot: string): Promise<RenderPlanMarkdown | undefined> {
  for (const candidate of PLAN_MODULE_CANDIDATES) {
    const file = path.join(headRoot, candidate);
    if (!fs.existsSync(file)) continue;
    const mod = (await import(file)) as { renderPlanMarkdown?: unknown };
    if (typeof mod.renderPlanMarkdown === 'function') return mod.renderPlanMarkdown as RenderPlanMarkdown;
  }
  return undefined;
}
