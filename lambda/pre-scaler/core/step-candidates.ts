import type { BlockedAction, MutatingAction, WaitAction, WaitCause } from './action';
import type { InstanceObservation } from './observation';

/** A check that may hold a step for a while (a scale-down of the writer waits for all four). */
export type Guard = 'campaign-in-force' | 'cpu-guard' | 'low-traffic-window' | 'pressure';

/** The guards every scale-down of the writer passes. */
export const DOWN_GUARDS: readonly Guard[] = ['campaign-in-force', 'cpu-guard', 'low-traffic-window', 'pressure'];

/** One candidate step, before the checks that may hold it. */
export interface Step {
  readonly kind: 'step';
  readonly action: MutatingAction;
  /** Instances that must be `available` (the cluster always must be). */
  readonly touches: readonly InstanceObservation[];
  readonly guards: readonly Guard[];
  /** A failover target whose replica lag must be low. @default - no lag check */
  readonly lagOf?: InstanceObservation;
}

/** A reason to stop here: wait for something, or report what a person must fix. */
export interface Stop {
  readonly kind: 'stop';
  readonly action: WaitAction | BlockedAction;
}

export type Candidate = Step | Stop;

export function campaignOf(id: string | undefined): { campaignId?: string } {
  return id === undefined ? {} : { campaignId: id };
}

export function wait(waitingFor: WaitCause, reason: string, campaignId?: string): WaitAction {
  return { kind: 'wait', waitingFor, reason, ...campaignOf(campaignId) };
}

export function waitStop(waitingFor: WaitCause, reason: string, campaignId?: string): Stop {
  return { kind: 'stop', action: wait(waitingFor, reason, campaignId) };
}

export function blockedStop(reason: string, campaignId?: string): Stop {
  return { kind: 'stop', action: { kind: 'blocked', reason, ...campaignOf(campaignId) } };
}

/** A step as a phrase for wait reasons: `resizing standby b to db.r6g.4xlarge`. */
export function describeStep(step: MutatingAction): string {
  switch (step.kind) {
    case 'modify-instance':
      return `resizing standby ${step.instanceId} to ${step.toClass}`;
    case 'failover':
      return `failover to ${step.targetInstanceId}`;
    case 'set-serverless-range':
      return `setting the Serverless v2 range to ${step.minCapacity}–${step.maxCapacity} ACU`;
    case 'set-reader-floor':
      return `setting the reader floor to ${step.minCapacity}`;
  }
}
