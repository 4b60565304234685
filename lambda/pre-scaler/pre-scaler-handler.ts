import {
  INVALID_CONFIGURATION_MESSAGE,
  invocationForcesDryRun,
  RUN_FAILED_MESSAGE,
  RUN_LOG_MESSAGE,
  RUN_REFUSED_MESSAGE,
  type PreScalerConfigurationError,
  type PreScalerRuntimeConfig,
  runSlotOf,
} from './contract';
import { ClusterPortError, reconcileOnce, type ClusterPort, type RunOutcome, type RunReport } from './core';
import { runLogFields, type RunLogger } from './run-log';
import { publishInvalidConfiguration, publishRunMetrics, type MetricsSink } from './run-metrics';

/** The configuration as read at cold start: usable, or the reason it is not. */
export type LoadedConfiguration =
  | { readonly ok: true; readonly config: PreScalerRuntimeConfig; readonly port: ClusterPort }
  | { readonly ok: false; readonly error: PreScalerConfigurationError };

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
 * - otherwise one {@link reconcileOnce} planned for the run's schedule tick, one log line (with the
 *   run's slot), the run's metrics. Only a scheduled run inside its act window acts (see
 *   `contract/run-slot.ts`); a late event, an invocation by hand, or an event `{ "dryRun": true }`
 *   (see `contract/invocation-event.ts`) runs as a dry run;
 * - a transient AWS failure, or a step AWS rejects: log, then throw, so the invocation counts as an
 *   error (alarmed) and the next scheduled run tries again.
 */
export function createPreScalerHandler(deps: PreScalerHandlerDeps): (event?: unknown) => Promise<PreScalerResult> {
  const clock = deps.clock ?? (() => new Date());
  return async (event?: unknown) => {
    const loaded = deps.configuration;
    if (!loaded.ok) {
      deps.logger.error(INVALID_CONFIGURATION_MESSAGE, { environment: loaded.error.environment, problems: loaded.error.problems });
      publishInvalidConfiguration(deps.metrics);
      return { outcome: 'invalid-configuration' };
    }
    // Only a scheduled run inside its act window may act; any other run reports what it would do
    // (contract/run-slot.ts: this is what keeps two runs apart without reserved concurrency).
    const slot = runSlotOf(event, clock());
    const config = slot.mayAct && !invocationForcesDryRun(event) ? loaded.config : { ...loaded.config, dryRun: true };
    let report: RunReport;
    try {
      report = await reconcileOnce({ config, port: loaded.port, now: slot.tick });
    } catch (err) {
      deps.logger.error(err instanceof ClusterPortError && !err.retryable ? RUN_REFUSED_MESSAGE : RUN_FAILED_MESSAGE, errorFields(err));
      throw err;
    }
    if (report.outcome === 'failed') {
      deps.logger.error(RUN_FAILED_MESSAGE, errorFields(report.error));
      throw report.error;
    }
    const fields = { ...runLogFields(report, config.dryRun), slot };
    if (report.outcome === 'rejected') deps.logger.error(RUN_LOG_MESSAGE, fields);
    else deps.logger.info(RUN_LOG_MESSAGE, fields);
    publishRunMetrics(deps.metrics, report, config.settings);
    if (report.outcome === 'rejected') throw report.error;
    return { outcome: report.outcome, action: report.action.kind, reason: report.action.reason, ready: report.assessment.ready };
  };
}

function errorFields(err: unknown): Record<string, unknown> {
  if (err instanceof ClusterPortError) return { error: { kind: err.kind, name: err.awsErrorName, message: err.message } };
  return { error: { message: err instanceof Error ? err.message : String(err) } };
}
