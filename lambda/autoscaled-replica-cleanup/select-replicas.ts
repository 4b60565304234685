/**
 * Which instances of a cluster the clean-up deletes: the pure decision, no SDK import.
 *
 * Aurora Auto Scaling names the replicas it creates `application-autoscaling-<uuid>` and tags them
 * `application-autoscaling:resourceId` = `cluster:<cluster id>` (Aurora User Guide, Aurora Auto
 * Scaling). A replica is chosen only when both hold: a hand-made reader that happens to carry the prefix,
 * or a replica tagged for another cluster, is left alone. Promotion tier 15 is not a test: a hand-made
 * reader can be tier 15 too.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Integrating.AutoScaling.html
 *
 * aurora-surge names its own instances `aurora-surge-<env>-…`, so they can never carry the prefix; the
 * IAM policy of the clean-up function only allows deleting `db:application-autoscaling-*` as a second lock.
 */

import { AUTOSCALED_REPLICA_PREFIX } from './contract';

export { AUTOSCALED_REPLICA_PREFIX };

/** The tag Aurora Auto Scaling puts on the replicas it creates; its value is `cluster:<cluster id>`. */
export const AUTOSCALED_REPLICA_TAG = 'application-autoscaling:resourceId';

/**
 * Instance statuses meaning "a delete is already under way": no second DeleteDBInstance is sent.
 * `delete-precheck` precedes `deleting` (terraform-provider-aws waits on both, internal/service/rds/cluster_instance.go).
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/accessing-monitoring.html (DB instance statuses)
 */
export const DELETING_STATUSES: readonly string[] = ['deleting', 'delete-precheck'];

/**
 * Statuses in which a delete cannot progress until a person acts: a stopped cluster must be started
 * before its instances can be deleted. Waiting would only end in a time-out, so the clean-up fails at once.
 */
export const BLOCKING_STATUSES: Readonly<Record<string, string>> = {
  stopped:
    'start the cluster (`aws rds start-db-cluster --db-cluster-identifier <cluster>`), wait until it is available, then retry the stack deletion',
  stopping: 'wait until the cluster is stopped, start it again (`aws rds start-db-cluster`), then retry the stack deletion',
};

/** What the clean-up needs to know of one DB instance (a narrow view of DescribeDBInstances' `DBInstance`). */
export interface InstanceSummary {
  readonly identifier: string;
  /** The cluster the instance belongs to; absent for a stand-alone instance. */
  readonly clusterIdentifier?: string | undefined;
  readonly status?: string | undefined;
  /** The instance's tags (DescribeDBInstances' `TagList`). @default - none */
  readonly tags?: Readonly<Record<string, string>> | undefined;
}

/** One auto-scaled replica of the cluster and what to do with it. */
export type ReplicaAction =
  | { readonly kind: 'delete'; readonly identifier: string; readonly status: string }
  | { readonly kind: 'wait'; readonly identifier: string; readonly status: string }
  | { readonly kind: 'blocked'; readonly identifier: string; readonly status: string; readonly fix: string };

/** An instance the clean-up leaves alone, and why (kept for the log). */
export interface IgnoredInstance {
  readonly identifier: string;
  readonly reason: 'not-created-by-autoscaling' | 'other-cluster' | 'not-tagged-for-this-cluster';
}

export interface ReplicaCleanupPlan {
  readonly clusterIdentifier: string;
  /** One entry for each auto-scaled replica of the cluster that still exists. */
  readonly replicas: readonly ReplicaAction[];
  readonly ignored: readonly IgnoredInstance[];
}

/**
 * Picks the auto-scaled replicas of `clusterIdentifier` out of a DescribeDBInstances result and says, for
 * each, whether to delete it, wait for a delete under way, or stop because a person must act first.
 * Every instance is checked against the cluster again, even though the listing was filtered by it:
 * an instance of another cluster is never chosen. RDS identifiers are case-insensitive.
 */
export function planReplicaCleanup(clusterIdentifier: string, instances: readonly InstanceSummary[]): ReplicaCleanupPlan {
  const cluster = clusterIdentifier.toLowerCase();
  const replicas: ReplicaAction[] = [];
  const ignored: IgnoredInstance[] = [];
  for (const instance of instances) {
    if (instance.clusterIdentifier?.toLowerCase() !== cluster) {
      ignored.push({ identifier: instance.identifier, reason: 'other-cluster' });
    } else if (!isAutoscaledReplicaIdentifier(instance.identifier)) {
      ignored.push({ identifier: instance.identifier, reason: 'not-created-by-autoscaling' });
    } else if (instance.tags?.[AUTOSCALED_REPLICA_TAG]?.toLowerCase() !== `cluster:${cluster}`) {
      ignored.push({ identifier: instance.identifier, reason: 'not-tagged-for-this-cluster' });
    } else {
      replicas.push(actionFor(instance));
    }
  }
  return { clusterIdentifier, replicas, ignored };
}

/** Whether an identifier is one Aurora Auto Scaling gives the replicas it creates. */
export function isAutoscaledReplicaIdentifier(identifier: string): boolean {
  return identifier.toLowerCase().startsWith(AUTOSCALED_REPLICA_PREFIX);
}

function actionFor(instance: InstanceSummary): ReplicaAction {
  const status = instance.status ?? 'unknown';
  if (DELETING_STATUSES.includes(status)) return { kind: 'wait', identifier: instance.identifier, status };
  const fix = BLOCKING_STATUSES[status];
  if (fix !== undefined) return { kind: 'blocked', identifier: instance.identifier, status, fix };
  return { kind: 'delete', identifier: instance.identifier, status };
}
