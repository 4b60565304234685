import type { PhaseShares } from '../../config/schema/rehearsal';
import { PHASE_NAMES, type LoadLevel, type PhaseName } from './types';

/**
 * The load profile of a rehearsal, as pure maths over elapsed time: warm-up at baseline, a linear ramp to
 * the peak, a hold at the peak, a linear ramp back down to baseline.
 */
export interface LoadProfile {
  /** Total length of the run, in milliseconds. */
  readonly durationMs: number;
  readonly baseline: LoadLevel;
  readonly peak: LoadLevel;
  /** Share of `durationMs` spent in each phase; they add up to 1. */
  readonly phases: PhaseShares;
}

/** One phase placed on the time line: `[startMs, endMs)`. */
export interface PhaseWindow {
  readonly name: PhaseName;
  readonly startMs: number;
  readonly endMs: number;
}

/** What the profile asks for at one instant. Values are not rounded. */
export interface LoadTarget extends LoadLevel {
  readonly phase: PhaseName;
}

const SHARE_OF: Record<PhaseName, keyof PhaseShares> = {
  'warm-up': 'warmUp',
  'ramp-up': 'rampUp',
  hold: 'hold',
  'ramp-down': 'rampDown',
};

/** The phases on the time line, in order; a phase with a zero share has zero length. */
export function phaseWindows(profile: LoadProfile): PhaseWindow[] {
  let start = 0;
  return PHASE_NAMES.map((name, i) => {
    const end = i === PHASE_NAMES.length - 1 ? profile.durationMs : start + profile.phases[SHARE_OF[name]] * profile.durationMs;
    const window = { name, startMs: start, endMs: end };
    start = end;
    return window;
  });
}

function windowAt(windows: readonly PhaseWindow[], elapsedMs: number): PhaseWindow {
  const found = windows.find((w) => elapsedMs < w.endMs && w.endMs > w.startMs) ?? windows[windows.length - 1];
  if (!found) throw new Error('a profile always has four phase windows');
  return found;
}

/** Fraction of the way through a window, 0 to 1. */
function progressIn(w: PhaseWindow, elapsedMs: number): number {
  const length = w.endMs - w.startMs;
  return length <= 0 ? 1 : Math.min(1, Math.max(0, (elapsedMs - w.startMs) / length));
}

function between(from: number, to: number, fraction: number): number {
  return from + (to - from) * fraction;
}

/** The connections and rate the profile asks for `elapsedMs` after the start (clamped to the run). */
export function loadAt(profile: LoadProfile, elapsedMs: number): LoadTarget {
  const t = Math.min(Math.max(elapsedMs, 0), profile.durationMs);
  const w = windowAt(phaseWindows(profile), t);
  const { baseline: b, peak: p } = profile;
  const f = progressIn(w, t);
  const level = (fraction: number) => ({
    connections: between(b.connections, p.connections, fraction),
    transactionsPerSecond: between(b.transactionsPerSecond, p.transactionsPerSecond, fraction),
  });
  switch (w.name) {
    case 'warm-up':
      return { phase: w.name, ...level(0) };
    case 'ramp-up':
      return { phase: w.name, ...level(f) };
    case 'hold':
      return { phase: w.name, ...level(1) };
    case 'ramp-down':
      return { phase: w.name, ...level(1 - f) };
  }
}

/**
 * Transactions the profile has asked for by `elapsedMs`: the integral of the rate from the start
 * (fractional). The engine starts transaction number k when this passes k, so the run starts exactly
 * `transactionsDueBy(profile, durationMs)` transactions (rounded down) if nothing stops it.
 */
export function transactionsDueBy(profile: LoadProfile, elapsedMs: number): number {
  const t = Math.min(Math.max(elapsedMs, 0), profile.durationMs);
  const b = profile.baseline.transactionsPerSecond;
  const p = profile.peak.transactionsPerSecond;
  let total = 0;
  for (const w of phaseWindows(profile)) {
    if (t <= w.startMs) break;
    const lengthS = (w.endMs - w.startMs) / 1000;
    const spentS = (Math.min(t, w.endMs) - w.startMs) / 1000;
    if (lengthS <= 0) continue;
    switch (w.name) {
      case 'warm-up':
        total += b * spentS;
        break;
      case 'hold':
        total += p * spentS;
        break;
      // A linear ramp: the area under a line from `from` to `to` over the window, up to `spentS`.
      case 'ramp-up':
        total += b * spentS + ((p - b) * spentS * spentS) / (2 * lengthS);
        break;
      case 'ramp-down':
        total += p * spentS - ((p - b) * spentS * spentS) / (2 * lengthS);
        break;
    }
  }
  return total;
}

/** Transactions the whole run asks for. */
export function totalTransactions(profile: LoadProfile): number {
  return transactionsDueBy(profile, profile.durationMs);
}

/** Client connections for each endpoint, given whole web-app instances. */
export interface FleetSize {
  /** Web-app instances running: the total connections divided by `connectionsPerAppInstance`, rounded up. */
  readonly appInstances: number;
  readonly reader: number;
  readonly writer: number;
}

/**
 * Turns a connection target into a fleet the way a web fleet grows: whole app instances of
 * `connectionsPerAppInstance` connections each, shared between the two endpoints in proportion to the
 * share of reads (at least one connection for an endpoint that has any traffic).
 */
export function fleetFor(connections: number, connectionsPerAppInstance: number, readShare: number): FleetSize {
  const appInstances = Math.max(1, Math.ceil(connections / connectionsPerAppInstance - 1e-9));
  const total = appInstances * connectionsPerAppInstance;
  if (readShare <= 0) return { appInstances, reader: 0, writer: total };
  if (readShare >= 1) return { appInstances, reader: total, writer: 0 };
  if (total < 2) return { appInstances, reader: 1, writer: 1 };
  const reader = Math.min(total - 1, Math.max(1, Math.round(total * readShare)));
  return { appInstances, reader, writer: total - reader };
}
