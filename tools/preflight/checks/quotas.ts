import { GetAccountSettingsCommand, GetFunctionConcurrencyCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeAccountAttributesCommand, type RDSClient } from '@aws-sdk/client-rds';
import { type CheckResult, type Problem, verdict } from '../../aws-checks/check-result';

export const QUOTAS_CHECK = { id: 'quotas', title: 'Quotas leave room for the stack' } as const;

/** Service Quotas codes, for the increase commands in the fixes. */
export const QUOTA_CODES = {
  /** Lambda "Concurrent executions". https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html */
  lambdaConcurrentExecutions: 'L-B99A9384',
  /** RDS "DB instances". https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/CHAP_Limits.html */
  rdsDbInstances: 'L-7B6409FD',
  /** RDS "DB clusters". https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/CHAP_Limits.html */
  rdsDbClusters: 'L-952B80B8',
} as const;

/**
 * Unreserved concurrency Lambda keeps for functions without a reservation: "leave at least 100
 * concurrent executions unreserved" (PutFunctionConcurrency). Accounts whose whole quota is lower (new
 * accounts start at 10) cannot go below their quota either, so the floor is the smaller of the two.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionConcurrency.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
 */
export const MINIMUM_UNRESERVED_CONCURRENCY = 100;

/** What the stack needs, from its template and config. */
export interface QuotaNeeds {
  /** Reserved concurrency per function name in the template (`ReservedConcurrentExecutions`). */
  readonly reservedConcurrency: ReadonlyArray<{ readonly functionName: string; readonly reserved: number }>;
  /** Instances at the most: the writer, plus `readerAutoScaling.maxReplicas` Aurora Replicas (fixed readers included). */
  readonly maxInstances: number;
  /** Instances the cluster has now, or `undefined` when it does not exist yet (one more cluster is needed). */
  readonly existingInstances: number | undefined;
}

/** The Lambda concurrency the stack's functions reserve today (0 for a function that does not exist yet). */
async function reservedToday(lambda: LambdaClient, functionName: string): Promise<number> {
  try {
    return (await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: functionName }))).ReservedConcurrentExecutions ?? 0;
  } catch (err) {
    if ((err as { name?: string }).name === 'ResourceNotFoundException') return 0;
    throw err;
  }
}

/**
 * - Lambda: after the stack reserves its functions' concurrency, the account keeps its minimum
 *   unreserved concurrency (`GetAccountSettings`: `AccountLimit.UnreservedConcurrentExecutions`).
 * - RDS: `DescribeAccountAttributes` gives each quota's `Used` and `Max`; the DB instances left must
 *   hold the cluster at its maximum reader count, and a new cluster needs one DB cluster.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/API_GetAccountSettings.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_AccountQuota.html
 */
export async function checkQuotas(
  clients: { readonly lambda: LambdaClient; readonly rds: RDSClient },
  environment: string,
  region: string,
  needs: QuotaNeeds,
): Promise<CheckResult> {
  const problems: Problem[] = [];
  const details: string[] = [];

  const settings = await clients.lambda.send(new GetAccountSettingsCommand({}));
  const accountLimit = settings.AccountLimit?.ConcurrentExecutions ?? 0;
  const unreserved = settings.AccountLimit?.UnreservedConcurrentExecutions ?? 0;
  let added = 0;
  for (const f of needs.reservedConcurrency) added += Math.max(0, f.reserved - (await reservedToday(clients.lambda, f.functionName)));
  const floor = Math.min(MINIMUM_UNRESERVED_CONCURRENCY, accountLimit);
  const after = unreserved - added;
  const reservedText = needs.reservedConcurrency.map((f) => `${f.functionName} ${f.reserved}`).join(', ') || 'none';
  details.push(
    `Lambda: concurrency quota ${accountLimit}, unreserved ${unreserved}; the stack reserves ${reservedText} (${added} more than today), leaving ${after} (minimum ${floor}).`,
  );
  if (after < floor) {
    problems.push({
      problem: `[${environment}] Lambda concurrency: reserving ${added} more would leave ${after} unreserved in ${region}, below Lambda's minimum of ${floor}; the deploy fails with "decreases account's UnreservedConcurrentExecution below its minimum value".`,
      fix: `request a higher "Concurrent executions" quota: \`aws service-quotas request-service-quota-increase --service-code lambda --quota-code ${QUOTA_CODES.lambdaConcurrentExecutions} --desired-value 1000 --region ${region}\`, and deploy once it is granted (or free reserved concurrency elsewhere).`,
    });
  }

  const quotas = (await clients.rds.send(new DescribeAccountAttributesCommand({}))).AccountQuotas ?? [];
  const quota = (name: string) => quotas.find((q) => q.AccountQuotaName === name);
  const instances = quota('DBInstances');
  const clusters = quota('DBClusters');
  const moreInstances = Math.max(0, needs.maxInstances - (needs.existingInstances ?? 0));
  if (instances?.Max !== undefined) {
    const used = instances.Used ?? 0;
    details.push(
      `RDS DB instances: ${used} of ${instances.Max} used; the cluster may need ${moreInstances} more (up to ${needs.maxInstances}).`,
    );
    if (used + moreInstances > instances.Max) {
      problems.push({
        problem: `[${environment}] RDS DB instances: ${used} of ${instances.Max} are used in ${region}; the cluster at its maximum reader count needs ${moreInstances} more, so Aurora Auto Scaling (or the deploy) would be refused.`,
        fix: `request more: \`aws service-quotas request-service-quota-increase --service-code rds --quota-code ${QUOTA_CODES.rdsDbInstances} --desired-value ${used + moreInstances} --region ${region}\`, or lower readerAutoScaling.maxReplicas in config/environments/${environment}.ts.`,
      });
    }
  }
  if (clusters?.Max !== undefined && needs.existingInstances === undefined) {
    const used = clusters.Used ?? 0;
    details.push(`RDS DB clusters: ${used} of ${clusters.Max} used; the stack creates 1.`);
    if (used + 1 > clusters.Max) {
      problems.push({
        problem: `[${environment}] RDS DB clusters: ${used} of ${clusters.Max} are used in ${region}; the stack's new cluster does not fit.`,
        fix: `request more: \`aws service-quotas request-service-quota-increase --service-code rds --quota-code ${QUOTA_CODES.rdsDbClusters} --desired-value ${used + 1} --region ${region}\`, or delete an unused cluster.`,
      });
    }
  }
  return verdict(QUOTAS_CHECK.id, QUOTAS_CHECK.title, problems, details);
}
