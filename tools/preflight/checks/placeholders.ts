import type { EnvironmentConfig } from '../../../config/schema/environment';
import { monitoringSchema } from '../../../config/schema/monitoring';
import { type CheckResult, type Problem, verdict } from '../../aws-checks/check-result';

export const PLACEHOLDERS_CHECK = { id: 'placeholders', title: 'No placeholders left in config' } as const;

/** Domains reserved for documentation (RFC 2606): mail to them reaches nobody. */
const EXAMPLE_DOMAIN = /(^|\.)example\.(com|org|net)$/i;
/** Runs and sequences that hand-written ids are made of (`vpc-0a1b2c3d4e…`, `subnet-0a1a1a1a…`). */
const MADE_UP_RUNS = ['a1b2c3', '0123456', '123456', 'abcdef', 'deadbeef', '000000', 'ffffff'];

/** An account id nobody owns: one digit repeated, or the documentation's `123456789012`. */
export function isPlaceholderAccount(account: string): boolean {
  return /^(\d)\1{11}$/.test(account) || account === '123456789012';
}

/**
 * A resource id (`vpc-…`, `subnet-…`, `rtb-…`, `sg-…`) whose hex part looks typed by hand: at most three
 * distinct characters (`0a1a1a1a…`), or a run such as `a1b2c3` or `123456`. Real ids are random hex.
 */
export function isPlaceholderResourceId(id: string): boolean {
  const hex = id.replace(/^[a-z]+-/, '').toLowerCase();
  return new Set(hex).size <= 3 || MADE_UP_RUNS.some((run) => hex.includes(run));
}

function isExampleEmail(address: string): boolean {
  return EXAMPLE_DOMAIN.test(address.split('@')[1] ?? '');
}

function isExampleUrl(url: string): boolean {
  try {
    return EXAMPLE_DOMAIN.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** The runbook URL an environment gets when it sets none: the schema's own default, not a copy of it. */
export function defaultRunbookUrl(): string {
  return monitoringSchema.parse({}).runbookUrl;
}

/**
 * Placeholders left in an environment's config: account ids, example.com addresses, the default
 * runbook URL, made-up VPC, subnet, route table and security group ids. Needs no AWS credentials.
 */
export function checkPlaceholders(env: EnvironmentConfig): CheckResult {
  const file = `config/environments/${env.name}.ts`;
  const at = (field: string) => `[${env.name}] ${field}`;
  const problems: Problem[] = [];

  if (isPlaceholderAccount(env.account)) {
    problems.push({
      problem: `${at('account')}: "${env.account}" is a placeholder account id.`,
      fix: `set account in ${file} to the 12-digit id of the account you deploy to (\`aws sts get-caller-identity --query Account\`).`,
    });
  }
  if (isExampleEmail(env.tags.owner)) {
    problems.push({
      problem: `${at('tags.owner')}: "${env.tags.owner}" is an example address.`,
      fix: `set tags.owner in ${file} to the owning team's address.`,
    });
  }
  for (const severity of ['critical', 'warning'] as const) {
    const subs = env.monitoring.notifications[severity];
    subs.emails.forEach((email, i) => {
      if (isExampleEmail(email)) {
        problems.push({
          problem: `${at(`monitoring.notifications.${severity}.emails[${i}]`)}: "${email}" is an example address: ${severity} alarms would reach nobody.`,
          fix: `set it in ${file} to ${severity === 'critical' ? 'the on-call rota’s paging address' : 'the team’s list'} (each address confirms its subscription once).`,
        });
      }
    });
    subs.httpsUrls.forEach((url, i) => {
      if (isExampleUrl(url)) {
        problems.push({
          problem: `${at(`monitoring.notifications.${severity}.httpsUrls[${i}]`)}: "${url}" is an example URL.`,
          fix: `set it in ${file} to your incident tool's or chat relay's https endpoint.`,
        });
      }
    });
  }
  if (env.monitoring.runbookUrl === defaultRunbookUrl() || isExampleUrl(env.monitoring.runbookUrl)) {
    problems.push({
      problem: `${at('monitoring.runbookUrl')}: "${env.monitoring.runbookUrl}" is the default, which is not your repository: alarm descriptions would link nowhere.`,
      fix: `set monitoring.runbookUrl in ${file} to docs/monitoring.md as your team browses it (e.g. https://github.com/<org>/<repo>/blob/main/docs/monitoring.md).`,
    });
  }
  const net = env.network;
  if (net.kind === 'import') {
    const ids: Array<[string, string]> = [
      ['network.vpcId', net.vpcId],
      ...net.isolatedSubnetIds.map((id, i): [string, string] => [`network.isolatedSubnetIds[${i}]`, id]),
      ...(net.isolatedRouteTableIds ?? []).map((id, i): [string, string] => [`network.isolatedRouteTableIds[${i}]`, id]),
    ];
    for (const [field, id] of ids) {
      if (isPlaceholderResourceId(id)) {
        problems.push({
          problem: `${at(field)}: "${id}" looks like a placeholder, not a real id.`,
          fix: `set ${field} in ${file} from \`aws ec2 describe-${field.includes('vpcId') ? 'vpcs' : field.includes('Route') ? 'route-tables' : 'subnets'}\` in ${env.region}.`,
        });
      }
    }
  }
  env.proxy.applicationSecurityGroupIds.forEach((id, i) => {
    if (isPlaceholderResourceId(id)) {
      problems.push({
        problem: `${at(`proxy.applicationSecurityGroupIds[${i}]`)}: "${id}" looks like a placeholder, not a real id.`,
        fix: `set it in ${file} to your application's security group id (\`aws ec2 describe-security-groups\`), or remove it.`,
      });
    }
  });
  return verdict(
    PLACEHOLDERS_CHECK.id,
    PLACEHOLDERS_CHECK.title,
    problems,
    problems.length === 0 ? [`${file} names real ids and addresses.`] : [],
  );
}
