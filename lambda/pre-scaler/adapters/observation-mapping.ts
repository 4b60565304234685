import type { ScalableTarget } from '@aws-sdk/client-application-auto-scaling';
import type { DBCluster, DBInstance } from '@aws-sdk/client-rds';
import { decodeOverride, decodeSurgeRecord } from '../contract/surge-tags';
import { AUTOSCALED_INSTANCE_PREFIX, ClusterPortError, type InstanceObservation, type Observation } from '../core';

/** The scalable dimension of Aurora Auto Scaling: the number of Aurora Replicas. */
export const READ_REPLICA_COUNT = 'rds:cluster:ReadReplicaCount';

/** `cluster:<id>`: the resource id Application Auto Scaling uses for an Aurora cluster. */
export function readerTargetResourceId(clusterIdentifier: string): string {
  return `cluster:${clusterIdentifier}`;
}

/**
 * The planner's {@link Observation} from the three describe answers, without CloudWatch figures.
 * Roles (writer, promotion tier) come from the cluster's member list, classes and statuses from the
 * instances; an instance not yet listed as a member (being created) counts as a reader.
 */
export function toObservation(
  clusterIdentifier: string,
  cluster: DBCluster | undefined,
  instances: readonly DBInstance[],
  targets: readonly ScalableTarget[],
): Observation {
  if (!cluster)
    throw new ClusterPortError(
      'rejected',
      `DescribeDBClusters returned no cluster ${clusterIdentifier}. Fix: check CLUSTER_IDENTIFIER and that the stack is deployed.`,
      'DBClusterNotFoundFault',
    );
  const members = new Map((cluster.DBClusterMembers ?? []).map((m) => [m.DBInstanceIdentifier, m]));
  const observed: InstanceObservation[] = instances
    .filter((i) => i.DBInstanceIdentifier !== undefined)
    .map((i) => {
      const id = i.DBInstanceIdentifier as string;
      const member = members.get(id);
      return {
        id,
        instanceClass: i.DBInstanceClass ?? 'unknown',
        status: i.DBInstanceStatus ?? 'unknown',
        isWriter: member?.IsClusterWriter ?? false,
        promotionTier: member?.PromotionTier ?? i.PromotionTier ?? 15,
        createdByAutoScaling: id.startsWith(AUTOSCALED_INSTANCE_PREFIX),
      };
    });
  const range = cluster.ServerlessV2ScalingConfiguration;
  const target = targets.find(
    (t) => t.ScalableDimension === READ_REPLICA_COUNT && t.ResourceId === readerTargetResourceId(clusterIdentifier),
  );
  // The surge record and the override travel as cluster tags: DescribeDBClusters returns the TagList.
  // @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBCluster.html
  const tags = cluster.TagList ?? [];
  const surge = decodeSurgeRecord(tags);
  const override = decodeOverride(tags);
  const tagProblems = [surge, override].flatMap((r) => (r.ok ? [] : [r.problem]));
  return {
    clusterId: cluster.DBClusterIdentifier ?? clusterIdentifier,
    ...(cluster.DBClusterArn ? { clusterArn: cluster.DBClusterArn } : {}),
    ...(surge.ok && surge.value ? { surge: surge.value } : {}),
    ...(override.ok && override.value ? { override: override.value } : {}),
    ...(tagProblems.length > 0 ? { tagProblems } : {}),
    clusterStatus: cluster.Status ?? 'unknown',
    instances: observed,
    ...(range?.MinCapacity !== undefined && range.MaxCapacity !== undefined
      ? { serverlessV2: { minCapacity: range.MinCapacity, maxCapacity: range.MaxCapacity } }
      : {}),
    ...(target?.MinCapacity !== undefined && target.MaxCapacity !== undefined
      ? { readerTarget: { minCapacity: target.MinCapacity, maxCapacity: target.MaxCapacity } }
      : {}),
  };
}
