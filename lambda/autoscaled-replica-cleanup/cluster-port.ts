import { DescribeScalableTargetsCommand } from '@aws-sdk/client-application-auto-scaling';
import { DeleteDBInstanceCommand, paginateDescribeDBInstances } from '@aws-sdk/client-rds';
import type { CleanupClients } from './aws-clients';
import { describeAwsError, isAwsError } from './errors';
import type { InstanceSummary } from './select-replicas';

/** What became of a DeleteDBInstance call. */
export type DeleteOutcome =
  | { readonly kind: 'deleting' }
  /** The instance is gone already: nothing to wait for. */
  | { readonly kind: 'not-found' }
  /** The instance or cluster is in a state that refuses the delete for now (creating, modifying, already deleting…). */
  | { readonly kind: 'busy'; readonly reason: string };

/** The AWS calls the clean-up makes; tests substitute the SDK clients underneath with aws-sdk-client-mock. */
export interface ReplicaCleanupPort {
  /** Whether Aurora Auto Scaling still has a scalable target on the cluster's reader count. */
  readerScalingRegistered(clusterIdentifier: string): Promise<boolean>;
  /** Every instance of the cluster, all pages read. */
  listClusterInstances(clusterIdentifier: string): Promise<InstanceSummary[]>;
  deleteInstance(instanceIdentifier: string): Promise<DeleteOutcome>;
}

/** DescribeDBInstances' largest page. @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBInstances.html */
const PAGE_SIZE = 100;

/** The port over the SDK v3 clients. Errors other than the expected outcomes are thrown as the SDK raised them. */
export function awsCleanupPort(clients: CleanupClients): ReplicaCleanupPort {
  return {
    async readerScalingRegistered(clusterIdentifier) {
      // Resource id and dimension of an Aurora reader-count target.
      // @see https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DescribeScalableTargets.html
      const out = await clients.autoScaling.send(
        new DescribeScalableTargetsCommand({
          ServiceNamespace: 'rds',
          ResourceIds: [`cluster:${clusterIdentifier}`],
          ScalableDimension: 'rds:cluster:ReadReplicaCount',
        }),
      );
      return (out.ScalableTargets ?? []).length > 0;
    },

    async listClusterInstances(clusterIdentifier) {
      const instances: InstanceSummary[] = [];
      const pages = paginateDescribeDBInstances(
        { client: clients.rds, pageSize: PAGE_SIZE },
        { Filters: [{ Name: 'db-cluster-id', Values: [clusterIdentifier] }] },
      );
      for await (const page of pages) {
        for (const db of page.DBInstances ?? []) {
          if (!db.DBInstanceIdentifier) continue;
          const tags = Object.fromEntries((db.TagList ?? []).flatMap((t) => (t.Key === undefined ? [] : [[t.Key, t.Value ?? '']])));
          instances.push({
            identifier: db.DBInstanceIdentifier,
            clusterIdentifier: db.DBClusterIdentifier,
            status: db.DBInstanceStatus,
            tags,
          });
        }
      }
      return instances;
    },

    async deleteInstance(instanceIdentifier) {
      try {
        // Aurora instances keep no snapshot of their own (backups belong to the cluster), so neither
        // SkipFinalSnapshot nor FinalDBSnapshotIdentifier is sent — as terraform-provider-aws does for
        // cluster instances. @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html
        await clients.rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: instanceIdentifier }));
        return { kind: 'deleting' };
      } catch (error) {
        if (isAwsError(error, 'DBInstanceNotFoundFault')) return { kind: 'not-found' };
        if (isAwsError(error, 'InvalidDBInstanceStateFault') || isAwsError(error, 'InvalidDBClusterStateFault')) {
          return { kind: 'busy', reason: describeAwsError(error) };
        }
        throw error;
      }
    },
  };
}
