import { checkConsistency, type ConsistencyLine } from './consistency';
import type { DatabaseDriver, DatabaseSession, EndpointSettings } from './driver/driver';
import { runWorkload } from './engine';
import { explainGeneric } from './insights/explain';
import {
  comparableQuery,
  findRegressions,
  statementsBetween,
  topStatements,
  type QueryInsights,
  type StatementInsight,
} from './insights/query-insights';
import { readStatementStats, type StatementStatsSnapshot } from './insights/statement-stats';
import { intervalFor, RunMetrics, type LiveFigures } from './metrics';
import type { RehearsalPlan } from './plan';
import { transactionsDueBy } from './profile';
import type { RehearsalReport } from './report/rehearsal-report';
import { dropScratchSchemasCommand, listScratchSchemas } from './shop/scratch-schemas';
import { countShopRows, createShopSchema, dropShopSchema, scratchSchemaName } from './shop/shop-schema';
import { countShopRowsSql, quoteSchema } from './shop/shop-sql';
import { shopWorkloadStatements } from './shop/shop-workload';
import { processLoadProbe, type ToolLoadProbe } from './tool-load';
import { judgeRehearsal, type PeakComparison, type VerdictCheck } from './verdict';
import type { Workload } from './workload/workload';
import { workloadFileStatements } from './workload/workload-file';

/** Query insights asked for on the command line. */
export interface InsightOptions {
  /** `EXPLAIN` the top N statements. @default 0 */
  readonly explainTop?: number;
  /** A previous report's top statements, to flag regressions against. @default - no comparison */
  readonly baseline?: { readonly path: string; readonly statements: readonly StatementInsight[] };
  /** A mean time that grew by more than this percentage is a regression. @default 50 */
  readonly regressionThresholdPercent?: number;
  /** Fail the verdict on a regression. @default false */
  readonly failOnRegression?: boolean;
}

/** What one rehearsal needs besides its plan. */
export interface RehearsalRunOptions {
  readonly plan: RehearsalPlan;
  readonly driver: DatabaseDriver;
  /** The read/write endpoint (`ProxyEndpoint`): schema set-up, clean-up and the writes. */
  readonly writer: EndpointSettings;
  /** The read-only endpoint (`ProxyReadOnlyEndpoint`): product reads. */
  readonly reader: EndpointSettings;
  /** Keep the scratch schema afterwards. @default false */
  readonly keep?: boolean;
  /** Aborting stops the load early; clean-up and the report still happen. */
  readonly signal?: AbortSignal;
  /** Live figures about once a second. @default - none */
  readonly onLive?: (figures: LiveFigures) => void;
  /** Progress messages (setting up, cleaning up). @default - none */
  readonly log?: (message: string) => void;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** Random numbers in [0, 1) for the workload. @default Math.random */
  readonly random?: () => number;
  /** @default - top statements without plans, no baseline */
  readonly insights?: InsightOptions;
  /** Reads the tool's own load. @default - the process's event-loop delay and CPU */
  readonly probe?: ToolLoadProbe;
}

/** A rehearsal's outcome: the report, and a fatal error when the load could not run at all. */
export interface RehearsalRunResult {
  readonly report: RehearsalReport;
  /** Set when connecting cannot succeed (wrong password, unknown host, TLS mismatch). */
  readonly fatalError?: string;
}

/** Raised when the rehearsal cannot start: the set-up connection or the scratch schema failed. */
export class RehearsalSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RehearsalSetupError';
  }
}

function describe(endpoint: EndpointSettings): string {
  return `${endpoint.host}:${endpoint.port}/${endpoint.database}`;
}

