import { AWS_STEP_MINUTES } from '../../lambda/pre-scaler/core/step-durations';

/** A duration range in minutes; the model draws uniformly inside it. */
export interface MinuteRange {
  readonly min: number;
  readonly max: number;
}

/** How long the simulated AWS takes for each operation. */
export interface SimulatedDurations {
  /** `ModifyDBInstance` with a new class (the instance is `modifying`). */
  readonly resizeInstance: MinuteRange;
  /** `FailoverDBCluster` (the cluster is `failing-over`). */
  readonly failover: MinuteRange;
  /** A reader added by Aurora Auto Scaling (`creating`). */
  readonly addReader: MinuteRange;
  /** A reader removed by Aurora Auto Scaling (`deleting`). */
  readonly removeReader: MinuteRange;
  /** `ModifyDBCluster` with a new Serverless v2 range (the cluster is `modifying`). */
  readonly serverlessRangeChange: MinuteRange;
}

/** AWS-like durations: resize 10–15 min, failover 30–60 s, new reader 8–10 min. */
export const AWS_LIKE_DURATIONS: SimulatedDurations = AWS_STEP_MINUTES;

/** Every operation takes the longest AWS-like time: what the plan command shows. */
export const WORST_CASE_DURATIONS: SimulatedDurations = Object.fromEntries(
  Object.entries(AWS_STEP_MINUTES).map(([k, r]) => [k, { min: r.max, max: r.max }]),
) as unknown as SimulatedDurations;
