import type { ReconcileConfig } from '../core';
import { decodeCalendarFile } from './calendar-file';
import { decodePreScalerEnvironment } from './environment';

/** What the pre-scaler knows for one life of its container (one cold start). */
export interface PreScalerRuntimeConfig extends ReconcileConfig {
  /** `DBClusterIdentifier` of the cluster it reconciles. */
  readonly clusterIdentifier: string;
  /** The RDS Proxy whose figures count as pressure. @default - none */
  readonly proxyName?: string;
}

/** The configuration cannot be used: every problem, one line each, naming the variable or field and the fix. */
export class PreScalerConfigurationError extends Error {
  constructor(
    readonly environment: string,
    readonly problems: readonly string[],
  ) {
    super(
      `[${environment}] pre-scaler configuration is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}); it acts on nothing until it is fixed:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'PreScalerConfigurationError';
  }
}

/**
 * The function's configuration from its environment variables and its calendar file's text, read
 * once at cold start. Throws a {@link PreScalerConfigurationError} listing every problem of both;
 * nothing of an invalid configuration is used.
 */
export function loadPreScalerRuntimeConfig(
  env: Readonly<Record<string, string | undefined>>,
  calendarFileText: string | undefined,
): PreScalerRuntimeConfig {
  const problems: string[] = [];
  const variables = decodePreScalerEnvironment(env, problems);
  const file = decodeCalendarFile(calendarFileText, problems);
  if (problems.length > 0 || !variables || !file)
    throw new PreScalerConfigurationError(file?.settings.environment ?? environmentNamed(calendarFileText), problems);
  return { ...variables, settings: file.settings, calendar: file.calendar };
}

/** The environment a calendar file names, for the error of a file that did not validate. */
function environmentNamed(text: string | undefined): string {
  try {
    const environment = (JSON.parse(text ?? '') as { settings?: { environment?: unknown } }).settings?.environment;
    return typeof environment === 'string' && environment.length > 0 ? environment : 'unknown environment';
  } catch {
    return 'unknown environment';
  }
}
