import type { ReactiveSettings } from './surge';
import type { WriterCapacity } from './writer-capacity';

export type { WriterCapacity } from './writer-capacity';

/**
 * What the planner needs to know about one environment, as plain data (it is serialised into the
 * pre-scaler Lambda). Built from the environment config by `plannerSettingsFor` in
 * `config/load-calendar.ts`.
 */
export interface PlannerSettings {
  /** Environment name: only campaigns that list it are considered. */
  readonly environment: string;
  /** Capacity outside any campaign (what CloudFormation deploys). */
  readonly baseline: Baseline;
  /** Minutes before a campaign's start at which it comes into force. */
  readonly leadTimeMinutes: number;
  /** Minutes after a campaign's end during which it stays in force. */
  readonly coolDownMinutes: number;
  /** Scale-down of the writer waits while its average CPU is at or above this percent. */
  readonly scaleDownCpuGuardPercent: number;
  /**
   * Writer scale-downs happen only inside this daily local window (`HH:mm-HH:mm`, may cross midnight).
   * @default - any time after the cool-down
   */
  readonly lowTrafficWindow?: { readonly daily: string; readonly timeZone: string };
  /**
   * A planned failover waits while the target reader's `AuroraReplicaLag` is above this.
   * @default 1000
   */
  readonly failoverMaxReplicaLagMs?: number;
  /**
   * Reactive scale-up and the writer ceiling (issue 15).
   * @default - no reactive steps; an override is bounded only by the catalogue and the baseline
   */
  readonly reactive?: ReactiveSettings;
  /** Memory and vCPUs of every instance class the planner may meet, to order them ("bigger than"). */
  readonly instanceClassSizes: Readonly<Record<string, InstanceClassSize>>;
}

export interface InstanceClassSize {
  readonly memoryGiB: number;
  readonly vcpus: number;
}

export interface Baseline {
  readonly writer: WriterCapacity;
  /** The reader scalable target's MinCapacity outside campaigns (readerAutoScaling.minReplicas). */
  readonly readerFloor: number;
}

export const DEFAULT_FAILOVER_MAX_REPLICA_LAG_MS = 1000;

/**
 * Orders two instance classes by capacity (memory, then vCPUs), like `compareInstanceClasses` in
 * config. Undefined when either class is not in the table.
 */
export function compareClasses(settings: PlannerSettings, a: string, b: string): number | undefined {
  if (a === b) return 0;
  const sa = settings.instanceClassSizes[a];
  const sb = settings.instanceClassSizes[b];
  if (!sa || !sb) return undefined;
  return sa.memoryGiB - sb.memoryGiB || sa.vcpus - sb.vcpus;
}
