import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { type CheckResult, failed, type Problem, verdict } from './check-result';
import { describeError, isMissingCredentials, isNetworkError } from './run-check';

/** Who is calling, as STS says. */
export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
}

export const CREDENTIALS_CHECK = { id: 'credentials', title: 'AWS credentials' } as const;
export const ACCOUNT_REGION_CHECK = { id: 'account-region', title: 'Account and region match the config' } as const;

/**
 * The caller's identity (`sts get-caller-identity`, which needs no permission), or the failing
 * credentials check when there are none or they do not work.
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
export async function resolveCaller(
  sts: STSClient,
  environment: string,
): Promise<{ identity: CallerIdentity } | { check: CheckResult; skipReason: string }> {
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    if (!out.Account) throw new Error('STS returned no account');
    return { identity: { account: out.Account, arn: out.Arn ?? '' } };
  } catch (err) {
    const { problem, fix, skipReason } = isMissingCredentials(err)
      ? {
          problem: 'none found',
          fix: `sign in to the ${environment} account (e.g. \`aws sso login --profile <profile>\` and \`export AWS_PROFILE=<profile>\`), then run again.`,
          skipReason: 'no AWS credentials.',
        }
      : isNetworkError(err)
        ? {
            problem: `AWS is not reachable (${describeError(err)})`,
            fix: 'check the network route to AWS (proxy: HTTPS_PROXY, VPN, DNS), then run again.',
            skipReason: 'AWS is not reachable.',
          }
        : {
            problem: describeError(err),
            fix: 'renew the session (expired or invalid credentials), then run again.',
            skipReason: 'the credentials do not work.',
          };
    return {
      check: failed(CREDENTIALS_CHECK.id, CREDENTIALS_CHECK.title, [
        { problem: `[${environment}] no usable AWS credentials: ${problem}.`, fix },
      ]),
      skipReason,
    };
  }
}

/**
 * The caller's account is the environment's, and the shell's region (what `aws` commands in the
 * runbook use) is the environment's region. The checks themselves always call the configured region.
 */
export function checkAccountAndRegion(
  environment: string,
  configured: { readonly account: string; readonly region: string },
  identity: CallerIdentity,
  shellRegion: string | undefined,
): CheckResult {
  const file = `config/environments/${environment}.ts`;
  const problems: Problem[] = [];
  if (identity.account !== configured.account) {
    problems.push({
      problem: `[${environment}] account: the credentials are for account ${identity.account} (${identity.arn}), the config says ${configured.account}.`,
      fix: `use credentials for account ${configured.account}, or set account in ${file} to ${identity.account} if that is the right one.`,
    });
  }
  if (shellRegion !== undefined && shellRegion !== configured.region) {
    problems.push({
      problem: `[${environment}] region: the shell's region is ${shellRegion}, the config says ${configured.region}; \`aws\` commands from the runbook would look in the wrong region.`,
      fix: `export AWS_REGION=${configured.region} (or set region in ${file} if ${shellRegion} is right).`,
    });
  }
  return verdict(ACCOUNT_REGION_CHECK.id, ACCOUNT_REGION_CHECK.title, problems, [
    `caller ${identity.arn || identity.account}, account ${identity.account}, region ${configured.region}${shellRegion === undefined ? ' (the shell names no region)' : ''}.`,
  ]);
}
