import { loadConfig } from '../../config/load-config';
import { plannerSettingsFor } from '../../config/load-calendar';
import type { ReactiveSettings } from '../../lambda/pre-scaler/core';
import { reactiveSettingsLine } from '../plan/reactive-settings-summary';

/** What the line is made of: the reactive settings as the pre-scaler receives them, and whether it only logs. */
export interface ReactiveSettingsSource {
  readonly reactive: ReactiveSettings | undefined;
  readonly dryRun: boolean;
}

/**
 * One line of the PR report per environment: its reactive scale-up settings (issue 15), the same
 * sentence `npm run plan` prints (tools/plan/reactive-settings-summary.ts), with its label in bold.
 * Environments the working tree has no valid config for (one the change removes) get no line.
 */
export function reactiveSettingsLines(
  environments: readonly string[],
  sourceOf: (environment: string) => ReactiveSettingsSource | undefined = workingTreeSource,
): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const env of new Set(environments)) {
    const source = sourceOf(env);
    if (source) out.set(env, reactiveSettingsLine(source.reactive, source.dryRun).replace(/^Reactive scale-up:/, '**Reactive scale-up:**'));
  }
  return out;
}

function workingTreeSource(environment: string): ReactiveSettingsSource | undefined {
  try {
    const config = loadConfig(environment);
    return { reactive: plannerSettingsFor(config).reactive, dryRun: config.preScaler.dryRun };
  } catch {
    return undefined;
  }
}
