import { type DesiredState, type DesiredWriter, liveAt } from './desired-state';
import { formatInstant } from './format';
import type { Observation } from './observation';
import { planFromDesiredState } from './planner';
import type { PressureRequest, SurgeTagChange } from './port';
import { assessPressure, type PressureVerdict } from './pressure';
import { compareClasses, type PlannerSettings, type WriterCapacity } from './settings';
import type { OverrideTarget, ReactiveSettings, SurgeRecord, WriterCeiling } from './surge';

const MINUTE = 60_000;

/**
 * What the surge and the override make of one run (issue 15), decided from the calendar's desired
 * state and the observation. Pure, like the planner: everything it needs was read from AWS this run.
 */
export interface SurgeAssessment {
  /** The calendar's desired state raised by the surge record (new or read) and a live override: what the planner works towards. */
  readonly desired: DesiredState;
  /** Tags to write before the run's capacity step. @default - none */
  readonly tagChange?: SurgeTagChange;
  /** An emergency step was decided this run (the record in `tagChange.set` is new). */
  readonly emergencyStep: boolean;
  /** Pressure holds and the writer is already at the reactive ceiling: nothing left to grow. */
  readonly atCeiling: boolean;
  /** The level of the surge in force after this run's decision (0: none). */
  readonly surgeLevel: number;
  /** An override is in force (not expired). */
  readonly overrideInForce: boolean;
  /** The pressure verdict, when the readings were read. @default - not read */
  readonly pressure?: PressureVerdict;
  /** Why, one sentence each (what the surge and override did, what held an emergency step). */
  readonly notes: readonly string[];
}

/** What the reactive decision must read from CloudWatch: undefined when nothing of it can matter now. */
export function pressureRequestFor(
  calendar: DesiredState,
  settings: PlannerSettings,
  observation: Observation,
): PressureRequest | undefined {
  const reactive = settings.reactive;
  // A campaign in force is the campaign's business: no emergency step, no scale-down, nothing to watch.
  if (!reactive?.enabled || calendar.inForce.length > 0) return undefined;
  const minutes = Math.max(reactive.sustainedMinutes, observation.surge ? reactive.quietMinutes : 0) + 2;
  const serverless = settings.baseline.writer.kind === 'serverless-v2';
  return {
    minutes,
    proxy: reactive.proxyBorrowLatencyMicros !== undefined || reactive.proxyClientConnections !== undefined,
    connections: reactive.writerMaxConnections !== undefined,
    serverlessCapacity: serverless,
  };
}

/**
 * The run's surge decision:
 * - the calendar's desired state is raised by the surge record and by an override that has not
 *   expired (the maximum of each dimension), both bounded by the ceiling (see {@link boundWriter});
 * - an emergency step when pressure held `sustainedMinutes`, reactive scale-up is on, no campaign is
 *   in force, nothing is in flight, the cooldown since the last step passed and the writer is below
 *   the ceiling: the next class up in the family (provisioned) or a doubled maximum with the minimum
 *   raised to the current capacity (Serverless v2), and the reader floor raised by `readerFloorStep`;
 * - the surge record is cleared after `quietMinutes` without pressure (then the ordinary scale-down
 *   path, with its guards, gives the capacity back), or at once when reactive scale-up is off;
 * - an expired override is ignored and its tags removed.
 * While a campaign is live (between its start and end), a provisioned writer is not raised by the
 * surge or the override: that would be a failover inside the campaign.
 */
