import { ClusterPortError } from './core';
import { reconcileOnce, type RunOutcome, type RunReport } from './reconcile';
import {
  INVALID_CONFIGURATION_MESSAGE,
  RUN_FAILED_MESSAGE,
  RUN_LOG_MESSAGE,
  RUN_REFUSED_MESSAGE,
  runLogFields,
  type RunLogger,
} from './run-log';
import { publishInvalidConfiguration, publishRunMetrics, type MetricsSink } from './run-metrics';
import type { PreScalerEnvironmentError, PreScalerRuntimeConfig } from './runtime-environment';
import type { StagedClusterPort } from './staged-cluster-port';

/** The configuration as read at cold start: usable, or the reason it is not. */
export type LoadedConfiguration =
  | { readonly ok: true; readonly config: PreScalerRuntimeConfig; readonly port: StagedClusterPort }
  | { readonly ok: false; readonly error: PreScalerEnvironmentError };

export interface PreScalerHandlerDeps {
  readonly configuration: LoadedConfiguration;
  readonly logger: RunLogger;
  readonly metrics: MetricsSink;
  /** @default - the system clock */
  readonly clock?: () => Date;
}

/** What the invocation returns (visible in a console test invoke). */
export interface PreScalerResult {
  readonly outcome: RunOutcome | 'invalid-configuration';
  readonly action?: string;
  readonly reason?: string;
  readonly ready?: boolean;
}

/**
 * The Lambda handler, built from its dependencies (the module `handler.ts` builds them once, at cold
 * start; tests pass their own clock, logger and metrics). Per invocation:
 * - invalid configuration: log it, publish `InvalidCalendar = 1`, call nothing, return (no retry:
 *   the same variables would fail again; the alarm asks a person to fix config and deploy);
 * - otherwise one {@link reconcileOnce}, one log line, the run's metrics;
 * - a transient AWS failure, or a step AWS rejects: log, then throw, so the invocation counts as an
 *   error (alarmed) and the next scheduled run tries again.
 */
export function createPreScalerHandler(deps: PreScalerHandlerDeps): () => Promise<PreScalerResult> {
  const clock = deps.clock ?? (() => new Date());
  return async () => {
    const loaded = deps.configuration;
    if (!loaded.ok) {
      deps.logger.error(INVALID_CONFIGURATION_MESSAGE, { environment: loaded.error.environment, problems: loaded.error.problems });
      publishInvalidConfiguration(deps.metrics);
      return { outcome: 'invalid-configuration' };
    }
    let report: RunReport;
    try {
      report = await reconcileOnce({ config: loaded.config, port: loaded.port, now: clock() });
    } catch (err) {
      deps.logger.error(err instanceof ClusterPortError && !err.retryable ? RUN_REFUSED_MESSAGE : RUN_FAILED_MESSAGE, errorFields(err));
      throw err;
    }
    const fields = runLogFields(report, loaded.config.dryRun);
    if (report.outcome === 'rejected') deps.logger.error(RUN_LOG_MESSAGE, fields);
    else deps.logger.info(RUN_LOG_MESSAGE, fields);
    publishRunMetrics(deps.metrics, report, loaded.config.settings);
    if (report.error) throw report.error;
    return { outcome: report.outcome, action: report.action.kind, reason: report.action.reason, ready: report.assessment.ready };
  };
}

function errorFields(err: unknown): Record<string, unknown> {
  if (err instanceof ClusterPortError) return { error: { kind: err.kind, name: err.awsErrorName, message: err.message } };
  return { error: { message: err instanceof Error ? err.message : String(err) } };
}
