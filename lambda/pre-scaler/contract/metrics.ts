/**
 * The metrics the pre-scaler publishes on every run: the contract between the Lambda (which writes
 * them, as Powertools Metrics EMF log lines) and the dashboard and alarms (which read them).
 * Both sides import this one object, so a renamed metric breaks the build, not the dashboard.
 * No import at all: the Lambda bundle and `lib/` both take it as it is.
 *
 * Namespace `AuroraSurge/PreScaler`, one dimension `Environment=<env>`, one datapoint per run.
 */
export const PRE_SCALER_NAMESPACE = 'AuroraSurge/PreScaler';

/** The dimension every pre-scaler metric carries. */
export const PRE_SCALER_DIMENSION = 'Environment';

export const PRE_SCALER_METRICS = {
  /**
   * Writer capacity the calendar asks for now. Serverless v2: the minimum ACU of the range. Provisioned:
   * the memory of the instance class in GiB (`db.r6g.xlarge` = 32, `db.r6g.4xlarge` = 128), from
   * the catalogue in the function's calendar file (`config/instance-classes.ts` at synth); memory is what `max_connections` and the buffer cache follow.
   */
  DesiredWriterCapacity: 'DesiredWriterCapacity',
  /** Writer capacity observed now, in the same unit as {@link PRE_SCALER_METRICS.DesiredWriterCapacity}. */
  ActualWriterCapacity: 'ActualWriterCapacity',
  /** Reader floor (scalable target `MinCapacity`) the calendar asks for now. */
  DesiredReaderFloor: 'DesiredReaderFloor',
  /** Reader floor observed now (the scalable target's `MinCapacity`). */
  ActualReaderFloor: 'ActualReaderFloor',
  /**
   * Aurora Replicas in the cluster now (every non-writer member, fixed and auto-scaled), from
   * `DescribeDBClusters`. CloudWatch has no reader-count metric of its own (AWS/RDS publishes per
   * instance, and Application Auto Scaling publishes none), so this is what the "reader capacity
   * exhausted" alarm compares with `readerAutoScaling.maxReplicas`.
   */
  ReaderCount: 'ReaderCount',
  /** 1 when the run took an action (a resize, a failover, a floor change), else 0. */
  ActionsTaken: 'ActionsTaken',
  /** 1 when capacity is at the calendar's target (or no campaign is in force), else 0. */
  Ready: 'Ready',
  /** 1 when the run found the calendar invalid and acted on nothing, else 0. */
  InvalidCalendar: 'InvalidCalendar',
  /** 1 when the run finished its reconcile (observed, decided, acted or waited), else absent: the "no successful run" alarm reads it. */
  RunSucceeded: 'RunSucceeded',
  /** 1 when the run decided a mutating step (taken, or only logged in dry run), else 0. */
  PlannedActions: 'PlannedActions',
  /**
   * 1 when the run started a capacity change (a standby's class change, or a new Serverless v2 range),
   * else 0: the dashboard marks it on the time axis next to the traffic.
   */
  ResizeStarted: 'ResizeStarted',
  /** 1 when the run started a failover to the resized standby, else 0: marked on the time axis. */
  FailoverStarted: 'FailoverStarted',
  /** 1 when AWS refused the step for a reason the next run cannot fix (access denied, invalid parameter), else 0. */
  ActionRejected: 'ActionRejected',
  /**
   * 1 when a campaign starts within `preScaler.notReadyAlarmMinutes` (or has started and is not over)
   * and capacity is not yet what it needs, else 0: the "campaign not ready" alarm is a plain threshold on it.
   */
  CampaignStartingSoonNotReady: 'CampaignStartingSoonNotReady',
  /**
   * 1 when the run decided a reactive emergency step (the writer under sustained pressure with no
   * campaign in force; taken, or only logged in dry run), else 0: the "emergency scale-up taken" alarm (warning).
   */
  EmergencyStepTaken: 'EmergencyStepTaken',
  /** Emergency steps of the surge in force (the surge tag's level), 0 when none: drawn on the dashboard. */
  SurgeLevel: 'SurgeLevel',
  /**
   * 1 when the writer is under sustained pressure and already at the reactive ceiling (nothing left to
   * grow), else 0: the "surge at ceiling" alarm (critical).
   */
  SurgeAtCeiling: 'SurgeAtCeiling',
  /** 1 when an operator's override (`npm run surge`) is in force, else 0: the "override in force" alarm (warning). */
  OverrideInForce: 'OverrideInForce',
} as const;

export type PreScalerMetricName = (typeof PRE_SCALER_METRICS)[keyof typeof PRE_SCALER_METRICS];
