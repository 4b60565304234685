import type { WriterCapacity } from './writer-capacity';

/**
 * The two capacity sources besides the calendar (issue 15): a reactive surge the pre-scaler raised by
 * itself, and an operator's time-bounded override. Both are stored on the cluster as tags (see
 * `contract/surge-tags.ts`) and read back on every run, so the function stays stateless: what it
 * decided last time is in AWS, never in the container.
 */

/**
 * The writer ceiling of reactive scale-up: the largest capacity an emergency step may reach.
 * Provisioned: an instance class of the baseline's family. Serverless v2: the largest maximum ACU.
 */
export type WriterCeiling =
  | { readonly kind: 'provisioned'; readonly instanceClass: string }
  | { readonly kind: 'serverless-v2'; readonly maxCapacity: number };

/**
 * Reactive scale-up of one environment (`preScaler.reactive` in its config). The ceiling bounds the
 * operator's override too, so it is carried even where reactive steps are off.
 */
export interface ReactiveSettings {
  /** Take emergency steps (dry run still only logs them). Off: the ceiling still bounds overrides. */
  readonly enabled: boolean;
  /** Pressure must hold this many consecutive 1-minute datapoints before a step. */
  readonly sustainedMinutes: number;
  /** Writer `CPUUtilization` at or above this percent is pressure. */
  readonly writerCpuPercent: number;
  /** Writer `DatabaseConnections` at or above this percent of the running writer's `max_connections` is pressure. */
  readonly writerConnectionsPercent: number;
  /**
   * RDS Proxy `DatabaseConnectionsBorrowLatency` (microseconds) at or above this is pressure.
   * @default - not watched (or no proxy)
   */
  readonly proxyBorrowLatencyMicros?: number;
  /**
   * RDS Proxy `ClientConnections` at or above this count is pressure.
   * @default - not watched (or no proxy)
   */
  readonly proxyClientConnections?: number;
  /** Never step the writer above this. */
  readonly ceiling: WriterCeiling;
  /** Replicas added to the reader floor by each emergency step (never above `readerAutoScaling.maxReplicas`). */
  readonly readerFloorStep: number;
  /** Minutes after an emergency step before another may start. */
  readonly cooldownMinutes: number;
  /** Minutes without pressure before the surge capacity may be given back (then only with the scale-down guards). */
  readonly quietMinutes: number;
  /**
   * `max_connections` of each writer the connections threshold may meet, keyed by the writer's
   * `DBInstanceClass` (`db.serverless` for Serverless v2, from the baseline maximum ACU: it changes
   * only after a reboot). Written at synth from the engine's formula (`lib/connection-budget.ts`).
   * @default - the connections signal is not watched
   */
  readonly writerMaxConnections?: Readonly<Record<string, number>>;
}

/**
 * A reactive surge in force, as its cluster tag records it: the capacity the emergency steps asked
 * for so far, and when. The planner treats it like a campaign in force until it is cleared.
 */
export interface SurgeRecord {
  /** Emergency steps taken in this surge (1 after the first). */
  readonly level: number;
  /** The writer capacity the surge asks for now. */
  readonly writer: WriterCapacity;
  /** The reader floor the surge asks for now. */
  readonly readerFloor: number;
  /** When the first step of this surge was decided (epoch ms). */
  readonly sinceMs: number;
  /** When the latest step was decided (epoch ms): the cooldown runs from here. */
  readonly lastStepMs: number;
}

/**
 * An operator's emergency override (`npm run surge`): a time-bounded target the pre-scaler honours
 * like a campaign in force (the maximum of each dimension wins), and that expires by itself.
 */
export interface OverrideTarget {
  /** The writer capacity asked for. @default - the writer is left to the calendar and the surge */
  readonly writer?: WriterCapacity;
  /** The reader floor asked for. @default - left to the calendar and the surge */
  readonly readerFloor?: number;
  /** When it was set (epoch ms). */
  readonly setAtMs: number;
  /** When it expires (epoch ms); from then on it is ignored (and the next run removes the tags). */
  readonly untilMs: number;
  /** Who set it: the caller's identity as `sts:GetCallerIdentity` returned it. */
  readonly by: string;
  /** Why, as the operator wrote it (tag-safe characters only). */
  readonly reason: string;
}
