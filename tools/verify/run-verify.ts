import type { EnvironmentConfig } from '../../config/schema/environment';
import { stackNameFor } from '../../lib/aurora-surge-stack';
import type { Campaign } from '../../lambda/pre-scaler/core';
import type { AwsClients } from '../aws-checks/aws-clients';
import { resolveCaller } from '../aws-checks/caller';
import { type CheckResult, failed, skipped } from '../aws-checks/check-result';
import { type DeployedStack, describeDeployedStack, physicalIdsOf } from '../aws-checks/deployed-stack';
import type { ChecklistReport } from '../aws-checks/render-checklist';
import { runCheck } from '../aws-checks/run-check';
import { checkNotifications, NOTIFICATIONS_CHECK, type Waiting } from './checks/notifications';
import { checkDryRunInvocation, checkSchedule, DRY_RUN_CHECK, SCHEDULE_CHECK } from './checks/pre-scaler';
import { checkProxy, PROXY_CHECK } from './checks/proxy';
import { checkReaderTarget, READER_TARGET_CHECK } from './checks/reader-target';
import { checkRotation, ROTATION_CHECK } from './checks/rotation';

export interface VerifyOptions {
  readonly env: EnvironmentConfig;
  /** The environment's validated campaigns (`loadCalendar(env, …).campaigns`). */
  readonly campaigns: readonly Campaign[];
  readonly clients: AwsClients;
  readonly waiting: Waiting;
}

/** Stack output keys verify reads (set in lib/pre-scaler.ts and lib/surge-database-cluster.ts). */
export const OUTPUT_KEYS = {
  preScalerFunction: 'PreScalerFunctionName',
  preScalerRule: 'PreScalerScheduleRule',
  secretArn: 'SecretArn',
} as const;

const ALL_CHECKS = [NOTIFICATIONS_CHECK, SCHEDULE_CHECK, DRY_RUN_CHECK, PROXY_CHECK, ROTATION_CHECK, READER_TARGET_CHECK] as const;
export const STACK_CHECK = { id: 'stack', title: 'The stack is deployed' } as const;

/**
 * Every verify check, after a deploy, in order: notifications first (a delivery failure heads the
 * verdict), then the pre-scaler (its last scheduled run is read before the dry-run invocation, so the
 * two are never confused), the proxy, rotation and the reader target. State changes: the test alarm
 * (set back) and one dry-run invocation of the pre-scaler; nothing else.
 */
export async function runVerify(options: VerifyOptions): Promise<ChecklistReport> {
  const { env, clients } = options;
  const checks: CheckResult[] = [];
  const report = (): ChecklistReport => ({ command: 'verify', environment: env.name, checks });
  const skipAll = (reason: string) => checks.push(...ALL_CHECKS.map((c) => skipped(c.id, c.title, reason)));

  const caller = await resolveCaller(clients.sts, env.name);
  if ('check' in caller) {
    checks.push(caller.check);
    skipAll(caller.skipReason);
    return report();
  }
  const stackName = stackNameFor(env.name);
  let stack: DeployedStack | undefined;
  try {
    stack = await describeDeployedStack(clients.cloudFormation, stackName);
  } catch (err) {
    checks.push(
      await runCheck(STACK_CHECK.id, STACK_CHECK.title, () => Promise.reject(err), 'cloudformation:DescribeStacks and ListStackResources'),
    );
    skipAll('the stack could not be read.');
    return report();
  }
  const unusable = !stack || /_IN_PROGRESS$|^ROLLBACK_|^CREATE_FAILED$|^DELETE_/.test(stack.status);
  if (unusable) {
    checks.push(
      failed(STACK_CHECK.id, STACK_CHECK.title, [
        {
          problem: `[${env.name}] ${stackName} is ${stack ? stack.status : 'not deployed'} in ${env.region}.`,
          fix: `deploy it (\`npx cdk deploy ${stackName}\`, after \`npm run preflight -- --env ${env.name}\`), then run verify.`,
        },
      ]),
    );
    skipAll('the stack is not deployed.');
    return report();
  }
  const deployed = stack as DeployedStack;
  if (/^UPDATE_ROLLBACK_/.test(deployed.status)) {
    // The environment runs the previous template: check it anyway, and say the last deploy did not land.
    checks.push(
      failed(STACK_CHECK.id, STACK_CHECK.title, [
        {
          problem: `[${env.name}] ${stackName} is ${deployed.status}: the last deploy rolled back, so what follows checks the previous version.`,
          fix: `read the first failed event (\`aws cloudformation describe-stack-events --stack-name ${stackName}\`), fix it, deploy again, then run verify.`,
        },
      ]),
    );
  }
  const output = (key: string) => deployed.outputs[key];
  const needOutput = (key: string): string => {
    const value = output(key);
    if (!value) throw new Error(`stack output ${key} is missing from ${stackName}; deploy the current code.`);
    return value;
  };
  const clusterId = physicalIdsOf(deployed, 'AWS::RDS::DBCluster')[0];
  const hint = 'the read permissions of ReadOnlyAccess, plus cloudwatch:SetAlarmState and lambda:InvokeFunction on this stack';

  checks.push(
    await runCheck(
      NOTIFICATIONS_CHECK.id,
      NOTIFICATIONS_CHECK.title,
      () =>
        checkNotifications(
          clients,
          env.name,
          {
            topicArns: physicalIdsOf(deployed, 'AWS::SNS::Topic'),
            alarmNames: physicalIdsOf(deployed, 'AWS::CloudWatch::Alarm'),
            actionsEnabled: env.monitoring.alarmActionsEnabled,
          },
          options.waiting,
        ),
      hint,
    ),
  );
  checks.push(
    await runCheck(
      SCHEDULE_CHECK.id,
      SCHEDULE_CHECK.title,
      () =>
        checkSchedule(
          clients,
          env.name,
          {
            functionName: needOutput(OUTPUT_KEYS.preScalerFunction),
            ruleName: needOutput(OUTPUT_KEYS.preScalerRule),
            rateMinutes: env.preScaler.scheduleRateMinutes,
          },
          options.waiting.now(),
        ),
      hint,
    ),
  );
  checks.push(
    await runCheck(
      DRY_RUN_CHECK.id,
      DRY_RUN_CHECK.title,
      () => checkDryRunInvocation(clients.lambda, env.name, needOutput(OUTPUT_KEYS.preScalerFunction)),
      hint,
    ),
  );
  const proxyName = physicalIdsOf(deployed, 'AWS::RDS::DBProxy')[0];
  checks.push(
    proxyName
      ? await runCheck(PROXY_CHECK.id, PROXY_CHECK.title, () => checkProxy(clients.rds, env.name, proxyName), hint)
      : skipped(PROXY_CHECK.id, PROXY_CHECK.title, `${stackName} has no AWS::RDS::DBProxy.`),
  );
  checks.push(
    await runCheck(
      ROTATION_CHECK.id,
      ROTATION_CHECK.title,
      () => checkRotation(clients.secretsManager, env.name, needOutput(OUTPUT_KEYS.secretArn), options.waiting.now()),
      hint,
    ),
  );
  checks.push(
    clusterId
      ? await runCheck(
          READER_TARGET_CHECK.id,
          READER_TARGET_CHECK.title,
          () => checkReaderTarget(clients.autoScaling, env, options.campaigns, clusterId, options.waiting.now()),
          hint,
        )
      : skipped(READER_TARGET_CHECK.id, READER_TARGET_CHECK.title, `${stackName} has no AWS::RDS::DBCluster.`),
  );
  return report();
}
