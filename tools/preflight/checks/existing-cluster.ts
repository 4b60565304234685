import { DescribeDBClustersCommand, DescribeDBInstancesCommand, type RDSClient } from '@aws-sdk/client-rds';
import { DescribeSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { ExistingDatabaseConfig } from '../../../config/schema/existing-database';
import { clusterEngineOf } from '../../../lib/private/engine';
import { type CheckResult, type Problem, verdict } from '../../aws-checks/check-result';

export const EXISTING_CLUSTER_CHECK = { id: 'existing-cluster', title: 'The existing cluster matches its config block' } as const;

/**
 * For `database.kind: 'existing'`: the cluster the stack builds around is the one config describes. Synth
 * cannot look (it stays offline), so a wrong identifier, engine, port, standby or key would only show at
 * deploy time, or on campaign day. Read-only: DescribeDBClusters, DescribeDBInstances, DescribeSecret.
 *
 * - the cluster exists and is `available`; its engine, version and port are the configured ones;
 * - the writer and the standby are both members, one of them the writer (after a failover the two swap,
 *   which the pre-scaler handles), and the standby (or, after a failover, the old writer) has promotion tier 0;
 * - every configured security group is on the cluster (the proxy is admitted through the first);
 * - a provisioned writer runs the configured class; a Serverless v2 writer's cluster has a capacity range;
 * - the secret exists and is encrypted with the configured KMS key (the proxy's role may decrypt only that key).
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusters.html (DBClusterMembers: IsClusterWriter, PromotionTier; VpcSecurityGroups; ServerlessV2ScalingConfiguration)
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBInstance.html (DBInstanceClass)
 * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html (KmsKeyId)
 */
export async function checkExistingCluster(
  rds: RDSClient,
  secretsManager: SecretsManagerClient,
  environment: string,
  database: ExistingDatabaseConfig,
): Promise<CheckResult> {
  const { id, title } = EXISTING_CLUSTER_CHECK;
  const field = (name: string) => `[${environment}] database.${name}`;
  const problems: Problem[] = [];
  const clusters = await rds
    .send(new DescribeDBClustersCommand({ DBClusterIdentifier: database.clusterIdentifier }))
    .catch((err: unknown) => {
      if ((err as { name?: string }).name === 'DBClusterNotFoundFault') return undefined;
      throw err;
    });
  const cluster = clusters?.DBClusters?.[0];
  if (!cluster) {
    problems.push({
      problem: `${field('clusterIdentifier')}: no cluster "${database.clusterIdentifier}" in this account and Region.`,
      fix: 'copy `DBClusterIdentifier` from `aws rds describe-db-clusters`, in the environment’s account and Region.',
    });
    return verdict(id, title, problems, []);
  }
  const clusterEngine = clusterEngineOf(database.engine, database.engineVersion);
  const expected = { engine: clusterEngine.engineType, version: clusterEngine.engineVersion?.fullVersion ?? database.engineVersion };
  if (cluster.Status !== 'available') {
    problems.push({ problem: `${field('clusterIdentifier')}: the cluster is ${cluster.Status}.`, fix: 'deploy when it is available.' });
  }
  if (cluster.Engine !== expected.engine || cluster.EngineVersion !== expected.version) {
    problems.push({
      problem: `${field('engine')}/engineVersion: config says ${expected.engine} ${expected.version}, the cluster runs ${cluster.Engine} ${cluster.EngineVersion}.`,
      fix: 'set database.engine and database.engineVersion to what the cluster runs.',
    });
  }
  if (cluster.Port !== database.port) {
    problems.push({
      problem: `${field('port')}: config says ${database.port}, the cluster listens on ${cluster.Port}.`,
      fix: `set database.port to ${cluster.Port}.`,
    });
  }

  const members = cluster.DBClusterMembers ?? [];
  const member = (instance: string) => members.find((m) => m.DBInstanceIdentifier === instance);
  const pair = [database.writerInstanceIdentifier, database.standbyInstanceIdentifier];
  for (const [name, instance] of [
    ['writerInstanceIdentifier', database.writerInstanceIdentifier],
    ['standbyInstanceIdentifier', database.standbyInstanceIdentifier],
  ] as const) {
    if (!member(instance)) {
      problems.push({
        problem: `${field(name)}: "${instance}" is not a member of ${database.clusterIdentifier} (members: ${members.map((m) => m.DBInstanceIdentifier).join(', ') || 'none'}).`,
        fix: 'name the cluster’s writer and its promotion-tier-0 reader.',
      });
    }
  }
  const writerNow = members.find((m) => m.IsClusterWriter)?.DBInstanceIdentifier;
  if (writerNow !== undefined && !pair.includes(writerNow)) {
    problems.push({
      problem: `${field('writerInstanceIdentifier')}: the cluster's writer is "${writerNow}", neither the configured writer nor the standby.`,
      fix: `set database.writerInstanceIdentifier to "${writerNow}" (the pre-scaler may only resize the two configured instances).`,
    });
  }
  const standbyNow = pair.find((instance) => instance !== writerNow && member(instance));
  const standbyTier = standbyNow === undefined ? undefined : member(standbyNow)?.PromotionTier;
  if (standbyNow !== undefined && standbyTier !== 0) {
    problems.push({
      problem: `${field('standbyInstanceIdentifier')}: "${standbyNow}" has promotion tier ${standbyTier}, so a failover may not land on it.`,
      fix: `give it promotion tier 0: \`aws rds modify-db-instance --db-instance-identifier ${standbyNow} --promotion-tier 0\`.`,
    });
  }

  const onCluster = new Set((cluster.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId));
  const missingGroups = database.securityGroupIds.filter((g) => !onCluster.has(g));
  if (missingGroups.length > 0) {
    problems.push({
      problem: `${field('securityGroupIds')}: ${missingGroups.join(', ')} ${missingGroups.length === 1 ? 'is' : 'are'} not on the cluster (it has ${[...onCluster].join(', ') || 'none'}).`,
      fix: 'list the cluster’s own VpcSecurityGroups: the proxy is admitted through the first.',
    });
  }

  if (database.writer.kind === 'serverless-v2') {
    if (!cluster.ServerlessV2ScalingConfiguration) {
      problems.push({
        problem: `${field('writer')}: config says Serverless v2, but the cluster has no Serverless v2 capacity range.`,
        fix: 'describe the writer as provisioned with its class, or give the cluster a capacity range.',
      });
    }
  } else if (writerNow !== undefined) {
    const instances = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: writerNow }));
    const runningClass = instances.DBInstances?.[0]?.DBInstanceClass;
    if (runningClass !== database.writer.instanceClass) {
      problems.push({
        problem: `${field('writer.instanceClass')}: config says ${database.writer.instanceClass}, the writer "${writerNow}" runs ${runningClass}.`,
        fix: `set database.writer.instanceClass to ${runningClass} (the pre-scaler's baseline is what the writer runs outside campaigns).`,
      });
    }
  }

  const secret = await secretsManager.send(new DescribeSecretCommand({ SecretId: database.secret.arn })).catch((err: unknown) => {
    if ((err as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw err;
  });
  if (!secret) {
    problems.push({
      problem: `${field('secret.arn')}: no secret ${database.secret.arn}.`,
      fix: 'copy `ARN` from `aws secretsmanager describe-secret`.',
    });
  } else if (secret.KmsKeyId !== undefined && secret.KmsKeyId !== database.secret.kmsKeyArn) {
    problems.push({
      problem: `${field('secret.kmsKeyArn')}: the secret is encrypted with ${secret.KmsKeyId}, not ${database.secret.kmsKeyArn}.`,
      fix: 'set database.secret.kmsKeyArn to that key’s ARN (resolve an alias with `aws kms describe-key`).',
    });
  }
  return verdict(id, title, problems, [
    `${database.clusterIdentifier}: ${cluster.Engine} ${cluster.EngineVersion}, writer ${writerNow ?? 'unknown'}, ${members.length} member(s).`,
  ]);
}
