import { type CloudFormationClient, DetectStackResourceDriftCommand } from '@aws-sdk/client-cloudformation';
import type { EnvironmentConfig } from '../../../config/schema/environment';
import { plannerSettingsFor } from '../../../config/load-calendar';
import { type Campaign, computeDesiredState, formatInstant } from '../../../lambda/pre-scaler/core';
import { type CheckResult, failed, passed, skipped } from '../../aws-checks/check-result';
import type { DeployedStack } from '../../aws-checks/deployed-stack';

export const CAMPAIGN_IN_FORCE_CHECK = { id: 'campaign-in-force', title: 'No campaign in force (a deploy can reset capacity)' } as const;
export const CLUSTER_DRIFT_CHECK = { id: 'cluster-drift', title: 'No drift on the cluster' } as const;
export const STACK_STATE_CHECK = { id: 'stack-state', title: 'The deployed stack can be updated' } as const;

/**
 * The deployed stack is in a state CloudFormation can update: not in progress, not a failed first create.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html#cfn-console-view-stack-data-resources-status-codes
 */
export function checkStackState(environment: string, stack: DeployedStack | undefined): CheckResult {
  const { id, title } = STACK_STATE_CHECK;
  if (!stack) return passed(id, title, 'no stack yet: this deploy creates it.');
  if (stack.status === 'ROLLBACK_COMPLETE' || stack.status === 'ROLLBACK_FAILED') {
    return failed(id, title, [
      {
        problem: `[${environment}] ${stack.name} is ${stack.status}: its first create failed, and CloudFormation cannot update it.`,
        fix: `read the first failed event (\`aws cloudformation describe-stack-events --stack-name ${stack.name}\`), fix its cause, delete the stack (\`npx cdk destroy ${stack.name}\`; retained resources stay), then deploy.`,
      },
    ]);
  }
  if (stack.status === 'UPDATE_ROLLBACK_FAILED' || stack.status === 'DELETE_FAILED') {
    return failed(id, title, [
      {
        problem: `[${environment}] ${stack.name} is ${stack.status}: CloudFormation accepts no update until that is resolved.`,
        fix:
          stack.status === 'UPDATE_ROLLBACK_FAILED'
            ? `fix the resource the rollback stopped at, then \`aws cloudformation continue-update-rollback --stack-name ${stack.name}\`.`
            : `read the failed deletion's events (\`aws cloudformation describe-stack-events --stack-name ${stack.name}\`) and finish or undo the deletion (docs/teardown.md).`,
      },
    ]);
  }
  if (/_IN_PROGRESS$/.test(stack.status)) {
    return failed(id, title, [
      {
        problem: `[${environment}] ${stack.name} is ${stack.status}.`,
        fix: 'wait for the running operation to finish, then run preflight again.',
      },
    ]);
  }
  return passed(id, title, `${stack.name} is ${stack.status}.`);
}

/**
 * Whether a campaign is in force now (from `start − leadTime` to `end + coolDown`), by the planner
 * core's own {@link computeDesiredState} over the environment's calendar. A deploy then resets the reader
 * scalable target's MinCapacity to the baseline (CloudFormation holds the baseline) until the next
 * pre-scaler run raises it again; a baseline class change would touch instances the pre-scaler resized.
 * `allowDuringCampaign` turns the failure into a pass that still says what to do.
 */
export function checkCampaignInForce(
  env: EnvironmentConfig,
  campaigns: readonly Campaign[],
  stack: DeployedStack | undefined,
  now: Date,
  allowDuringCampaign: boolean,
): CheckResult {
  const { id, title } = CAMPAIGN_IN_FORCE_CHECK;
  if (!stack) return skipped(id, title, 'no stack yet: there is no capacity to reset.');
  const desired = computeDesiredState(campaigns, plannerSettingsFor(env), now);
  if (desired.inForce.length === 0) return passed(id, title, `no campaign in force in ${env.name} at ${formatInstant(now.getTime())}.`);
  const until = Math.max(...desired.inForce.map((c) => c.inForceUntilMs));
  const names = desired.inForce.map(
    (c) => `"${c.campaignId}" (in force ${formatInstant(c.inForceFromMs)} – ${formatInstant(c.inForceUntilMs)})`,
  );
  const problem = `[${env.name}] campaign ${names.join(', ')} is in force now: a deploy that changes the cluster, an instance or the reader scalable target sends the template's baseline back (reader floor ${env.readerAutoScaling.minReplicas} where the campaign needs ${desired.readerFloor.count}; a class change would resize in place) until the pre-scaler's next run, up to ${env.preScaler.scheduleRateMinutes} minutes later.`;
  const fix = `deploy after ${formatInstant(until)}. If it cannot wait: deploy only a change whose PR report shows no update to Database/… or ReaderAutoScaling/… resources (docs/pre-scaler-runbook.md, "Deploying while a campaign is in force"), run preflight again with --allow-during-campaign, and run \`npm run verify -- --env ${env.name}\` right after the deploy.`;
  if (allowDuringCampaign) return passed(id, title, `${problem} Allowed by --allow-during-campaign.`, `Then: ${fix}`);
  return failed(id, title, [{ problem, fix }]);
}

/**
 * Drift on the cluster, by `DetectStackResourceDrift` on its one resource (it compares the properties
 * the template sets with the live cluster, and changes nothing). The pre-scaler changes instance
 * classes (instances, not the cluster) and, for a Serverless v2 writer, the cluster's capacity range
 * during a campaign: drift there during a campaign is expected.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DetectStackResourceDrift.html
 */
export async function checkClusterDrift(
  cfn: CloudFormationClient,
  environment: string,
  stack: DeployedStack | undefined,
): Promise<CheckResult> {
  const { id, title } = CLUSTER_DRIFT_CHECK;
  if (!stack) return skipped(id, title, 'no stack yet.');
  const cluster = stack.resources.find((r) => r.type === 'AWS::RDS::DBCluster');
  if (!cluster) return skipped(id, title, `${stack.name} has no AWS::RDS::DBCluster resource.`);
  const drift = (await cfn.send(new DetectStackResourceDriftCommand({ StackName: stack.name, LogicalResourceId: cluster.logicalId })))
    .StackResourceDrift;
  const status = drift?.StackResourceDriftStatus ?? 'NOT_CHECKED';
  if (status === 'IN_SYNC') return passed(id, title, `cluster ${cluster.physicalId} matches the template.`);
  if (status === 'NOT_CHECKED') return skipped(id, title, `CloudFormation did not check ${cluster.physicalId} for drift.`);
  const diffs = (drift?.PropertyDifferences ?? []).map(
    (d) => `${d.PropertyPath}: template ${d.ExpectedValue ?? '(none)'}, live ${d.ActualValue ?? '(none)'} (${d.DifferenceType})`,
  );
  return failed(id, title, [
    {
      problem: `[${environment}] cluster ${cluster.physicalId} has drifted (${status})${diffs.length > 0 ? `: ${diffs.join('; ')}` : ''}. The deploy would set these back to the template.`,
      fix: 'if the change was made by hand on purpose, put it in config before deploying; if it is the pre-scaler’s Serverless v2 range during a campaign, deploy after the campaign (see the campaign check). Otherwise the deploy restores the template.',
    },
  ]);
}