export function decideSurge(calendar: DesiredState, settings: PlannerSettings, observation: Observation): SurgeAssessment {
  const nowMs = calendar.atMs;
  const reactive = settings.reactive;
  // Nothing on the cluster and no pressure figure: the calendar alone (most runs).
  const noFigures = !observation.pressure || observation.pressure.minutes.length === 0;
  if (!observation.surge && !observation.override && !observation.tagProblems && (!reactive?.enabled || noFigures))
    return { desired: calendar, emergencyStep: false, atCeiling: false, surgeLevel: 0, overrideInForce: false, notes: [] };
  const notes: string[] = [...(observation.tagProblems ?? [])];
  let clearSurge = false;
  let clearOverride = false;
  const removeReasons: string[] = [];

  const override = observation.override;
  const overrideLive = override !== undefined && override.setAtMs <= nowMs && nowMs < override.untilMs;
  if (override && !overrideLive && nowMs >= override.untilMs) {
    clearOverride = true;
    removeReasons.push(`the override set by ${override.by} expired ${formatInstant(override.untilMs)}: it is ignored and its tags removed`);
  }

  let surge = observation.surge;
  if (surge && !reactive?.enabled) {
    clearSurge = true;
    removeReasons.push(
      `reactive scale-up is off, so the surge record (level ${surge.level}) is cleared; the ordinary scale-down path gives the capacity back`,
    );
    surge = undefined;
  }

  const withSources = (record: SurgeRecord | undefined, because?: string) =>
    raiseDesired(calendar, settings, observation, [
      ...(record ? [surgeSource(record, because)] : []),
      ...(overrideLive && override ? [overrideSource(override)] : []),
    ]);
  let raised = withSources(surge);
  notes.push(...raised.notes);

  let pressure: PressureVerdict | undefined;
  let emergencyStep = false;
  let atCeiling = false;
  let set: SurgeRecord | undefined;

  if (reactive?.enabled && observation.pressure) {
    pressure = assessPressure(reactive, observation.pressure, observation.instances.find((i) => i.isWriter)?.instanceClass, nowMs);
    if (calendar.inForce.length > 0) {
      if (pressure.sustained)
        notes.push(
          `${pressure.summary}; ${calendar.inForce.map((f) => f.campaignId).join(', ')} in force: the campaign's capacity answers it, no emergency step.`,
        );
    } else if (pressure.sustained) {
      const step = emergencyStepFrom(raised.desired, settings, reactive, observation);
      const inFlight = planFromDesiredState(raised.desired, settings, observation);
      const cooldownEndsMs = surge ? surge.lastStepMs + reactive.cooldownMinutes * MINUTE : Number.NEGATIVE_INFINITY;
      if (!step) {
        atCeiling = true;
        notes.push(
          `${pressure.summary}, and the writer is at the reactive ceiling ${describeCeiling(reactive.ceiling)}: nothing left to grow. Fix: raise capacity by hand or with \`npm run surge\` within the ceiling, or raise preScaler.reactive.ceiling and deploy.`,
        );
      } else if (!settledEnough(inFlight.kind, inFlight.kind === 'wait' ? inFlight.waitingFor : undefined)) {
        notes.push(`${pressure.summary}; an emergency step waits: a step is in flight (${inFlight.reason})`);
      } else if (nowMs < cooldownEndsMs) {
        notes.push(
          `${pressure.summary}; the next emergency step waits for the ${reactive.cooldownMinutes}-minute cooldown (until ${formatInstant(cooldownEndsMs)})`,
        );
      } else {
        set = {
          level: (surge?.level ?? 0) + 1,
          writer: step.writer,
          readerFloor: step.readerFloor,
          sinceMs: surge?.sinceMs ?? nowMs,
          lastStepMs: nowMs,
        };
        emergencyStep = true;
        // The step's reason names the figures that called for it.
        raised = withSources(set, pressure.summary);
        notes.push(
          `emergency step ${set.level}: ${pressure.summary}; no campaign is in force, so the writer goes to ${describeWriter(step.writer)} and the reader floor to ${step.readerFloor} (ceiling ${describeCeiling(reactive.ceiling)})`,
        );
      }
    } else if (surge && pressure.quiet && nowMs - surge.lastStepMs >= reactive.quietMinutes * MINUTE) {
      clearSurge = true;
      removeReasons.push(
        `${reactive.quietMinutes} minutes without pressure since the surge's last step: the surge record is cleared; the scale-down guards decide when capacity goes back`,
      );
      surge = undefined;
      raised = withSources(undefined);
    }
  }

  const reasons = [...(set ? [notes[notes.length - 1] as string] : []), ...removeReasons];
  const tagChange: SurgeTagChange | undefined =
    set || clearSurge || clearOverride
      ? {
          ...(set ? { set } : {}),
          ...(clearSurge ? { clearSurge } : {}),
          ...(clearOverride ? { clearOverride } : {}),
          reason: `${reasons.join('; ')}.`,
        }
      : undefined;
  return {
    desired: raised.desired,
    ...(tagChange ? { tagChange } : {}),
    emergencyStep,
    atCeiling,
    surgeLevel: set?.level ?? surge?.level ?? 0,
    overrideInForce: overrideLive,
    ...(pressure ? { pressure } : {}),
    notes: [...notes, ...removeReasons],
  };
}

/** Only a run with nothing to do, or with nothing but a held scale-down, has nothing in flight. */
function settledEnough(kind: string, waitingFor: string | undefined): boolean {
  return (
    kind === 'none' || (kind === 'wait' && (waitingFor === 'cpu-guard' || waitingFor === 'low-traffic-window' || waitingFor === 'pressure'))
  );
}

interface CapacitySource {
  readonly writer?: WriterCapacity;
  readonly readerFloor?: number;
  readonly phrase: string;
  readonly label: string;
}

