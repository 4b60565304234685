import { DescribeDBClustersCommand } from '@aws-sdk/client-rds';
import type { EnvironmentConfig } from '../../config/schema/environment';
import { stackNameFor } from '../../lib/aurora-surge-stack';
import { clusterEngineOf } from '../../lib/private/engine';
import type { Campaign } from '../../lambda/pre-scaler/core';
import type { AwsClients } from '../aws-checks/aws-clients';
import { checkAccountAndRegion, resolveCaller } from '../aws-checks/caller';
import { type CheckResult, failed, skipped } from '../aws-checks/check-result';
import { type DeployedStack, describeDeployedStack } from '../aws-checks/deployed-stack';
import type { ChecklistReport } from '../aws-checks/render-checklist';
import { describeError, runCheck } from '../aws-checks/run-check';
import { checkCloudFormationSchemas, SCHEMAS_CHECK } from './checks/cloudformation-schemas';
import {
  CAMPAIGN_IN_FORCE_CHECK,
  CLUSTER_DRIFT_CHECK,
  checkCampaignInForce,
  checkClusterDrift,
  checkStackState,
  STACK_STATE_CHECK,
} from './checks/existing-stack';
import { checkExistingCluster, EXISTING_CLUSTER_CHECK } from './checks/existing-cluster';
import { checkImportedVpc, IMPORTED_VPC_CHECK } from './checks/imported-vpc';
import { checkOrderableClasses, neededClasses, ORDERABLE_CLASSES_CHECK } from './checks/orderable-classes';
import { checkPlaceholders } from './checks/placeholders';
import { checkPrerequisites, PREREQUISITES_CHECK } from './checks/prerequisites';
import { checkQuotas, QUOTAS_CHECK, type QuotaNeeds } from './checks/quotas';
import type { SynthesizedStack } from './synthesize-stack';

export interface PreflightOptions {
  readonly env: EnvironmentConfig;
  /** The environment's validated campaigns (`loadCalendar(env, …).campaigns`). */
  readonly campaigns: readonly Campaign[];
  readonly now: Date;
  readonly clients: AwsClients;
  /** The shell's region (profile or environment variables), compared with the config. */
  readonly shellRegion: string | undefined;
  /** Synthesizes the stack to deploy (called only when there are credentials). */
  readonly synthesize: (partition: string) => SynthesizedStack | Promise<SynthesizedStack>;
  /** Let a deploy go ahead while a campaign is in force. */
  readonly allowDuringCampaign: boolean;
}

/** Titles of the checks that need AWS, in checklist order (listed as skipped when there are no credentials). */
const AWS_CHECKS = [
  STACK_STATE_CHECK,
  IMPORTED_VPC_CHECK,
  EXISTING_CLUSTER_CHECK,
  ORDERABLE_CLASSES_CHECK,
  QUOTAS_CHECK,
  SCHEMAS_CHECK,
  PREREQUISITES_CHECK,
  CAMPAIGN_IN_FORCE_CHECK,
  CLUSTER_DRIFT_CHECK,
] as const;

const READ_ONLY = 'read-only access (the AWS managed policy ReadOnlyAccess covers every preflight call)';

/**
 * Every preflight check, in order. The placeholder check needs nothing; without credentials it is
 * followed by a failing credentials check and every AWS check listed as skipped, so the run fails
 * (exit 1) but still shows every placeholder with its fix. Only read-only calls are made.
 */
