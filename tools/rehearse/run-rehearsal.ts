import { checkConsistency, type ConsistencyLine } from './consistency';
import type { DatabaseDriver, DatabaseSession, EndpointSettings } from './driver/driver';
import { runWorkload } from './engine';
import { intervalFor, RunMetrics, type LiveFigures } from './metrics';
import type { RehearsalPlan } from './plan';
import type { RehearsalReport } from './report/rehearsal-report';
import { countShopRows, createShopSchema, dropShopSchema, scratchSchemaName } from './shop/shop-schema';
import { transactionStatements } from './shop/shop-sql';
import { judgeRehearsal } from './verdict';

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

/**
 * Runs one rehearsal end to end: creates and seeds the scratch schema through the read/write endpoint,
 * drives the workload, counts the rows written, drops the schema (unless `keep`), and judges the run.
 * The schema is dropped even when the load fails or is interrupted.
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
    log(`Creating scratch schema ${schema} with ${o.plan.seedProducts} products…`);
    try {
      await createShopSchema(admin, schema, o.plan.seedProducts);
    } catch (error) {
      throw new RehearsalSetupError(
        `[${o.plan.environment}] scratch schema: cannot create ${schema}: ${(error as Error).message}. Fix: the user needs CREATE on database ${o.writer.database}.`,
      );
    }
    const metrics = new RunMetrics(intervalFor(o.plan.profile.durationMs));
    log('Driving the workload…');
    const outcome = await runWorkload({
      profile: o.plan.profile,
      mix: o.plan.mix,
      connectionsPerAppInstance: o.plan.connectionsPerAppInstance,
      acquireTimeoutMs: o.plan.acquireTimeoutMs,
      products: o.plan.seedProducts,
      statements: transactionStatements(schema),
      driver: o.driver,
      connectReader: () => o.driver.connect(o.reader),
      connectWriter: () => o.driver.connect(o.writer),
      metrics,
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onLive ? { onLive: o.onLive } : {}),
      ...(o.random ? { random: o.random } : {}),
    });
    try {
      consistency = checkConsistency(outcome.measurements, await countShopRows(admin, schema));
    } catch (error) {
      log(`Could not count the rows written: ${(error as Error).message}`);
    }
    const report: RehearsalReport = {
      plan: o.plan,
      startedAt: startedAt.toISOString(),
      finishedAt: now().toISOString(),
      elapsedMs: outcome.elapsedMs,
      interrupted: outcome.interrupted,
      endpoints: { writer: describe(o.writer), reader: describe(o.reader), tls: o.writer.tls },
      schema: { name: schema, kept: o.keep ?? false },
      measurements: outcome.measurements,
      verdict: judgeRehearsal(outcome.measurements, o.plan.thresholds, {
        interrupted: outcome.interrupted || outcome.fatalError !== undefined,
      }),
      ...(consistency ? { consistency } : {}),
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