/** The statements to drive: the built-in shop, a workload file's, or both. */
export function workloadFor(plan: RehearsalPlan, schema: string): Workload {
  const file = plan.workloadFile;
  const shop = shopWorkloadStatements(schema, plan.mix, plan.seedProducts);
  if (!file) return { statements: shop, description: 'the built-in shop workload', includesShop: true };
  const own = workloadFileStatements(file, quoteSchema(schema), plan.seedProducts);
  return file.mode === 'extend'
    ? { statements: [...shop, ...own], description: `the built-in shop workload extended by ${file.path}`, includesShop: true }
    : { statements: own, description: `${file.path} (replacing the built-in shop workload)`, includesShop: false };
}

async function insightsFrom(
  admin: DatabaseSession,
  before: StatementStatsSnapshot,
  ownTexts: readonly string[],
  o: InsightOptions,
): Promise<{ insights: QueryInsights; regressionCheck?: VerdictCheck }> {
  const after = before.available ? await readStatementStats(admin) : before;
  if (!before.available || !after.available) {
    const reason = before.available ? (after as { reason: string }).reason : before.reason;
    return { insights: { available: false, unavailableReason: reason, top: [], statementsSeen: 0 } };
  }
  const delta = statementsBetween(before.stats, after.stats);
  const originals = new Map(delta.map((s) => [comparableQuery(s.query), s.query]));
  let top = topStatements(delta, ownTexts);
  const explainTop = o.explainTop ?? 0;
  if (explainTop > 0) {
    const explained: StatementInsight[] = [];
    for (const [i, s] of top.entries()) {
      explained.push(i < explainTop ? { ...s, plan: await explainGeneric(admin, originals.get(s.query) ?? s.query) } : s);
    }
    top = explained;
  }
  const insights: QueryInsights = { available: true, top, statementsSeen: delta.length };
  if (!o.baseline) return { insights };
  const thresholdPercent = o.regressionThresholdPercent ?? 50;
  const { regressions, compared } = findRegressions(top, o.baseline.statements, thresholdPercent);
  const withBaseline: QueryInsights = { ...insights, baseline: { path: o.baseline.path, thresholdPercent, regressions, compared } };
  if (!o.failOnRegression) return { insights: withBaseline };
  return {
    insights: withBaseline,
    regressionCheck: {
      name: 'query regressions',
      measured: `${regressions.length} of ${compared} statements compared`,
      limit: `none slower by > ${thresholdPercent}%`,
      passed: regressions.length === 0,
      meaning: `Statements whose mean time grew by more than ${thresholdPercent}% since ${o.baseline.path}: see Query insights. Check their plans (--explain) and indexes.`,
    },
  };
}

/**
 * Runs one rehearsal end to end: lists scratch schemas left by earlier runs, creates and seeds this run's
 * scratch schema through the read/write endpoint, snapshots pg_stat_statements, drives the workload,
 * counts the rows written, snapshots again, drops the schema (unless `keep`), and judges the run. The
 * schema is dropped even when the load fails or is interrupted.
 */
