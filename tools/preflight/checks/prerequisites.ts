import { type CloudFormationClient, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import {
  GetRoleCommand,
  type IAMClient,
  SimulatePrincipalPolicyCommand,
  type SimulatePrincipalPolicyCommandOutput,
} from '@aws-sdk/client-iam';
import { type CheckResult, type Problem, verdict } from '../../aws-checks/check-result';

export const PREREQUISITES_CHECK = { id: 'prerequisites', title: 'Prerequisites: service-linked role, CDK bootstrap' } as const;

/**
 * The service-linked role Application Auto Scaling uses for Aurora readers, and its service name.
 * Application Auto Scaling creates it at the first `RegisterScalableTarget` for RDS if the caller may
 * `iam:CreateServiceLinkedRole`.
 * @see https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-service-linked-roles.html
 */
export const RDS_AUTOSCALING_ROLE = {
  name: 'AWSServiceRoleForApplicationAutoScaling_RDSCluster',
  serviceName: 'rds.application-autoscaling.amazonaws.com',
} as const;

/** What the deploy needs from the bootstrap stack. */
export interface BootstrapRequirement {
  /** The CDK toolkit stack. @default 'CDKToolkit' */
  readonly toolkitStackName: string;
  /** The lowest `BootstrapVersion` output the synthesized stack accepts (the cloud assembly's `requiresBootstrapStackVersion`). */
  readonly minimumVersion: number;
  /** The role CloudFormation deploys with (`cdk-<qualifier>-cfn-exec-role-…`): it registers the scalable target. */
  readonly cloudFormationExecutionRoleArn: string;
}

/**
 * - The RDS service-linked role for Application Auto Scaling exists, or the CloudFormation execution
 *   role may create it (IAM policy simulator, `iam:CreateServiceLinkedRole` with `iam:AWSServiceName`).
 * - The CDK bootstrap stack exists, is in a stable state, and its `BootstrapVersion` output is at least
 *   what the synthesized stack requires (the template's `CheckBootstrapVersion` rule fails the deploy otherwise).
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
 * @see https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html
 */
export async function checkPrerequisites(
  clients: { readonly iam: IAMClient; readonly cloudFormation: CloudFormationClient },
  environment: string,
  target: { readonly account: string; readonly region: string },
  bootstrap: BootstrapRequirement,
): Promise<CheckResult> {
  const problems: Problem[] = [];
  const details: string[] = [];
  const envArg = `aws://${target.account}/${target.region}`;

  let roleExists = true;
  try {
    await clients.iam.send(new GetRoleCommand({ RoleName: RDS_AUTOSCALING_ROLE.name }));
  } catch (err) {
    if ((err as { name?: string }).name !== 'NoSuchEntityException' && (err as { name?: string }).name !== 'NoSuchEntity') throw err;
    roleExists = false;
  }
  if (roleExists) {
    details.push(`service-linked role ${RDS_AUTOSCALING_ROLE.name} exists.`);
  } else {
    const decision = await simulateCreateServiceLinkedRole(clients.iam, bootstrap.cloudFormationExecutionRoleArn, target.account);
    if (decision === 'allowed') {
      details.push(
        `service-linked role ${RDS_AUTOSCALING_ROLE.name} does not exist yet; ${bootstrap.cloudFormationExecutionRoleArn} may create it at the first deploy.`,
      );
    } else {
      problems.push({
        problem: `[${environment}] ${RDS_AUTOSCALING_ROLE.name} does not exist, and the deploy role ${bootstrap.cloudFormationExecutionRoleArn} may not create it (${decision}): registering the reader scalable target would fail.`,
        fix: `create it once: \`aws iam create-service-linked-role --aws-service-name ${RDS_AUTOSCALING_ROLE.serviceName}\`.`,
      });
    }
  }

  let toolkit: Stack | undefined;
  try {
    toolkit = (await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: bootstrap.toolkitStackName }))).Stacks?.[0];
  } catch (err) {
    if (!/does not exist/.test((err as { message?: string }).message ?? '')) throw err;
  }
  if (!toolkit) {
    problems.push({
      problem: `[${environment}] no CDK bootstrap stack ${bootstrap.toolkitStackName} in ${target.region}.`,
      fix: `bootstrap once: \`npx cdk bootstrap ${envArg}\`.`,
    });
  } else {
    const status = toolkit.StackStatus ?? 'UNKNOWN';
    const version = Number(toolkit.Outputs?.find((o) => o.OutputKey === 'BootstrapVersion')?.OutputValue);
    details.push(
      `bootstrap stack ${bootstrap.toolkitStackName}: ${status}, version ${Number.isNaN(version) ? 'unknown' : version} (needs ${bootstrap.minimumVersion}).`,
    );
    if (!/_COMPLETE$/.test(status) || /ROLLBACK/.test(status)) {
      problems.push({
        problem: `[${environment}] bootstrap stack ${bootstrap.toolkitStackName} is ${status}.`,
        fix: `let it finish or repair it, then run \`npx cdk bootstrap ${envArg}\` again.`,
      });
    } else if (Number.isNaN(version) || version < bootstrap.minimumVersion) {
      problems.push({
        problem: `[${environment}] bootstrap stack ${bootstrap.toolkitStackName} is version ${Number.isNaN(version) ? 'unknown' : version}; this app needs ${bootstrap.minimumVersion} or later.`,
        fix: `upgrade it: \`npx cdk bootstrap ${envArg}\` (with this repository's CDK CLI).`,
      });
    }
  }
  return verdict(PREREQUISITES_CHECK.id, PREREQUISITES_CHECK.title, problems, details);
}

/** Whether the role's policies allow creating the RDS auto-scaling service-linked role: `allowed`, or the decision. */
async function simulateCreateServiceLinkedRole(iam: IAMClient, roleArn: string, account: string): Promise<string> {
  const partition = roleArn.split(':')[1] ?? 'aws';
  let out: SimulatePrincipalPolicyCommandOutput;
  try {
    out = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: roleArn,
        ActionNames: ['iam:CreateServiceLinkedRole'],
        ResourceArns: [
          `arn:${partition}:iam::${account}:role/aws-service-role/${RDS_AUTOSCALING_ROLE.serviceName}/${RDS_AUTOSCALING_ROLE.name}`,
        ],
        ContextEntries: [
          { ContextKeyName: 'iam:AWSServiceName', ContextKeyType: 'string', ContextKeyValues: [RDS_AUTOSCALING_ROLE.serviceName] },
        ],
      }),
    );
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'NoSuchEntityException' || name === 'NoSuchEntity') return 'the deploy role does not exist: bootstrap first';
    throw err;
  }
  const decision = out.EvaluationResults?.[0]?.EvalDecision ?? 'no decision';
  return decision === 'allowed' ? 'allowed' : decision;
}
