import {
  DescribeDBProxiesCommand,
  DescribeDBProxyEndpointsCommand,
  DescribeDBProxyTargetsCommand,
  type RDSClient,
} from '@aws-sdk/client-rds';
import { type CheckResult, type Problem, verdict } from '../../aws-checks/check-result';

export const PROXY_CHECK = { id: 'proxy', title: 'The proxy: targets AVAILABLE, both endpoints there' } as const;

/** What to do for each reason RDS Proxy gives for an unavailable target. */
const REASON_FIXES: Record<string, string> = {
  AUTH_FAILURE: "the proxy cannot log in with its secret: check the secret's last rotation (below) and that the proxy's role may read it.",
  CONNECTION_FAILED: "the database refused the proxy: check the cluster's security group admits the proxy's group on the database port.",
  UNREACHABLE: "the proxy cannot reach the instance: check the subnets' network ACLs and the security groups.",
  PENDING_PROXY_CAPACITY: 'the proxy is scaling: run verify again in a few minutes.',
  INVALID_REPLICATION_STATE: 'the instance is not replicating: look at the instance in the RDS console.',
};

/**
 * The proxy is available with its read/write endpoint, its READ_ONLY endpoint exists and is available,
 * and every instance target is `AVAILABLE` — with at least one reader, or the READ_ONLY endpoint has
 * nothing to send reads to.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBProxyTargets.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_TargetHealth.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBProxyEndpoints.html
 */
export async function checkProxy(rds: RDSClient, environment: string, proxyName: string): Promise<CheckResult> {
  const problems: Problem[] = [];
  const details: string[] = [];
  const proxy = (await rds.send(new DescribeDBProxiesCommand({ DBProxyName: proxyName }))).DBProxies?.[0];
  if (proxy?.Status !== 'available' || !proxy.Endpoint) {
    problems.push({
      problem: `[${environment}] proxy ${proxyName} is ${proxy?.Status ?? 'missing'}${proxy?.Endpoint ? '' : ', without its read/write endpoint'}.`,
      fix: 'wait for it to become available (creating takes minutes); if it stays so, look at the proxy in the RDS console.',
    });
  } else {
    details.push(`read/write endpoint ${proxy.Endpoint}: available.`);
  }
  const endpoints = (await rds.send(new DescribeDBProxyEndpointsCommand({ DBProxyName: proxyName }))).DBProxyEndpoints ?? [];
  const readOnly = endpoints.find((e) => e.TargetRole === 'READ_ONLY');
  if (readOnly?.Status !== 'available') {
    problems.push({
      problem: `[${environment}] proxy ${proxyName} has ${readOnly ? `a READ_ONLY endpoint ${readOnly.DBProxyEndpointName} that is ${readOnly.Status}` : 'no READ_ONLY endpoint'}.`,
      fix: readOnly
        ? 'wait for it to become available, then run verify again.'
        : 'deploy the stack again: it creates the READ_ONLY endpoint.',
    });
  } else {
    details.push(`read-only endpoint ${readOnly.Endpoint}: available.`);
  }
  const targets = ((await rds.send(new DescribeDBProxyTargetsCommand({ DBProxyName: proxyName }))).Targets ?? []).filter(
    (t) => t.Type === 'RDS_INSTANCE',
  );
  for (const t of targets) {
    const state = t.TargetHealth?.State ?? 'UNKNOWN';
    if (state === 'AVAILABLE') continue;
    const reason = t.TargetHealth?.Reason;
    problems.push({
      problem: `[${environment}] proxy target ${t.RdsResourceId} (${t.Role ?? '?'}) is ${state}${reason ? ` (${reason})` : ''}${t.TargetHealth?.Description ? `: ${t.TargetHealth.Description}` : ''}.`,
      fix:
        (reason && REASON_FIXES[reason]) ??
        (state === 'REGISTERING'
          ? 'a new target registers within minutes: run verify again.'
          : 'look at the instance and the proxy in the RDS console.'),
    });
  }
  const available = targets.filter((t) => t.TargetHealth?.State === 'AVAILABLE');
  if (targets.length === 0) {
    problems.push({
      problem: `[${environment}] proxy ${proxyName} has no instance targets.`,
      fix: 'check the proxy target group in the RDS console.',
    });
  } else if (!available.some((t) => t.Role === 'READ_ONLY')) {
    problems.push({
      problem: `[${environment}] no reader behind proxy ${proxyName} is AVAILABLE: reads through the READ_ONLY endpoint fail.`,
      fix: 'wait for the standby (or an auto-scaled reader) to become available; if a resize is running, it ends within minutes.',
    });
  }
  details.push(
    `targets: ${targets.map((t) => `${t.RdsResourceId} ${t.Role ?? '?'} ${t.TargetHealth?.State ?? '?'}`).join(', ') || 'none'}.`,
  );
  return verdict(PROXY_CHECK.id, PROXY_CHECK.title, problems, details);
}
