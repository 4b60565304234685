import type { ReplicaCleanupPort } from './cluster-port';
import { describeAwsError, isTransientAwsError, ReplicaCleanupError } from './errors';
import type { CleanupProperties } from './contract';
import { planReplicaCleanup, type InstanceSummary } from './select-replicas';

/** The logging the clean-up needs (Powertools' Logger satisfies it; tests pass a recorder). */
export interface CleanupLogger {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
}

/** An auto-scaled replica that still exists, and its last known state. */
export interface RemainingReplica {
  readonly identifier: string;
  readonly status: string;
  /** Why no delete was sent this time (the instance refused it, or a call was throttled). */
  readonly note?: string;
}

/** Where the clean-up stands after one step. */
export type CleanupProgress =
  /** Nothing to do and nothing will be done: the reason says why. */
  | { readonly state: 'skipped'; readonly reason: string }
  /** Deletes are under way or must be retried: poll again. */
  | { readonly state: 'waiting'; readonly reason: string; readonly remaining: readonly RemainingReplica[] }
  /** No auto-scaled replica of the cluster is left. */
  | { readonly state: 'done' };

/**
 * One step of the clean-up, safe to repeat: read the cluster's instances back from RDS, send a delete for
 * every auto-scaled replica not already being deleted, and report what remains. Run by `onEvent` (Delete)
 * and again on every `isComplete` poll, so a replica that autoscaling was still creating when the
 * teardown began is deleted once it can be.
 *
 * It does nothing when the cluster outlives the stack (DeletionPolicy Retain), or when Aurora Auto
 * Scaling still manages the cluster — then the resource is being removed or replaced by an update, not
 * torn down with the cluster, and deleting replicas would cut the live cluster's read capacity.
 *
 * Throws {@link ReplicaCleanupError} (which fails the CloudFormation operation with its message) only
 * for what waiting cannot fix; throttling and service faults that outlive the SDK's retries mean "wait".
 */
export async function runCleanupStep(
  port: ReplicaCleanupPort,
  logger: CleanupLogger,
  properties: CleanupProperties,
): Promise<CleanupProgress> {
  const cluster = properties.clusterIdentifier;

  if (properties.clusterDeletionPolicy === 'Retain' || properties.clusterDeletionPolicy === 'RetainExceptOnCreate') {
    return skipped(
      logger,
      `cluster ${cluster} is retained when the stack is deleted (DeletionPolicy ${properties.clusterDeletionPolicy}): its auto-scaled replicas keep serving it`,
    );
  }

  let registered: boolean;
  try {
    registered = await port.readerScalingRegistered(cluster);
  } catch (error) {
    if (isTransientAwsError(error))
      return waiting(logger, `checking Aurora Auto Scaling for cluster ${cluster} failed for now (${describeAwsError(error)})`, []);
    throw new ReplicaCleanupError(
      `Could not check whether Aurora Auto Scaling still manages cluster ${cluster}: ${describeAwsError(error)}. Fix: allow application-autoscaling:DescribeScalableTargets to the clean-up function's role, or delete the cluster's application-autoscaling-* instances by hand and retry the stack deletion.`,
    );
  }
  if (registered) {
    return skipped(
      logger,
      `Aurora Auto Scaling still manages cluster ${cluster} (a scalable target on rds:cluster:ReadReplicaCount is registered), so this is not a teardown of the cluster: its replicas are left to autoscaling. If the stack is being deleted, make the scalable target depend on this resource (AutoscaledReplicaCleanup.protectScalableTarget) so it is deregistered first`,
    );
  }

  let instances: InstanceSummary[];
  try {
    instances = await port.listClusterInstances(cluster);
  } catch (error) {
    if (isTransientAwsError(error))
      return waiting(logger, `listing the instances of cluster ${cluster} failed for now (${describeAwsError(error)})`, []);
    throw new ReplicaCleanupError(
      `Could not list the instances of cluster ${cluster} to delete its auto-scaled replicas: ${describeAwsError(error)}. Fix: allow rds:DescribeDBInstances to the clean-up function's role, or delete the cluster's application-autoscaling-* instances by hand and retry the stack deletion.`,
    );
  }

  const plan = planReplicaCleanup(cluster, instances);
  if (plan.ignored.length > 0) logger.info('instances left alone', { cluster, ignored: plan.ignored });

  const blocked = plan.replicas.flatMap((r) => (r.kind === 'blocked' ? [r] : []));
  const firstBlocked = blocked[0];
  if (firstBlocked) {
    const list = blocked.map((r) => `${r.identifier} (${r.status})`).join(', ');
    throw new ReplicaCleanupError(
      `Cannot delete the auto-scaled replicas of cluster ${cluster}: ${list}. Fix: ${firstBlocked.fix.replace('<cluster>', cluster)}.`,
    );
  }

  const remaining: RemainingReplica[] = [];
  for (const replica of plan.replicas) {
    if (replica.kind === 'wait') {
      remaining.push({ identifier: replica.identifier, status: replica.status });
      continue;
    }
    try {
      const outcome = await port.deleteInstance(replica.identifier);
      if (outcome.kind === 'deleting') {
        logger.info('deleting auto-scaled replica', { cluster, instance: replica.identifier, status: replica.status });
        remaining.push({ identifier: replica.identifier, status: 'deleting' });
      } else if (outcome.kind === 'busy') {
        remaining.push({ identifier: replica.identifier, status: replica.status, note: outcome.reason });
      }
    } catch (error) {
      if (!isTransientAwsError(error)) {
        throw new ReplicaCleanupError(
          `Could not delete auto-scaled replica ${replica.identifier} of cluster ${cluster}: ${describeAwsError(error)}. Fix: check that the clean-up function's role allows rds:DeleteDBInstance on db:application-autoscaling-*, or delete the replica by hand (aws rds delete-db-instance --db-instance-identifier ${replica.identifier}) and retry the stack deletion.`,
        );
      }
      remaining.push({ identifier: replica.identifier, status: replica.status, note: describeAwsError(error) });
    }
  }

  if (remaining.length === 0) {
    logger.info('no auto-scaled replica left', { cluster });
    return { state: 'done' };
  }
  return waiting(logger, `waiting for ${remaining.length} auto-scaled replica(s) of cluster ${cluster} to be deleted`, remaining);
}

function skipped(logger: CleanupLogger, reason: string): CleanupProgress {
  logger.warn('clean-up skipped', { reason });
  return { state: 'skipped', reason };
}

function waiting(logger: CleanupLogger, reason: string, remaining: readonly RemainingReplica[]): CleanupProgress {
  logger.info('clean-up waiting', { reason, remaining });
  return { state: 'waiting', reason, remaining };
}
