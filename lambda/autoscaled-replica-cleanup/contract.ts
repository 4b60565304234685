/**
 * The clean-up function's contract: what the `AutoscaledReplicaCleanup` construct (lib/) and the
 * function agree on. The custom resource's properties (names the construct writes and the handler
 * reads, and their validation) and the identifier prefix the construct's IAM policy and the handler's
 * selection both rely on. No import at all, so both sides take it as it is.
 */

/**
 * Identifier prefix of the replicas that Aurora Auto Scaling creates (`application-autoscaling-<uuid>`).
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Integrating.AutoScaling.html
 */
export const AUTOSCALED_REPLICA_PREFIX = 'application-autoscaling-';

/** Property names of the `Custom::AutoscaledReplicaCleanup` resource. */
export const PROPERTY = {
  clusterIdentifier: 'ClusterIdentifier',
  clusterDeletionPolicy: 'ClusterDeletionPolicy',
} as const;

/** The cluster's CloudFormation `DeletionPolicy`, as the construct saw it at synth. */
export type ClusterDeletionPolicy = 'Delete' | 'Snapshot' | 'Retain' | 'RetainExceptOnCreate';

export interface CleanupProperties {
  readonly clusterIdentifier: string;
  readonly clusterDeletionPolicy: ClusterDeletionPolicy;
}

const DELETION_POLICIES: readonly ClusterDeletionPolicy[] = ['Delete', 'Snapshot', 'Retain', 'RetainExceptOnCreate'];

/**
 * RDS cluster identifier rule: 1–63 letters, digits or hyphens, starting with a letter, no trailing
 * hyphen and no two hyphens in a row.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html (DBClusterIdentifier)
 */
export const CLUSTER_IDENTIFIER_PATTERN = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,62}(?<!-)$/;

/** Thrown when the resource properties are not what the construct writes: a programming error. */
export class InvalidPropertiesError extends Error {
  override readonly name = 'InvalidPropertiesError';
}

/** Reads and checks the properties; every problem is reported with the fix. */
export function parseCleanupProperties(properties: Readonly<Record<string, unknown>> | undefined): CleanupProperties {
  const problems: string[] = [];
  const clusterIdentifier = properties?.[PROPERTY.clusterIdentifier];
  if (typeof clusterIdentifier !== 'string' || !CLUSTER_IDENTIFIER_PATTERN.test(clusterIdentifier)) {
    problems.push(
      `${PROPERTY.clusterIdentifier}: ${JSON.stringify(clusterIdentifier)} is not an RDS cluster identifier. Fix: pass the cluster's identifier (1–63 letters, digits or single hyphens, starting with a letter) as \`clusterIdentifier\` to AutoscaledReplicaCleanup.`,
    );
  }
  const policy = properties?.[PROPERTY.clusterDeletionPolicy] ?? 'Delete';
  if (typeof policy !== 'string' || !DELETION_POLICIES.includes(policy as ClusterDeletionPolicy)) {
    problems.push(
      `${PROPERTY.clusterDeletionPolicy}: ${JSON.stringify(policy)} is not a CloudFormation DeletionPolicy. Fix: one of ${DELETION_POLICIES.join(', ')} (the construct fills it from the cluster).`,
    );
  }
  if (problems.length > 0)
    throw new InvalidPropertiesError(`Custom::AutoscaledReplicaCleanup has invalid properties:\n- ${problems.join('\n- ')}`);
  return { clusterIdentifier: clusterIdentifier as string, clusterDeletionPolicy: policy as ClusterDeletionPolicy };
}
