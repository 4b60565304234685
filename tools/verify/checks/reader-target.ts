import {
  type ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { plannerSettingsFor } from '../../../config/load-calendar';
import type { EnvironmentConfig } from '../../../config/schema/environment';
import { PRE_SCALER_TARGET_TAG } from '../../../lib/pre-scaler';
import { READ_REPLICA_COUNT } from '../../../lib/reader-auto-scaling';
import { type Campaign, computeDesiredState } from '../../../lambda/pre-scaler/core';
import { type CheckResult, type Problem, verdict } from '../../aws-checks/check-result';

export const READER_TARGET_CHECK = { id: 'reader-target', title: 'The reader scalable target: tag and capacity range' } as const;

/**
 * The `rds:cluster:ReadReplicaCount` target exists, carries the tag the pre-scaler's permission is
 * conditioned on (`aws:ResourceTag/<PRE_SCALER_TARGET_TAG>` = the cluster id), its maximum is
 * `readerAutoScaling.maxReplicas`, and its minimum is what the calendar asks for now (the baseline, or a
 * campaign's floor: the planner core's own {@link computeDesiredState}).
 * @see https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DescribeScalableTargets.html
 * @see https://docs.aws.amazon.com/autoscaling/application/APIReference/API_ListTagsForResource.html
 * @see https://docs.aws.amazon.com/autoscaling/application/userguide/resource-tagging-support.html
 */
export async function checkReaderTarget(
  aas: ApplicationAutoScalingClient,
  env: EnvironmentConfig,
  campaigns: readonly Campaign[],
  clusterIdentifier: string,
  now: Date,
): Promise<CheckResult> {
  const { id, title } = READER_TARGET_CHECK;
  const resourceId = `cluster:${clusterIdentifier}`;
  const target = (
    await aas.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'rds', ResourceIds: [resourceId], ScalableDimension: READ_REPLICA_COUNT }),
    )
  ).ScalableTargets?.[0];
  if (!target) {
    return verdict(
      id,
      title,
      [
        {
          problem: `[${env.name}] no scalable target ${READ_REPLICA_COUNT} for ${resourceId}.`,
          fix: 'deploy the stack again: it registers the target.',
        },
      ],
      [],
    );
  }
  const problems: Problem[] = [];
  const tags = target.ScalableTargetARN
    ? ((await aas.send(new ListTagsForResourceCommand({ ResourceARN: target.ScalableTargetARN }))).Tags ?? {})
    : {};
  if (tags[PRE_SCALER_TARGET_TAG] !== clusterIdentifier) {
    problems.push({
      problem: `[${env.name}] the scalable target lacks tag ${PRE_SCALER_TARGET_TAG}=${clusterIdentifier}${tags[PRE_SCALER_TARGET_TAG] ? ` (it has ${tags[PRE_SCALER_TARGET_TAG]})` : ''}: the pre-scaler's RegisterScalableTarget is denied, so it cannot set the reader floor.`,
      fix: `deploy the stack again (it tags the target), or \`aws application-autoscaling tag-resource --resource-arn ${target.ScalableTargetARN} --tags ${PRE_SCALER_TARGET_TAG}=${clusterIdentifier}\`.`,
    });
  }
  const desired = computeDesiredState(campaigns, plannerSettingsFor(env), now);
  const floorFor = desired.readerFloor.campaignId ? `campaign "${desired.readerFloor.campaignId}"` : 'the baseline (no campaign in force)';
  if (target.MinCapacity !== desired.readerFloor.count) {
    problems.push({
      problem: `[${env.name}] the reader floor (MinCapacity) is ${target.MinCapacity}; ${floorFor} asks for ${desired.readerFloor.count}.`,
      fix: desired.readerFloor.campaignId
        ? `the pre-scaler sets it on its next run (every ${env.preScaler.scheduleRateMinutes} minutes): run verify again after it; if it stays, read its last run line above.`
        : `the pre-scaler restores the baseline on its next run after a campaign's cool-down; if it stays, read its last run line above.`,
    });
  }
  if (target.MaxCapacity !== env.readerAutoScaling.maxReplicas) {
    problems.push({
      problem: `[${env.name}] the reader maximum (MaxCapacity) is ${target.MaxCapacity}; config says readerAutoScaling.maxReplicas = ${env.readerAutoScaling.maxReplicas}.`,
      fix: 'deploy the stack: CloudFormation sets it from config (someone changed it by hand).',
    });
  }
  return verdict(id, title, problems, [
    `${resourceId}: MinCapacity ${target.MinCapacity}, MaxCapacity ${target.MaxCapacity}, tag ${PRE_SCALER_TARGET_TAG}=${tags[PRE_SCALER_TARGET_TAG] ?? '(none)'}; ${floorFor} asks for ${desired.readerFloor.count}.`,
  ]);
}
