import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { type DBCluster, DescribeDBClustersCommand, DescribeDBInstancesCommand, type RDSClient } from '@aws-sdk/client-rds';
import type { WriterCapacity } from '../../lambda/pre-scaler/core';
import { stackNameFor } from '../../lib/aurora-surge-stack';
import { describeDeployedStack } from '../aws-checks/deployed-stack';

/** The stack output both database constructs set (lib/surge-database-cluster.ts, lib/existing-database-cluster.ts). */
export const CLUSTER_IDENTIFIER_OUTPUT = 'ClusterIdentifier';

/** The environment's cluster as the command needs it. */
export interface FoundCluster {
  readonly identifier: string;
  /** What `AddTagsToResource` / `RemoveTagsFromResource` name. */
  readonly arn: string;
  readonly status: string;
  readonly tags: readonly { readonly Key?: string | undefined; readonly Value?: string | undefined }[];
  /** The running writer's capacity. @default - unknown (no writer, or its class could not be read) */
  readonly writer?: WriterCapacity;
  /** Members other than the writer. */
  readonly readers: number;
}

/** Why the cluster could not be found; the message names the environment and the fix. */
export class ClusterNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterNotFoundError';
  }
}

function isClusterMissing(err: unknown): boolean {
  return (err as { name?: string } | null)?.name === 'DBClusterNotFoundFault';
}

/**
 * The cluster of the environment's deployed stack, found as verify finds it: the stack's
 * `ClusterIdentifier` output (set for a created cluster and for an existing one), then
 * `DescribeDBClusters` for its ARN, members, Serverless v2 range and tags, and `DescribeDBInstances` on
 * the writer for its class.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusters.html
 */
export async function findCluster(
  clients: { readonly cloudFormation: CloudFormationClient; readonly rds: RDSClient },
  environment: string,
  region: string,
): Promise<FoundCluster> {
  const stackName = stackNameFor(environment);
  const stack = await describeDeployedStack(clients.cloudFormation, stackName);
  if (!stack)
    throw new ClusterNotFoundError(
      `[${environment}] ${stackName} is not deployed in ${region}, so there is no cluster to override. Fix: check the account and region of your credentials (AWS_PROFILE), or deploy the environment first.`,
    );
  const identifier = stack.outputs[CLUSTER_IDENTIFIER_OUTPUT];
  if (!identifier)
    throw new ClusterNotFoundError(
      `[${environment}] ${stackName} has no ${CLUSTER_IDENTIFIER_OUTPUT} output. Fix: deploy the current code (\`npx cdk deploy ${stackName}\`), then run again.`,
    );
  let cluster: DBCluster | undefined;
  try {
    cluster = (await clients.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: identifier }))).DBClusters?.[0];
  } catch (err) {
    if (!isClusterMissing(err)) throw err;
  }
  if (!cluster?.DBClusterArn)
    throw new ClusterNotFoundError(
      `[${environment}] the cluster ${identifier} named by ${stackName} does not exist in ${region}. Fix: check that the stack and the cluster are in the same account and region; if the cluster was deleted, there is nothing to override.`,
    );
  const members = cluster.DBClusterMembers ?? [];
  const writerId = members.find((m) => m.IsClusterWriter)?.DBInstanceIdentifier;
  const serverless = cluster.ServerlessV2ScalingConfiguration;
  let writer: WriterCapacity | undefined;
  if (writerId) {
    const instance = (await clients.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: writerId }))).DBInstances?.[0];
    const cls = instance?.DBInstanceClass;
    if (cls === 'db.serverless' && serverless?.MinCapacity !== undefined && serverless.MaxCapacity !== undefined)
      writer = { kind: 'serverless-v2', minCapacity: serverless.MinCapacity, maxCapacity: serverless.MaxCapacity };
    else if (cls && cls !== 'db.serverless') writer = { kind: 'provisioned', instanceClass: cls };
  }
  return {
    identifier,
    arn: cluster.DBClusterArn,
    status: cluster.Status ?? 'unknown',
    tags: cluster.TagList ?? [],
    ...(writer ? { writer } : {}),
    readers: members.filter((m) => !m.IsClusterWriter).length,
  };
}
