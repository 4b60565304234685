import type { Campaign } from './campaign';
import { compareClasses, type PlannerSettings, type WriterCapacity } from './settings';
import { windowsBetween } from './windows';

const MINUTE = 60_000;
/** How far back to look for the campaign that ended last (it names scale-downs). */
const LAST_ENDED_LOOKBACK_MS = 15 * 86_400_000;
/** A chain of campaigns is followed at most this far ahead (weekly windows could otherwise chain forever). */
export const CHAIN_LOOKAHEAD_MS = 15 * 86_400_000;

/** A campaign occurrence that is in force now: from `start − leadTime` to `end + coolDown`. */
export interface InForceCampaign {
  readonly campaignId: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly inForceFromMs: number;
  readonly inForceUntilMs: number;
}

/** The writer capacity wanted now, and the campaign that asks for it (@default - none: the baseline). */
export type DesiredWriter = WriterCapacity & { readonly campaignId?: string };

/** The capacity the calendar asks for at one instant. Overlapping campaigns take the maximum. */
export interface DesiredState {
  /** The instant this state is for (epoch ms). */
  readonly atMs: number;
  readonly writer: DesiredWriter;
  /** The reader scalable target's MinCapacity. */
  readonly readerFloor: { readonly count: number; readonly campaignId?: string };
  /** Campaigns in force now, by start. Empty outside campaigns: the desired state is the baseline. */
  readonly inForce: readonly InForceCampaign[];
  /**
   * The campaigns whose targets make up this state, by start: those in force now, and every later one
   * whose in-force period touches or overlaps theirs (a chain), followed at most {@link CHAIN_LOOKAHEAD_MS}
   * ahead. Capacity for the whole chain goes up from its first lead time, so no planned failover
   * falls inside a campaign of the chain. Empty outside campaigns.
   */
  readonly chain: readonly InForceCampaign[];
  /** The campaign whose in-force period ended last (within 15 days), to name a scale-down. @default - none */
  readonly lastEnded?: { readonly campaignId: string; readonly inForceUntilMs: number };
  /**
   * What raised this state above the calendar: the reactive surge, the operator's override (issue 15),
   * one phrase each (`the reactive surge (level 1, since 14:05Z)`). @default - nothing: the calendar alone
   */
  readonly raisedBy?: readonly string[];
}

function forEnvironment(calendar: readonly Campaign[], settings: PlannerSettings): Campaign[] {
  return calendar.filter((c) => c.environments.includes(settings.environment));
}

/** Campaign occurrences in force at `nowMs`, ordered by start. */
export function inForceAt(calendar: readonly Campaign[], settings: PlannerSettings, nowMs: number): InForceCampaign[] {
  const lead = settings.leadTimeMinutes * MINUTE;
  const cool = settings.coolDownMinutes * MINUTE;
  const out: InForceCampaign[] = [];
  for (const campaign of forEnvironment(calendar, settings)) {
    for (const w of windowsBetween(campaign, nowMs - cool, nowMs + lead + 1)) {
      const from = w.startMs - lead;
      const until = w.endMs + cool;
      if (from <= nowMs && nowMs < until)
        out.push({ campaignId: w.campaignId, startMs: w.startMs, endMs: w.endMs, inForceFromMs: from, inForceUntilMs: until });
    }
  }
  return out.sort((a, b) => a.startMs - b.startMs || a.campaignId.localeCompare(b.campaignId));
}

/**
 * The campaigns live at `nowMs`: between their start and end (not in their lead time or cool-down).
 * Inside one, no planned failover happens, so a provisioned writer is not raised by a surge or an
 * override (`decideSurge`, and what `npm run surge` says).
 */
export function liveAt(inForce: readonly InForceCampaign[], nowMs: number): InForceCampaign[] {
  return inForce.filter((f) => f.startMs <= nowMs && nowMs < f.endMs);
}

/**
 * The campaigns in force at `nowMs` and those chained to them: a later occurrence joins when it
 * comes into force (start − leadTime) at or before the chain's end (the latest end + coolDown).
 */
