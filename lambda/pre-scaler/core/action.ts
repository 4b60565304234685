/**
 * The planner's decision: one step, as data. Every action says why (`reason`, a sentence for logs
 * and PR comments) and, when a campaign caused it, which one (`campaignId`).
 */
export type Action =
  | ModifyInstanceAction
  | FailoverAction
  | SetServerlessRangeAction
  | SetReaderFloorAction
  | WaitAction
  | BlockedAction
  | NoneAction;

/** The actions that change something in AWS. */
export type MutatingAction = ModifyInstanceAction | FailoverAction | SetServerlessRangeAction | SetReaderFloorAction;

/** `up` adds capacity, `down` removes it. */
export type Direction = 'up' | 'down';

interface ActionBase {
  readonly reason: string;
  /** The campaign behind this step; for a scale-down, the campaign that ended last. @default - none (baseline) */
  readonly campaignId?: string;
}

/** `ModifyDBInstance` with `DBInstanceClass` and `ApplyImmediately`, on the failover standby only (never the writer). */
export interface ModifyInstanceAction extends ActionBase {
  readonly kind: 'modify-instance';
  readonly instanceId: string;
  readonly fromClass: string;
  readonly toClass: string;
  readonly direction: Direction;
}

/** `FailoverDBCluster` with `TargetDBInstanceIdentifier`. */
export interface FailoverAction extends ActionBase {
  readonly kind: 'failover';
  readonly targetInstanceId: string;
  /** The current writer, which becomes the standby. */
  readonly fromInstanceId: string;
  readonly fromClass: string;
  readonly toClass: string;
  readonly direction: Direction;
}

/** `ModifyDBCluster` with `ServerlessV2ScalingConfiguration` (applied immediately). */
export interface SetServerlessRangeAction extends ActionBase {
  readonly kind: 'set-serverless-range';
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly direction: Direction;
}

/** `RegisterScalableTarget` on `rds:cluster:ReadReplicaCount` with a new `MinCapacity` (MaxCapacity unchanged). */
export interface SetReaderFloorAction extends ActionBase {
  readonly kind: 'set-reader-floor';
  readonly minCapacity: number;
  readonly direction: Direction;
}

/** Something must happen first (an operation in progress, a guard); the next run looks again. */
export interface WaitAction extends ActionBase {
  readonly kind: 'wait';
  readonly waitingFor: WaitCause;
}

export type WaitCause =
  | 'cluster-busy'
  | 'instance-busy'
  | 'replica-lag'
  | 'campaign-in-force'
  | 'cpu-guard'
  | 'low-traffic-window'
  /** A standby resize waits for another reader to be available, so reads never lose their last reader. */
  | 'spare-reader'
  /** A scale-down waits while the writer is under pressure (reactive scale-up, issue 15). */
  | 'pressure';

/** The cluster is in a shape the planner cannot fix (a human must): logged and alarmed, not retried harder. */
export interface BlockedAction extends ActionBase {
  readonly kind: 'blocked';
}

/** Capacity is what the calendar asks for. */
export interface NoneAction extends ActionBase {
  readonly kind: 'none';
}

export function isMutating(action: Action): action is MutatingAction {
  return (
    action.kind === 'modify-instance' ||
    action.kind === 'failover' ||
    action.kind === 'set-serverless-range' ||
    action.kind === 'set-reader-floor'
  );
}
