import { encodeWriterCapacity, type TagDecodeResult } from '../../lambda/pre-scaler/contract/surge-tags';
import {
  formatDuration,
  formatInstant,
  type InForceCampaign,
  inForceAt,
  liveAt,
  type OverrideTarget,
  type WriterCapacity,
} from '../../lambda/pre-scaler/core';
import type { ReadinessEstimate } from './estimate-readiness';
import type { FoundCluster } from './find-cluster';
import type { SurgeEnvironment } from './run-surge';

function writerText(w: WriterCapacity): string {
  return w.kind === 'provisioned' ? w.instanceClass : `${w.minCapacity}–${w.maxCapacity} ACU`;
}

function at(ms: number, nowMs: number): string {
  return `${formatInstant(ms)} (in ${formatDuration(ms - nowMs)})`;
}

/** One line about an override already on the cluster, which a new one replaces. */
export function renderExistingOverride(o: OverrideTarget): string {
  const what = [
    o.writer ? `writer ${encodeWriterCapacity(o.writer)}` : undefined,
    o.readerFloor !== undefined ? `${o.readerFloor} readers` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return `${what} until ${formatInstant(o.untilMs)}, set by ${o.by} ("${o.reason}")`;
}

/** What was recorded, what the pre-scaler will do and when, and when the override expires. */
export function renderOverrideSet(
  env: SurgeEnvironment,
  cluster: FoundCluster,
  target: OverrideTarget,
  estimate: ReadinessEstimate,
  replaced: string | undefined,
  dryRun: boolean,
): string {
  const now = target.setAtMs;
  const lines = [
    dryRun
      ? `surge: [${env.name}] dry run, nothing written. The override would be, on ${cluster.identifier}:`
      : `surge: [${env.name}] override recorded on ${cluster.identifier} (one AddTagsToResource):`,
    `  writer:  ${target.writer ? writerText(target.writer) : 'left to the calendar'} (running now: ${cluster.writer ? writerText(cluster.writer) : 'unknown'})`,
    `  readers: ${target.readerFloor !== undefined ? `floor ${target.readerFloor}` : 'left to the calendar'} (readers now: ${cluster.readers})`,
    `  by:      ${target.by}`,
    `  reason:  ${target.reason}`,
    `  expires by itself at ${at(target.untilMs, now)}; \`npm run surge -- --env ${env.name} --clear\` ends it sooner.`,
  ];
  if (replaced) lines.push(`  replaces the override that was there: ${replaced}.`);
  if (cluster.status !== 'available')
    lines.push(`  the cluster is ${cluster.status}: the pre-scaler waits until it is available before the first step.`);
  lines.push(
    '',
    `What the pre-scaler will do (next run by ${formatInstant(estimate.nextRunByMs)}; it runs every ${env.scheduleRateMinutes} min):`,
  );
  if (estimate.steps.length === 0)
    lines.push('  nothing: the cluster already has that capacity. The override keeps it from scaling back until it expires.');
  for (const s of estimate.steps) lines.push(`  - ${s.what}: done by ${formatInstant(s.doneByMs)}`);
  if (estimate.writerReadyByMs !== undefined) lines.push(`Writer capacity ready by ${at(estimate.writerReadyByMs, now)}.`);
  if (estimate.readersReadyByMs !== undefined) lines.push(`Readers ready by ${at(estimate.readersReadyByMs, now)}.`);
  lines.push(
    `(Upper ends: AWS's usual step durations and one ${env.scheduleRateMinutes}-min run per step, as in lambda/pre-scaler/core/step-durations.ts; the "pre-scaler run" log line and the dashboard show the real steps.)`,
  );
  if (estimate.allDoneByMs > target.untilMs)
    lines.push(`⚠️ The override expires before its steps are done (${formatInstant(estimate.allDoneByMs)}): ask for a longer --for.`);
  const live = target.writer?.kind === 'provisioned' ? liveCampaignsAt(env, now) : [];
  if (live.length > 0)
    lines.push(
      `⚠️ ${live.map((c) => `${c.campaignId} (until ${formatInstant(c.endMs)})`).join(', ')} is live: the pre-scaler never fails over inside a campaign, so the writer waits for its end; the reader floor applies now.`,
    );
  if (env.preScalerDryRun)
    lines.push(
      `⚠️ preScaler.dryRun is on in ${env.name}: the pre-scaler only logs these steps and takes none. Scale by hand (docs/pre-scaler-runbook.md).`,
    );
  lines.push(
    'After it expires, capacity follows the calendar again and scales back with the usual guards (CPU below the guard, the low-traffic window).',
    `The "override in force" alarm (warning) fires while it holds; CloudTrail records this AddTagsToResource with who made it.`,
  );
  return `${lines.join('\n')}\n`;
}

/** What `--clear` removed. */
export function renderCleared(
  env: SurgeEnvironment,
  cluster: FoundCluster,
  existing: TagDecodeResult<OverrideTarget>,
  dryRun: boolean,
): string {
  const what = existing.ok && existing.value ? renderExistingOverride(existing.value) : 'an override whose tag could not be read';
  return [
    dryRun
      ? `surge: [${env.name}] dry run, nothing removed. --clear would remove from ${cluster.identifier}: ${what}.`
      : `surge: [${env.name}] override removed from ${cluster.identifier} (one RemoveTagsFromResource): ${what}.`,
    `The pre-scaler's next run (within ${env.scheduleRateMinutes} min) follows the calendar again and scales back with the usual guards.`,
    '',
  ].join('\n');
}

/**
 * The environment's campaigns live at `nowMs` ({@link liveAt}): while one is, the pre-scaler does not
 * raise a provisioned writer for an override.
 */
export function liveCampaignsAt(env: SurgeEnvironment, nowMs: number): InForceCampaign[] {
  return liveAt(inForceAt(env.calendar ?? [], env.settings, nowMs), nowMs);
}
