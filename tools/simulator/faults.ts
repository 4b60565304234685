/** The simulated AWS API calls faults can be aimed at. */
export type ApiVerb =
  | 'DescribeDBClusters'
  | 'DescribeDBInstances'
  | 'DescribeScalableTargets'
  | 'ModifyDBInstance'
  | 'FailoverDBCluster'
  | 'ModifyDBCluster'
  | 'RegisterScalableTarget'
  | 'AddTagsToResource'
  | 'RemoveTagsFromResource';

/**
 * What goes wrong with one call:
 * - `throttle`: refused with `Throttling`, nothing applied;
 * - `fail`: refused with `InternalFailure`, nothing applied;
 * - `lost-reply`: applied, but the caller sees a timeout (it cannot know whether it happened).
 */
export type CallFault = 'throttle' | 'fail' | 'lost-reply';

/** A fault on calls to `verb` (or every verb) between two instants, at most `times` times. */
export interface CallFaultRule {
  readonly fault: CallFault;
  /** @default - every verb */
  readonly verb?: ApiVerb;
  /** @default - from the start */
  readonly fromMs?: number;
  /** @default - forever */
  readonly untilMs?: number;
  /** @default - unlimited */
  readonly times?: number;
}

/** A resize that stays in `modifying` longer than usual. */
export interface StuckModifyingRule {
  /** @default - any instance */
  readonly instanceId?: string;
  /** A resize started in [fromMs, untilMs) is stuck. */
  readonly fromMs?: number;
  readonly untilMs?: number;
  /** Extra minutes spent in `modifying`. */
  readonly extraMinutes: number;
  /** @default 1 */
  readonly times?: number;
}

/** The faults of one simulation. Rules are consumed as they fire (`times`). */
export class FaultInjector {
  private readonly callRules: Array<CallFaultRule & { left: number }>;
  private readonly stuckRules: Array<StuckModifyingRule & { left: number }>;
  /** Every fault that fired, for assertions and the plan's notes. */
  readonly fired: Array<{ atMs: number; verb: ApiVerb; fault: CallFault | 'stuck-modifying' }> = [];

  constructor(options: { calls?: readonly CallFaultRule[]; stuck?: readonly StuckModifyingRule[] } = {}) {
    this.callRules = (options.calls ?? []).map((r) => ({ ...r, left: r.times ?? Number.POSITIVE_INFINITY }));
    this.stuckRules = (options.stuck ?? []).map((r) => ({ ...r, left: r.times ?? 1 }));
  }

  /** The fault for this call, if one applies (and consumes it). */
  onCall(verb: ApiVerb, atMs: number): CallFault | undefined {
    const rule = this.callRules.find(
      (r) => r.left > 0 && (r.verb === undefined || r.verb === verb) && atMs >= (r.fromMs ?? -Infinity) && atMs < (r.untilMs ?? Infinity),
    );
    if (!rule) return undefined;
    rule.left--;
    this.fired.push({ atMs, verb, fault: rule.fault });
    return rule.fault;
  }

  /** Extra minutes in `modifying` for a resize of `instanceId` started at `atMs`. */
  extraModifyingMinutes(instanceId: string, atMs: number): number {
    const rule = this.stuckRules.find(
      (r) =>
        r.left > 0 &&
        (r.instanceId === undefined || r.instanceId === instanceId) &&
        atMs >= (r.fromMs ?? -Infinity) &&
        atMs < (r.untilMs ?? Infinity),
    );
    if (!rule) return 0;
    rule.left--;
    this.fired.push({ atMs, verb: 'ModifyDBInstance', fault: 'stuck-modifying' });
    return rule.extraMinutes;
  }
}
