import type { ReactiveSettings, WriterCeiling } from '../../lambda/pre-scaler/core';

function ceilingText(c: WriterCeiling): string {
  return c.kind === 'provisioned' ? c.instanceClass : `${c.maxCapacity} ACU`;
}

/**
 * An environment's reactive scale-up in one line (issue 15.5): on or off, the pressure thresholds and
 * how long they must hold, the ceiling, the step, the cooldown and the quiet period.
 */
export function reactiveSettingsLine(reactive: ReactiveSettings | undefined, dryRun: boolean): string {
  if (!reactive) return 'Reactive scale-up: not configured (an override is bounded only by the catalogue and the baseline).';
  const ceiling = ceilingText(reactive.ceiling);
  if (!reactive.enabled) return `Reactive scale-up: off; the ceiling ${ceiling} still bounds \`npm run surge\`.`;
  const signals = [
    `writer CPU ≥ ${reactive.writerCpuPercent}%`,
    `connections ≥ ${reactive.writerConnectionsPercent}% of max_connections`,
    ...(reactive.proxyBorrowLatencyMicros !== undefined ? [`proxy borrow latency ≥ ${reactive.proxyBorrowLatencyMicros} µs`] : []),
    ...(reactive.proxyClientConnections !== undefined ? [`proxy client connections ≥ ${reactive.proxyClientConnections}`] : []),
  ];
  const step = reactive.ceiling.kind === 'provisioned' ? 'the next class up' : 'the maximum ×2';
  return `Reactive scale-up: on${dryRun ? ' (dry run: logged only)' : ''}; pressure: ${signals.join(' or ')} for ${reactive.sustainedMinutes} min; step: ${step}, reader floor +${reactive.readerFloorStep}; ceiling ${ceiling}; cooldown ${reactive.cooldownMinutes} min; back down after ${reactive.quietMinutes} min without pressure.`;
}