export async function runRehearsal(o: RehearsalRunOptions): Promise<RehearsalRunResult> {
  const now = o.now ?? (() => new Date());
  const log = o.log ?? (() => undefined);
  const startedAt = now();
  const schema = scratchSchemaName(o.plan.campaignId ?? 'adhoc', startedAt);

  let admin: DatabaseSession;
  try {
    admin = await o.driver.connect(o.writer);
  } catch (error) {
    const failure = o.driver.classifyConnectError(error);
    throw new RehearsalSetupError(`[${o.plan.environment}] --endpoint: cannot connect to ${describe(o.writer)}: ${failure.reason}.`);
  }

  let consistency: ConsistencyLine[] | undefined;
  try {
    const leftovers = await listScratchSchemas(admin).catch(() => []);
    const target = `host=${o.writer.host} port=${o.writer.port} dbname=${o.writer.database}`;
    const leftoverSchemas = leftovers.length ? { names: leftovers, dropCommand: dropScratchSchemasCommand(leftovers, target) } : undefined;
    if (leftoverSchemas) {
      log(
        `Found ${leftovers.length} scratch schema${leftovers.length === 1 ? '' : 's'} left by earlier runs: ${leftovers.join(', ')}. Drop ${leftovers.length === 1 ? 'it' : 'them'} with:\n  ${leftoverSchemas.dropCommand}`,
      );
    }
    log(`Creating scratch schema ${schema} with ${o.plan.seedProducts} products…`);
    try {
      await createShopSchema(admin, schema, o.plan.seedProducts);
    } catch (error) {
      throw new RehearsalSetupError(
        `[${o.plan.environment}] scratch schema: cannot create ${schema}: ${(error as Error).message}. Fix: the user needs CREATE on database ${o.writer.database}.`,
      );
    }
    const workload = workloadFor(o.plan, schema);
    const statsBefore = await readStatementStats(admin);
    if (!statsBefore.available) log(`No query insights: ${statsBefore.reason}.`);
    const profile = o.plan.profile;
    const metrics = new RunMetrics({
      intervalMs: intervalFor(profile.durationMs),
      statementNames: workload.statements.map((s) => s.name),
      targetBetween: (from, to) => transactionsDueBy(profile, to) - transactionsDueBy(profile, from),
      probe: o.probe ?? processLoadProbe(),
    });
    log(`Driving ${workload.description}…`);
    const outcome = await runWorkload({
      profile,
      statements: workload.statements,
      connectionsPerAppInstance: o.plan.connectionsPerAppInstance,
      acquireTimeoutMs: o.plan.acquireTimeoutMs,
      driver: o.driver,
      connectReader: () => o.driver.connect(o.reader),
      connectWriter: () => o.driver.connect(o.writer),
      metrics,
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onLive ? { onLive: o.onLive } : {}),
      ...(o.random ? { random: o.random } : {}),
    });
    if (workload.includesShop) {
      try {
        consistency = checkConsistency(outcome.measurements, await countShopRows(admin, schema));
      } catch (error) {
        log(`Could not count the rows written: ${(error as Error).message}`);
      }
    }
    const { insights, regressionCheck } = await insightsFrom(
      admin,
      statsBefore,
      // The workload's statements and the data check's count are the rehearsal's own.
      [...workload.statements.map((s) => s.text), countShopRowsSql(schema)],
      o.insights ?? {},
    );
    const peak: PeakComparison = {
      rehearsed: profile.peak,
      ...(o.plan.expectedPeak ? { expected: o.plan.expectedPeak } : {}),
      ...(o.plan.campaignId ? { campaignId: o.plan.campaignId } : {}),
    };
    const report: RehearsalReport = {
      plan: o.plan,
      startedAt: startedAt.toISOString(),
      finishedAt: now().toISOString(),
      elapsedMs: outcome.elapsedMs,
      interrupted: outcome.interrupted,
      endpoints: { writer: describe(o.writer), reader: describe(o.reader), tls: o.writer.tls },
      schema: { name: schema, kept: o.keep ?? false },
      ...(leftoverSchemas ? { leftoverSchemas } : {}),
      peak,
      workload: {
        description: workload.description,
        statements: workload.statements.map((s) => ({ name: s.name, endpoint: s.endpoint, weight: s.weight, text: s.text })),
      },
      measurements: outcome.measurements,
      verdict: judgeRehearsal(outcome.measurements, o.plan.thresholds, {
        interrupted: outcome.interrupted || outcome.fatalError !== undefined,
        peak,
        ...(regressionCheck ? { extraChecks: [regressionCheck] } : {}),
      }),
      ...(consistency ? { consistency } : {}),
      queryInsights: insights,
    };
    return { report, ...(outcome.fatalError ? { fatalError: outcome.fatalError } : {}) };
  } finally {
    if (!o.keep) {
      log(`Dropping scratch schema ${schema}…`);
      await dropShopSchema(admin, schema).catch((error: unknown) =>
        log(`Could not drop ${schema}: ${(error as Error).message}. Fix: DROP SCHEMA ${schema} CASCADE by hand.`),
      );
    }
    await admin.close();
  }
}