function surgeSource(record: SurgeRecord, because?: string): CapacitySource {
  return {
    writer: record.writer,
    readerFloor: record.readerFloor,
    phrase: `the reactive surge (level ${record.level}, since ${formatInstant(record.sinceMs)}${because ? `; ${because}` : ''})`,
    label: 'the surge record',
  };
}

function overrideSource(override: OverrideTarget): CapacitySource {
  return {
    ...(override.writer ? { writer: override.writer } : {}),
    ...(override.readerFloor !== undefined ? { readerFloor: override.readerFloor } : {}),
    phrase: `the operator's override (by ${override.by}, until ${formatInstant(override.untilMs)})`,
    label: 'the override',
  };
}

/**
 * A writer from a tag, bounded: refused (ignored, with a note) when it is of the other writer kind,
 * a class the catalogue does not know, or of another family than the baseline; clamped to the reactive
 * ceiling when above it. Clamped rather than refused: the tag asks for more capacity in an emergency,
 * and the most the environment allows is the nearest safe answer, where refusing would leave the
 * writer at the baseline. The ceiling is config (reviewed, deployed); a tag anyone with tag rights
 * wrote by hand cannot pass it.
 */
export function boundWriter(
  settings: PlannerSettings,
  writer: WriterCapacity,
  label: string,
): { readonly writer?: WriterCapacity; readonly note?: string } {
  const base = settings.baseline.writer;
  const ceiling = settings.reactive?.ceiling;
  if (writer.kind !== base.kind)
    return {
      note: `${label} asks for a ${writer.kind} writer, but this environment's writer is ${base.kind}: its writer part is ignored.`,
    };
  if (writer.kind === 'provisioned' && base.kind === 'provisioned') {
    if (!settings.instanceClassSizes[writer.instanceClass])
      return { note: `${label} asks for ${writer.instanceClass}, a class the catalogue does not know: its writer part is ignored.` };
    if (familyOf(writer.instanceClass) !== familyOf(base.instanceClass))
      return {
        note: `${label} asks for ${writer.instanceClass}, not of the baseline's family db.${familyOf(base.instanceClass)}: its writer part is ignored.`,
      };
    if (ceiling?.kind === 'provisioned' && (compareClasses(settings, writer.instanceClass, ceiling.instanceClass) ?? 0) > 0)
      return {
        writer: { kind: 'provisioned', instanceClass: ceiling.instanceClass },
        note: `${label} asks for ${writer.instanceClass}, above the ceiling ${ceiling.instanceClass}: clamped to the ceiling.`,
      };
    return { writer };
  }
  if (writer.kind === 'serverless-v2' && ceiling?.kind === 'serverless-v2' && writer.maxCapacity > ceiling.maxCapacity) {
    const max = ceiling.maxCapacity;
    return {
      writer: { kind: 'serverless-v2', minCapacity: Math.min(writer.minCapacity, max), maxCapacity: max },
      note: `${label} asks for up to ${writer.maxCapacity} ACU, above the ceiling ${max} ACU: clamped to the ceiling.`,
    };
  }
  return { writer };
}

function raiseDesired(
  calendar: DesiredState,
  settings: PlannerSettings,
  observation: Observation,
  sources: readonly CapacitySource[],
): { desired: DesiredState; notes: string[] } {
  if (sources.length === 0) return { desired: calendar, notes: [] };
  const notes: string[] = [];
  const live = liveAt(calendar.inForce, calendar.atMs);
  const observedWriter = observation.instances.find((i) => i.isWriter);
  let writer: DesiredWriter = calendar.writer;
  let floor = calendar.readerFloor;
  const raisedBy: string[] = [];
  for (const source of sources) {
    let raised = false;
    const bounded = source.writer ? boundWriter(settings, source.writer, source.label) : {};
    if (bounded.note) notes.push(bounded.note);
    const w = bounded.writer;
    if (
      w?.kind === 'provisioned' &&
      writer.kind === 'provisioned' &&
      (compareClasses(settings, w.instanceClass, writer.instanceClass) ?? -1) > 0
    ) {
      const alreadyThere =
        observedWriter !== undefined && (compareClasses(settings, observedWriter.instanceClass, w.instanceClass) ?? -1) >= 0;
      if (live.length > 0 && !alreadyThere) {
        notes.push(
          `${source.label}'s writer ${w.instanceClass} waits: ${live.map((f) => f.campaignId).join(', ')} is live, and a planned failover never happens inside a campaign (its reader floor applies now).`,
        );
      } else {
        writer = { kind: 'provisioned', instanceClass: w.instanceClass };
        raised = true;
      }
    } else if (
      w?.kind === 'serverless-v2' &&
      writer.kind === 'serverless-v2' &&
      (w.minCapacity > writer.minCapacity || w.maxCapacity > writer.maxCapacity)
    ) {
      const minCapacity = Math.max(writer.minCapacity, w.minCapacity);
      writer = { kind: 'serverless-v2', minCapacity, maxCapacity: Math.max(writer.maxCapacity, w.maxCapacity, minCapacity) };
      raised = true;
    }
    if (source.readerFloor !== undefined && source.readerFloor > floor.count) {
      const max = observation.readerTarget?.maxCapacity;
      const count = max !== undefined ? Math.min(source.readerFloor, max) : source.readerFloor;
      if (count < source.readerFloor)
        notes.push(
          `${source.label} asks for a reader floor of ${source.readerFloor}, above the scalable target's MaxCapacity ${max}: clamped to ${count}.`,
        );
      if (count > floor.count) {
        floor = { count };
        raised = true;
      }
    }
    if (raised) raisedBy.push(source.phrase);
  }
  if (raisedBy.length === 0) return { desired: calendar, notes };
  return { desired: { ...calendar, writer, readerFloor: floor, raisedBy }, notes };
}

