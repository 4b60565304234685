import { loadConfig } from '../../config/load-config';
import { plannerSettingsFor } from '../../config/load-calendar';
import type { PlannerSettings, ReactiveSettings } from '../../lambda/pre-scaler/core';

function ceilingText(ceiling: ReactiveSettings['ceiling']): string {
  return ceiling.kind === 'provisioned' ? ceiling.instanceClass : `${ceiling.maxCapacity} ACU`;
}

/**
 * One line of the PR report per environment: its reactive scale-up settings (issue 15) as the
 * pre-scaler receives them in its planner settings: the pressure thresholds, how long they must hold,
 * the ceiling, the step, the cooldown and the quiet time before scaling back.
 */
export function reactiveSettingsLine(settings: PlannerSettings): string {
  const r = settings.reactive;
  if (!r)
    return '**Reactive scale-up:** not configured: no emergency steps; `npm run surge` is bounded by the catalogue and the baseline only.';
  if (!r.enabled)
    return `**Reactive scale-up:** off (\`preScaler.reactive.enabled: false\`); the ceiling ${ceilingText(r.ceiling)} still bounds \`npm run surge\`.`;
  const pressure = [
    `writer CPU ≥ ${r.writerCpuPercent} %`,
    `connections ≥ ${r.writerConnectionsPercent} % of max_connections`,
    ...(r.proxyBorrowLatencyMicros !== undefined ? [`proxy borrow latency ≥ ${r.proxyBorrowLatencyMicros} µs`] : []),
    ...(r.proxyClientConnections !== undefined ? [`proxy client connections ≥ ${r.proxyClientConnections}`] : []),
  ];
  return `**Reactive scale-up:** on: when ${pressure.join(' or ')} for ${r.sustainedMinutes} min; ceiling ${ceilingText(r.ceiling)}; +${r.readerFloorStep} reader${r.readerFloorStep === 1 ? '' : 's'} per step; cooldown ${r.cooldownMinutes} min; scale back after ${r.quietMinutes} quiet min.`;
}

/**
 * The line for each environment whose config the working tree has (an environment removed from it
 * has none), keyed by environment name.
 */
export function reactiveSettingsLines(
  environments: readonly string[],
  settingsOf: (environment: string) => PlannerSettings | undefined = workingTreeSettings,
): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const env of new Set(environments)) {
    const settings = settingsOf(env);
    if (settings) out.set(env, reactiveSettingsLine(settings));
  }
  return out;
}

/** The working tree's planner settings of an environment, or undefined when it has no valid config for it. */
function workingTreeSettings(environment: string): PlannerSettings | undefined {
  try {
    return plannerSettingsFor(loadConfig(environment));
  } catch {
    return undefined;
  }
}