export async function runPreflight(options: PreflightOptions): Promise<ChecklistReport> {
  const { env, clients } = options;
  const checks: CheckResult[] = [checkPlaceholders(env)];
  const report = (): ChecklistReport => ({ command: 'preflight', environment: env.name, checks });

  const caller = await resolveCaller(clients.sts, env.name);
  if ('check' in caller) {
    checks.push(caller.check, ...AWS_CHECKS.map((c) => skipped(c.id, c.title, caller.skipReason)));
    return report();
  }
  const { identity } = caller;
  checks.push(checkAccountAndRegion(env.name, env, identity, options.shellRegion));

  const stackName = stackNameFor(env.name);
  let stack: DeployedStack | undefined;
  try {
    stack = await describeDeployedStack(clients.cloudFormation, stackName);
    checks.push(checkStackState(env.name, stack));
  } catch (err) {
    checks.push(await runCheck(STACK_STATE_CHECK.id, STACK_STATE_CHECK.title, () => Promise.reject(err), READ_ONLY));
  }

  const ownEndpoints = stack?.resources.filter((r) => r.type === 'AWS::EC2::VPCEndpoint').map((r) => r.physicalId) ?? [];
  checks.push(
    await runCheck(
      IMPORTED_VPC_CHECK.id,
      IMPORTED_VPC_CHECK.title,
      () => checkImportedVpc(clients.ec2, env.name, env.region, env.network, ownEndpoints),
      READ_ONLY,
    ),
  );

  const database = env.database;
  checks.push(
    database.kind === 'existing'
      ? await runCheck(
          EXISTING_CLUSTER_CHECK.id,
          EXISTING_CLUSTER_CHECK.title,
          () => checkExistingCluster(clients.rds, clients.secretsManager, env.name, database),
          `${READ_ONLY} (rds:DescribeDBClusters, rds:DescribeDBInstances, secretsmanager:DescribeSecret)`,
        )
      : skipped(
          EXISTING_CLUSTER_CHECK.id,
          EXISTING_CLUSTER_CHECK.title,
          'the stack creates this cluster (database.kind is not "existing")',
        ),
  );

  const engine = clusterEngineOf(env.database.engine, env.database.engineVersion);
  checks.push(
    await runCheck(
      ORDERABLE_CLASSES_CHECK.id,
      ORDERABLE_CLASSES_CHECK.title,
      () =>
        checkOrderableClasses(
          clients.rds,
          env.name,
          env.region,
          { engine: engine.engineType, version: engine.engineVersion?.fullVersion ?? env.database.engineVersion },
          neededClasses(env, options.campaigns),
          env.network.availabilityZones ?? [],
        ),
      READ_ONLY,
    ),
  );

  let synthesized: SynthesizedStack | undefined;
  let synthError: unknown;
  try {
    synthesized = await options.synthesize(identity.arn.split(':')[1] || 'aws');
  } catch (err) {
    synthError = err;
  }
  // A check that needs the template fails with the synth error (and says how to see it in full).
  const withTemplate = (id: string, title: string, check: (s: SynthesizedStack) => Promise<CheckResult>) => () =>
    synthesized
      ? check(synthesized)
      : Promise.resolve(
          failed(id, title, [
            {
              problem: `[${env.name}] the stack could not be synthesized: ${describeError(synthError)}`,
              fix: `run \`npm run synth\` to see the error in full, fix it, then run preflight again.`,
            },
          ]),
        );

  checks.push(
    await runCheck(
      QUOTAS_CHECK.id,
      QUOTAS_CHECK.title,
      withTemplate(QUOTAS_CHECK.id, QUOTAS_CHECK.title, async (s) =>
        checkQuotas(clients, env.name, env.region, await quotaNeeds(clients, env, s, stack)),
      ),
      READ_ONLY,
    ),
  );
  checks.push(
    await runCheck(
      SCHEMAS_CHECK.id,
      SCHEMAS_CHECK.title,
      withTemplate(SCHEMAS_CHECK.id, SCHEMAS_CHECK.title, (s) =>
        checkCloudFormationSchemas(clients.cloudFormation, env.name, env.region, s.template),
      ),
      `${READ_ONLY}, with cloudformation:DescribeType`,
    ),
  );
  checks.push(
    await runCheck(
      PREREQUISITES_CHECK.id,
      PREREQUISITES_CHECK.title,
      withTemplate(PREREQUISITES_CHECK.id, PREREQUISITES_CHECK.title, (s) =>
        checkPrerequisites(clients, env.name, env, {
          toolkitStackName: 'CDKToolkit',
          minimumVersion: s.requiresBootstrapStackVersion,
          cloudFormationExecutionRoleArn: s.cloudFormationExecutionRoleArn,
        }),
      ),
      `${READ_ONLY}, with iam:SimulatePrincipalPolicy`,
    ),
  );
  checks.push(checkCampaignInForce(env, options.campaigns, stack, options.now, options.allowDuringCampaign));
  checks.push(
    await runCheck(
      CLUSTER_DRIFT_CHECK.id,
      CLUSTER_DRIFT_CHECK.title,
      () => checkClusterDrift(clients.cloudFormation, env.name, stack),
      'cloudformation:DetectStackResourceDrift (it records a drift result and changes no resource)',
    ),
  );
  return report();
}

/**
 * What the quota check needs: reserved concurrency by function (from the template, so it follows
 * whatever the constructs reserve), the most instances the cluster can have, and what exists now.
 */
async function quotaNeeds(
  clients: AwsClients,
  env: EnvironmentConfig,
  s: SynthesizedStack,
  stack: DeployedStack | undefined,
): Promise<QuotaNeeds> {
  const reservedConcurrency = Object.entries(s.template.Resources ?? {})
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && typeof r.Properties?.ReservedConcurrentExecutions === 'number')
    .map(([logicalId, r]) => {
      const named = r.Properties?.FunctionName;
      const deployed = stack?.resources.find((d) => d.logicalId === logicalId)?.physicalId;
      return {
        functionName: typeof named === 'string' ? named : (deployed ?? logicalId),
        reserved: r.Properties?.ReservedConcurrentExecutions as number,
      };
    });
  const maxInstances =
    1 + Math.max(env.readerAutoScaling.maxReplicas, env.database.kind === 'existing' ? 1 : env.database.fixedReaders.length);
  const clusterId = stack?.resources.find((r) => r.type === 'AWS::RDS::DBCluster')?.physicalId;
  let existingInstances: number | undefined;
  if (clusterId) {
    const cluster = (await clients.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterId }))).DBClusters?.[0];
    existingInstances = cluster?.DBClusterMembers?.length;
  }
  return { reservedConcurrency, maxInstances, existingInstances };
}
