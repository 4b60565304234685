import { instanceClassSpec, knownClassesHint } from '../instance-classes';
import type { EnvironmentInput } from './environment';
import type { ExistingDatabaseConfig } from './existing-database';
import { KMS_KEY_ARN_PATTERN, SECRET_ARN_PATTERN } from './existing-database';
import type { RuleViolation } from './rules';

/** The fields of the `database` section an existing cluster's block shares with a created one (rules over them run for both). */
export const SHARED_DATABASE_FIELDS: readonly string[] = [
  'database.engine',
  'database.engineVersion',
  'database.writer',
  'database.logRetentionDays',
];

type ExistingInput = Omit<EnvironmentInput, 'database'> & { readonly database: ExistingDatabaseConfig };

interface ExistingDatabaseRule {
  readonly reads: readonly string[];
  readonly check: (env: ExistingInput) => RuleViolation[];
}

function one(condition: boolean, field: string, message: string): RuleViolation[] {
  return condition ? [{ field, message }] : [];
}

/** Region and account of an ARN matched by one of the patterns (the groups come in pairs). */
function regionAndAccount(pattern: RegExp, arn: string): { region: string; account: string } | undefined {
  const m = pattern.exec(arn);
  const groups = m?.slice(1).filter((g) => g !== undefined) ?? [];
  const [region, account] = groups;
  return region !== undefined && account !== undefined ? { region, account } : undefined;
}

/** Rules over an existing cluster's block (`database.kind: 'existing'`), in the order their messages are printed. */
export const EXISTING_DATABASE_RULES: readonly ExistingDatabaseRule[] = [
  {
    reads: ['database.writerInstanceIdentifier', 'database.standbyInstanceIdentifier'],
    check: (env) =>
      one(
        env.database.writerInstanceIdentifier.toLowerCase() === env.database.standbyInstanceIdentifier.toLowerCase(),
        'database.standbyInstanceIdentifier',
        `is "${env.database.standbyInstanceIdentifier}", the same instance as writerInstanceIdentifier; the failover standby must be another instance. Fix: give the identifier of the cluster's promotion-tier-0 reader.`,
      ),
  },
  {
    reads: ['database.writer'],
    check: (env) => {
      const w = env.database.writer;
      if (w.kind !== 'provisioned') return [];
      return one(
        instanceClassSpec(w.instanceClass) === undefined,
        'database.writer.instanceClass',
        `"${w.instanceClass}" is not an instance class Aurora offers in this project's catalogue. Fix: use one of ${knownClassesHint(w.instanceClass)} (or add it to config/instance-classes.ts).`,
      );
    },
  },
  {
    reads: ['database.securityGroupIds'],
    check: (env) => {
      const ids = env.database.securityGroupIds;
      return ids.flatMap((id, i) =>
        one(ids.indexOf(id) !== i, `database.securityGroupIds[${i}]`, `"${id}" is listed twice. Fix: list each security group once.`),
      );
    },
  },
  ...(['arn', 'kmsKeyArn'] as const).map(
    (field): ExistingDatabaseRule => ({
      reads: [`database.secret.${field}`, 'region', 'account'],
      check: (env) => {
        const arn = env.database.secret[field];
        const where = regionAndAccount(field === 'arn' ? SECRET_ARN_PATTERN : KMS_KEY_ARN_PATTERN, arn);
        if (!where) return [];
        return one(
          where.region !== env.region || where.account !== env.account,
          `database.secret.${field}`,
          `is in ${where.account}/${where.region}, but the environment deploys to ${env.account}/${env.region}; aurora-surge grants the proxy a secret and key of its own account and Region only (one elsewhere would need resource policies this stack does not manage). Fix: give the ARN of a ${field === 'arn' ? 'secret' : 'key'} in account ${env.account}, Region ${env.region}.`,
        );
      },
    }),
  ),
  {
    reads: ['readerAutoScaling'],
    check: (env) =>
      one(
        env.readerAutoScaling.maxReplicas <= 1,
        'readerAutoScaling.maxReplicas',
        `is ${env.readerAutoScaling.maxReplicas}, but the count includes the standby (${env.database.standbyInstanceIdentifier}), so autoscaling could never add a reader. Fix: set maxReplicas above the cluster's fixed readers (at least 2).`,
      ),
  },
];
