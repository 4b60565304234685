import type { ReactiveSettings } from '../../../lambda/pre-scaler/core';
import { reactiveSettingsLine } from '../../../tools/plan/reactive-settings-summary';

const ON: ReactiveSettings = {
  enabled: true,
  sustainedMinutes: 3,
  writerCpuPercent: 80,
  writerConnectionsPercent: 75,
  proxyBorrowLatencyMicros: 50_000,
  ceiling: { kind: 'provisioned', instanceClass: 'db.r6g.4xlarge' },
  readerFloorStep: 1,
  cooldownMinutes: 30,
  quietMinutes: 60,
};

test.each<[string, ReactiveSettings | undefined, boolean, string]>([
  [
    'on, provisioned',
    ON,
    false,
    'Reactive scale-up: on; pressure: writer CPU ≥ 80% or connections ≥ 75% of max_connections or proxy borrow latency ≥ 50000 µs for 3 min; step: the next class up, reader floor +1; ceiling db.r6g.4xlarge; cooldown 30 min; back down after 60 min without pressure.',
  ],
  [
    'on, Serverless v2, dry run',
    (({ proxyBorrowLatencyMicros: _, ...rest }) => ({ ...rest, ceiling: { kind: 'serverless-v2', maxCapacity: 32 } }) as ReactiveSettings)(
      ON,
    ),
    true,
    'Reactive scale-up: on (dry run: logged only); pressure: writer CPU ≥ 80% or connections ≥ 75% of max_connections for 3 min; step: the maximum ×2, reader floor +1; ceiling 32 ACU; cooldown 30 min; back down after 60 min without pressure.',
  ],
  ['off', { ...ON, enabled: false }, false, 'Reactive scale-up: off; the ceiling db.r6g.4xlarge still bounds `npm run surge`.'],
  ['absent', undefined, false, 'Reactive scale-up: not configured (an override is bounded only by the catalogue and the baseline).'],
])('%s: one line with the thresholds, the ceiling and the cooldown', (_, reactive, dryRun, line) => {
  expect(reactiveSettingsLine(reactive, dryRun)).toBe(line);
});