/** The family of an instance class: `r6g` of `db.r6g.xlarge`. */
export function familyOf(instanceClass: string): string {
  return instanceClass.split('.')[1] ?? '';
}

/**
 * The capacity one emergency step asks for, from what is wanted or running now (whichever is
 * bigger); undefined when the writer is at the ceiling.
 * - provisioned: the next class up in the family, by the catalogue's order (memory, then vCPUs);
 * - Serverless v2: the maximum doubled (capped at the ceiling), and the minimum raised to the
 *   writer's current capacity (`ServerlessDatabaseCapacity`) so it does not fall back;
 * - the reader floor raised by `readerFloorStep`, capped at the scalable target's MaxCapacity.
 */
export function emergencyStepFrom(
  desired: DesiredState,
  settings: PlannerSettings,
  reactive: ReactiveSettings,
  observation: Observation,
): { writer: WriterCapacity; readerFloor: number } | undefined {
  const ceiling = reactive.ceiling;
  const target = observation.readerTarget;
  const floorNow = Math.max(desired.readerFloor.count, target?.minCapacity ?? 0);
  const readerFloor = Math.min(floorNow + reactive.readerFloorStep, target?.maxCapacity ?? floorNow + reactive.readerFloorStep);
  const w = desired.writer;
  if (w.kind === 'provisioned') {
    if (ceiling.kind !== 'provisioned') return undefined;
    const running = observation.instances.find((i) => i.isWriter)?.instanceClass;
    const current = running !== undefined && (compareClasses(settings, running, w.instanceClass) ?? -1) > 0 ? running : w.instanceClass;
    if ((compareClasses(settings, current, ceiling.instanceClass) ?? 0) >= 0) return undefined;
    const next = Object.keys(settings.instanceClassSizes)
      .filter((c) => familyOf(c) === familyOf(current) && (compareClasses(settings, c, current) ?? 0) > 0)
      .filter((c) => (compareClasses(settings, c, ceiling.instanceClass) ?? 1) <= 0)
      .sort((a, b) => compareClasses(settings, a, b) ?? 0)[0];
    return next ? { writer: { kind: 'provisioned', instanceClass: next }, readerFloor } : undefined;
  }
  if (ceiling.kind !== 'serverless-v2') return undefined;
  const range = observation.serverlessV2;
  const currentMax = Math.max(w.maxCapacity, range?.maxCapacity ?? 0);
  const currentMin = Math.max(w.minCapacity, range?.minCapacity ?? 0);
  if (currentMax >= ceiling.maxCapacity) return undefined;
  const maxCapacity = Math.min(ceiling.maxCapacity, Math.ceil(currentMax * 2 * 2) / 2);
  const capacity = observation.pressure?.writerServerlessCapacity;
  const minCapacity = Math.min(maxCapacity, Math.max(currentMin, capacity !== undefined ? Math.ceil(capacity * 2) / 2 : 0));
  return { writer: { kind: 'serverless-v2', minCapacity, maxCapacity }, readerFloor };
}

function describeWriter(w: WriterCapacity): string {
  return w.kind === 'provisioned' ? w.instanceClass : `${w.minCapacity}–${w.maxCapacity} ACU`;
}

export function describeCeiling(c: WriterCeiling): string {
  return c.kind === 'provisioned' ? c.instanceClass : `${c.maxCapacity} ACU`;
}
