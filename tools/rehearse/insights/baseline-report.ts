import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { StatementInsight } from './query-insights';

/** Raised when `--baseline` does not name a readable report with query insights. */
export class BaselineReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineReportError';
  }
}

const insightSchema = z.object({
  query: z.string(),
  calls: z.number(),
  totalMs: z.number(),
  meanMs: z.number(),
  rows: z.number(),
  ownStatement: z.boolean(),
});
const reportSchema = z.object({ queryInsights: z.object({ available: z.literal(true), top: z.array(insightSchema) }) });

/** The top statements of a previous report's `measurements.json` (or of the report directory holding it). */
export async function loadBaselineInsights(path: string): Promise<StatementInsight[]> {
  const file = path.endsWith('.json') ? path : `${path.replace(/\/$/, '')}/measurements.json`;
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new BaselineReportError(
      `--baseline ${path}: cannot read ${file}: ${(error as Error).message}. Fix: pass a previous report's directory or its measurements.json.`,
    );
  }
  const parsed = reportSchema.safeParse(raw);
  if (!parsed.success) {
    throw new BaselineReportError(
      `--baseline ${path}: ${file} has no query insights (queryInsights.available is not true). Fix: pick a report from a run where pg_stat_statements was available.`,
    );
  }
  return parsed.data.queryInsights.top.map((s) => ({ ...s }));
}