export function chainAt(calendar: readonly Campaign[], settings: PlannerSettings, nowMs: number): InForceCampaign[] {
  const chain = inForceAt(calendar, settings, nowMs);
  if (chain.length === 0) return chain;
  const lead = settings.leadTimeMinutes * MINUTE;
  const cool = settings.coolDownMinutes * MINUTE;
  const key = (c: { campaignId: string; startMs: number }) => `${c.campaignId}@${c.startMs}`;
  const seen = new Set(chain.map(key));
  const limit = nowMs + CHAIN_LOOKAHEAD_MS;
  let until = Math.max(...chain.map((c) => c.inForceUntilMs));
  for (let grew = true; grew; ) {
    grew = false;
    for (const campaign of forEnvironment(calendar, settings)) {
      for (const w of windowsBetween(campaign, nowMs, Math.min(until, limit) + lead + 1)) {
        const from = w.startMs - lead;
        if (from > until || from > limit || seen.has(key(w))) continue;
        seen.add(key(w));
        chain.push({ campaignId: w.campaignId, startMs: w.startMs, endMs: w.endMs, inForceFromMs: from, inForceUntilMs: w.endMs + cool });
        until = Math.max(until, w.endMs + cool);
        grew = true;
      }
    }
  }
  return chain.sort((a, b) => a.startMs - b.startMs || a.campaignId.localeCompare(b.campaignId));
}

function lastEndedBefore(calendar: readonly Campaign[], settings: PlannerSettings, nowMs: number): DesiredState['lastEnded'] {
  const cool = settings.coolDownMinutes * MINUTE;
  let best: DesiredState['lastEnded'];
  for (const campaign of forEnvironment(calendar, settings)) {
    for (const w of windowsBetween(campaign, nowMs - cool - LAST_ENDED_LOOKBACK_MS, nowMs - cool)) {
      const until = w.endMs + cool;
      if (until <= nowMs && (!best || until > best.inForceUntilMs)) best = { campaignId: w.campaignId, inForceUntilMs: until };
    }
  }
  return best;
}

/**
 * The capacity the calendar asks for at `now`: the baseline, raised by every campaign in force
 * (`start − leadTime` to `end + coolDown`) and by every campaign chained to them (see
 * {@link DesiredState.chain}); the maximum of each dimension wins, from the chain's first lead time.
 * Campaign targets of the other writer kind are ignored here (synth rejects them).
 */
export function computeDesiredState(calendar: readonly Campaign[], settings: PlannerSettings, now: Date | number): DesiredState {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const chain = chainAt(calendar, settings, nowMs);
  const inForce = chain.filter((f) => f.inForceFromMs <= nowMs && nowMs < f.inForceUntilMs);
  const byId = new Map(calendar.map((c) => [c.id, c]));
  const active = chain.map((f) => byId.get(f.campaignId) as Campaign);
  const lastEnded = lastEndedBefore(calendar, settings, nowMs);

  let floor: DesiredState['readerFloor'] = { count: settings.baseline.readerFloor };
  for (const c of active) {
    if (c.readerFloor > floor.count) floor = { count: c.readerFloor, campaignId: c.id };
  }

  const base = settings.baseline.writer;
  let writer: DesiredWriter;
  if (base.kind === 'provisioned') {
    let instanceClass = base.instanceClass;
    let campaignId: string | undefined;
    for (const c of active) {
      if (c.writer.kind !== 'provisioned') continue;
      if ((compareClasses(settings, c.writer.instanceClass, instanceClass) ?? -1) > 0) {
        instanceClass = c.writer.instanceClass;
        campaignId = c.id;
      }
    }
    writer = { kind: 'provisioned', instanceClass, ...(campaignId ? { campaignId } : {}) };
  } else {
    let minCapacity = base.minCapacity;
    let maxCapacity = base.maxCapacity;
    let campaignId: string | undefined;
    for (const c of active) {
      if (c.writer.kind !== 'serverless-v2') continue;
      if (c.writer.minCapacity > minCapacity) {
        minCapacity = c.writer.minCapacity;
        campaignId = c.id;
      }
      if ((c.writer.maxCapacity ?? 0) > maxCapacity) {
        maxCapacity = c.writer.maxCapacity ?? 0;
        campaignId ??= c.id;
      }
    }
    writer = { kind: 'serverless-v2', minCapacity, maxCapacity: Math.max(maxCapacity, minCapacity), ...(campaignId ? { campaignId } : {}) };
  }
  return { atMs: nowMs, writer, readerFloor: floor, inForce, chain, ...(lastEnded ? { lastEnded } : {}) };
}
