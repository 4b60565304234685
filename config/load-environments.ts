import type { CampaignInput } from '../lambda/pre-scaler/core';
import { type LoadedCalendar, loadCalendar } from './load-calendar';
import { ConfigError, environmentNames, loadConfig, validateEnvironment } from './load-config';
import type { EnvironmentConfig, EnvironmentInput } from './schema/environment';

/** One environment, validated with its calendar. */
export interface LoadedEnvironment {
  readonly config: EnvironmentConfig;
  readonly calendar: LoadedCalendar;
}

/** The problems of one environment, each a line `[env] field: what is wrong. Fix: …`. */
export interface EnvironmentProblems {
  readonly environment: string;
  readonly problems: readonly string[];
}

export type LoadedEnvironments =
  | { readonly ok: true; readonly environments: readonly LoadedEnvironment[] }
  | { readonly ok: false; readonly problems: readonly EnvironmentProblems[] };

export interface LoadEnvironmentsOptions {
  /** The instant calendar warnings are computed for (never what is validated). */
  readonly now: Date;
  /** Environments as written, by name. @default - the committed environments */
  readonly environments?: Readonly<Record<string, EnvironmentInput>>;
  /** @default - the committed calendar */
  readonly campaigns?: readonly CampaignInput[];
}

/**
 * Validates every environment and its calendar, and collects every problem of every environment
 * instead of stopping at the first: what synth needs before it creates any construct. An
 * environment whose own config is invalid is reported with those problems (its calendar needs a
 * valid environment to be checked against).
 */
export function loadEnvironments(options: LoadEnvironmentsOptions): LoadedEnvironments {
  const names = options.environments ? Object.keys(options.environments) : environmentNames();
  const loaded: LoadedEnvironment[] = [];
  const problems: EnvironmentProblems[] = [];
  for (const name of names) {
    try {
      const input = options.environments?.[name];
      const config = input ? validateEnvironment(input, name) : loadConfig(name);
      loaded.push({
        config,
        calendar: loadCalendar(config, { now: options.now, ...(options.campaigns ? { campaigns: options.campaigns } : {}) }),
      });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push({ environment: name, problems: err.problems });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, environments: loaded };
}

/**
 * The problems as one message for a terminal: a count, then each environment with its own lines.
 *
 * ```
 * Synth stopped: 2 configuration problems in 2 environments. Nothing was synthesized.
 *
 * prod (1 problem):
 *   - campaigns["x"].start: … Fix: …
 * ```
 */
export function formatEnvironmentProblems(report: readonly EnvironmentProblems[]): string {
  const total = report.reduce((n, e) => n + e.problems.length, 0);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines = [
    `Synth stopped: ${plural(total, 'configuration problem')} in ${plural(report.length, 'environment')}. Nothing was synthesized.`,
  ];
  for (const { environment, problems } of report) {
    lines.push('', `${environment} (${plural(problems.length, 'problem')}):`);
    for (const p of problems) lines.push(`  - ${p.startsWith(`[${environment}] `) ? p.slice(environment.length + 3) : p}`);
  }
  return `${lines.join('\n')}\n`;
}
