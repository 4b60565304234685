import { RETIRED_AURORA_MYSQL_VERSIONS, RETIRED_AURORA_POSTGRESQL_VERSIONS } from '../engine-version-support';
import { compareInstanceClasses, instanceClassSpec, knownClassesHint } from '../instance-classes';
import type { Engine } from './database';
import type { CreatedClusterEnvironmentInput as EnvironmentInput } from './environment';
import { REACTIVE_RULES } from './reactive-rules';
import { ALARM_ACTIONS_OPTIONAL_IN, RUNBOOK_URL_OPTIONAL_IN } from './monitoring';
import {
  dailyWindowIntervals,
  dailyWindowMinutes,
  intervalsOverlap,
  MIN_WINDOW_MINUTES,
  weeklyWindowIntervals,
  weeklyWindowMinutes,
} from './windows';

/** One broken rule: where, and a sentence that says what is wrong and how to fix it. */
export interface RuleViolation {
  readonly field: string;
  readonly message: string;
}

/**
 * A rule that spans several fields, or depends on whether the environment is production.
 * `reads` lists the fields it needs: the rule is skipped when one of them already failed its own
 * (per-field) validation, so every problem is reported once.
 */
export interface EnvironmentRule {
  readonly reads: readonly string[];
  readonly check: (env: EnvironmentInput) => RuleViolation[];
}

/**
 * AWS Control Tower CT.CLOUDWATCH.PR.2 rejects a log group kept for less than a year. The database's
 * logs hold query text and are audit evidence, so production keeps every log group at least this long.
 * @see https://docs.aws.amazon.com/controltower/latest/controlreference/cloudwatch-rules.html
 */
export const PRODUCTION_MIN_LOG_RETENTION_DAYS = 365;

const PG_VERSION = /^\d{2}\.\d{1,2}$/;
const MYSQL_VERSION = /^3\.\d{2}\.\d{1,2}$/;

function one(condition: boolean, field: string, message: string): RuleViolation[] {
  return condition ? [{ field, message }] : [];
}

function writerClassFields(env: EnvironmentInput): Array<{ field: string; value: string }> {
  const db = env.database;
  const out: Array<{ field: string; value: string }> = [];
  if (db.writer.kind === 'provisioned') out.push({ field: 'database.writer.instanceClass', value: db.writer.instanceClass });
  db.fixedReaders.forEach((r, i) => {
    if (r.instanceClass !== undefined) out.push({ field: `database.fixedReaders[${i}].instanceClass`, value: r.instanceClass });
  });
  return out;
}

/** How each engine writes its version: a new engine is a compile error here until it has a rule. */
const ENGINE_VERSIONS: Record<
  Engine,
  { readonly name: string; readonly pattern: RegExp; readonly fix: string; readonly retired: readonly string[]; readonly current: string }
> = {
  'aurora-postgresql': {
    name: 'Aurora PostgreSQL',
    pattern: PG_VERSION,
    fix: 'use major.minor, such as "16.13"',
    retired: RETIRED_AURORA_POSTGRESQL_VERSIONS,
    current: '16.13',
  },
  'aurora-mysql': {
    name: 'Aurora MySQL',
    pattern: MYSQL_VERSION,
    fix: 'use the Aurora version, such as "3.08.0"',
    retired: RETIRED_AURORA_MYSQL_VERSIONS,
    current: '3.10.4',
  },
};

/** Rules over the whole environment, in the order their messages are printed. */
export const ENVIRONMENT_RULES: readonly EnvironmentRule[] = [
  ...REACTIVE_RULES,
  {
    reads: ['database.engine', 'database.engineVersion'],
    check: (env) => {
      const v = env.database.engineVersion;
      const rule = ENGINE_VERSIONS[env.database.engine ?? 'aurora-postgresql'];
      if (!rule.pattern.test(v)) return one(true, 'database.engineVersion', `"${v}" is not an ${rule.name} version. Fix: ${rule.fix}.`);
      return one(
        rule.retired.includes(v),
        'database.engineVersion',
        `${rule.name} ${v} is no longer supported by Amazon RDS (config/engine-version-support.ts, from aws-cdk-lib's engine table): a cluster cannot be created on it and AWS upgrades one that runs it. Fix: choose a version the release calendar lists under standard support, such as "${rule.current}".`,
      );
    },
  },
  {
    reads: ['database.writer', 'database.fixedReaders'],
    check: (env) =>
      writerClassFields(env).flatMap(({ field, value }) =>
        one(
          instanceClassSpec(value) === undefined,
          field,
          `"${value}" is not an instance class Aurora offers in this project's catalogue. Fix: use one of ${knownClassesHint(value)} (or add it to config/instance-classes.ts).`,
        ),
      ),
  },
  {
    reads: ['database.writer'],
    check: (env) => {
      const w = env.database.writer;
      return w.kind === 'serverless-v2'
        ? one(
            w.minCapacity > w.maxCapacity,
            'database.writer.minCapacity',
            `minCapacity ${w.minCapacity} ACU is above maxCapacity ${w.maxCapacity} ACU. Fix: lower minCapacity or raise maxCapacity.`,
          )
        : [];
    },
  },
  {
    reads: ['database.writer', 'database.fixedReaders'],
    check: (env) => {
      const w = env.database.writer;
      if (w.kind === 'serverless-v2') {
        return env.database.fixedReaders.flatMap((r, i) =>
          one(
            r.instanceClass !== undefined,
            `database.fixedReaders[${i}].instanceClass`,
            'is set, but the writer is Serverless v2, so readers are Serverless v2 too. Fix: remove instanceClass.',
          ),
        );
      }
      // A tier-0 standby smaller than the writer would turn a failover into a capacity drop.
      return env.database.fixedReaders.flatMap((r, i) => {
        if (r.promotionTier !== 0 || r.instanceClass === undefined) return [];
        if (!instanceClassSpec(r.instanceClass) || !instanceClassSpec(w.instanceClass)) return [];
        return one(
          compareInstanceClasses(r.instanceClass, w.instanceClass) < 0,
          `database.fixedReaders[${i}].instanceClass`,
          `the tier-0 failover standby (${r.instanceClass}) is smaller than the writer (${w.instanceClass}): a failover would lose capacity. Fix: remove instanceClass (it defaults to the writer's) or raise it.`,
        );
      });
    },
  },
  {
    reads: ['production', 'database.fixedReaders'],
    check: (env) =>
      one(
        env.production && !env.database.fixedReaders.some((r) => r.promotionTier === 0),
        'database.fixedReaders',
        'a production environment needs a failover standby. Fix: add a reader with promotionTier 0, e.g. { name: "standby", promotionTier: 0 }.',
      ),
  },
  {
    reads: ['production', 'database.removalPolicy'],
    check: (env) =>
      one(
        env.production && env.database.removalPolicy === 'destroy',
        'database.removalPolicy',
        'is "destroy", which deletes the database with the stack; a production environment must keep it. Fix: set removalPolicy to "snapshot" or "retain".',
      ),
  },
  {
    reads: ['production', 'database.deletionProtection'],
    check: (env) =>
      one(
        env.production && !env.database.deletionProtection,
        'database.deletionProtection',
        'is off; a production database must be protected from deletion. Fix: set deletionProtection to true.',
      ),
  },
  {
    reads: ['production', 'database.backup.retentionDays'],
    check: (env) =>
      one(
        env.production && env.database.backup.retentionDays < 7,
        'database.backup.retentionDays',
        `is ${env.database.backup.retentionDays}, but a production environment needs at least 7 days of backups. Fix: set it to 7 or more.`,
      ),
  },
  {
    reads: ['database.backup.preferredWindow'],
    check: (env) => {
      const m = dailyWindowMinutes(env.database.backup.preferredWindow) ?? MIN_WINDOW_MINUTES;
      return one(
        m < MIN_WINDOW_MINUTES,
        'database.backup.preferredWindow',
        `"${env.database.backup.preferredWindow}" lasts ${m} minutes; RDS needs at least ${MIN_WINDOW_MINUTES}. Fix: widen the window.`,
      );
    },
  },
  {
    reads: ['database.preferredMaintenanceWindow'],
    check: (env) => {
      const m = weeklyWindowMinutes(env.database.preferredMaintenanceWindow) ?? MIN_WINDOW_MINUTES;
      return one(
        m < MIN_WINDOW_MINUTES,
        'database.preferredMaintenanceWindow',
        `"${env.database.preferredMaintenanceWindow}" lasts ${m} minutes; RDS needs at least ${MIN_WINDOW_MINUTES}. Fix: widen the window.`,
      );
    },
  },
  {
    reads: ['database.backup.preferredWindow', 'database.preferredMaintenanceWindow'],
    check: (env) => {
      const backup = dailyWindowIntervals(env.database.backup.preferredWindow);
      const maintenance = weeklyWindowIntervals(env.database.preferredMaintenanceWindow);
      return one(
        !!backup && !!maintenance && intervalsOverlap(backup, maintenance),
        'database.preferredMaintenanceWindow',
        `"${env.database.preferredMaintenanceWindow}" overlaps the daily backup window "${env.database.backup.preferredWindow}"; RDS rejects overlapping windows. Fix: move one of them.`,
      );
    },
  },
  {
    reads: ['network'],
    check: (env) => {
      const n = env.network;
      if (n.kind !== 'import') return [];
      if (!n.availabilityZones || n.availabilityZones.length === 0) {
        return [
          {
            field: 'network.availabilityZones',
            message:
              'is missing; an imported VPC needs the availability zone of each isolated subnet so synth needs no look-up. Fix: list them in the same order as isolatedSubnetIds.',
          },
        ];
      }
      return one(
        n.availabilityZones.length !== n.isolatedSubnetIds.length,
        'network.availabilityZones',
        `lists ${n.availabilityZones.length} zones for ${n.isolatedSubnetIds.length} isolated subnets. Fix: give one zone per subnet, in the same order.`,
      );
    },
  },
  {
    reads: ['network', 'region'],
    check: (env) =>
      (env.network.availabilityZones ?? []).flatMap((az, i) =>
        one(
          !az.startsWith(env.region),
          `network.availabilityZones[${i}]`,
          `"${az}" is not in region ${env.region}. Fix: use zones of ${env.region}, such as "${env.region}a".`,
        ),
      ),
  },
  {
    reads: ['network'],
    check: (env) =>
      one(
        env.network.kind === 'import' && env.network.createInterfaceEndpoints === undefined,
        'network.createInterfaceEndpoints',
        'is not set. A VPC can hold only one interface endpoint with private DNS per service, so the stack must be told whether to create its own (Secrets Manager for secret rotation, and the function endpoints with functionPlacement "isolated-subnets"). Fix: set it to true if the VPC has none of them, false if it already has them with private DNS.',
      ),
  },
  {
    reads: ['network'],
    check: (env) => {
      const n = env.network;
      return one(
        n.kind === 'import' &&
          n.functionPlacement === 'isolated-subnets' &&
          n.createInterfaceEndpoints === true &&
          (n.isolatedRouteTableIds ?? []).length !== n.isolatedSubnetIds.length,
        'network.isolatedRouteTableIds',
        'must list one route table per isolated subnet: with functionPlacement "isolated-subnets" the stack adds an S3 gateway endpoint to them (the custom-resource provider answers CloudFormation through an S3 URL). Fix: list the route tables in the order of isolatedSubnetIds, or set createInterfaceEndpoints to false if the VPC already routes S3.',
      );
    },
  },
  {
    reads: ['production', 'database.logRetentionDays', 'preScaler.logRetentionDays'],
    check: (env) => {
      if (!env.production) return [];
      const fields: Array<[string, number | undefined]> = [
        ['database.logRetentionDays', env.database.logRetentionDays],
        ['preScaler.logRetentionDays', env.preScaler.logRetentionDays],
      ];
      return fields.flatMap(([field, days]) =>
        one(
          days !== undefined && days < PRODUCTION_MIN_LOG_RETENTION_DAYS,
          field,
          `is ${days} days, but a production environment keeps its logs at least ${PRODUCTION_MIN_LOG_RETENTION_DAYS} days (AWS Control Tower CT.CLOUDWATCH.PR.2 rejects the stack otherwise; the database logs hold query text). Fix: set it to ${PRODUCTION_MIN_LOG_RETENTION_DAYS} or more.`,
        ),
      );
    },
  },
  {
    reads: ['proxy.maxConnectionsPercent', 'proxy.maxIdleConnectionsPercent'],
    check: (env) => {
      const p = env.proxy;
      const max = p.maxConnectionsPercent ?? 90;
      const idle = p.maxIdleConnectionsPercent ?? 50;
      return one(
        idle > max,
        'proxy.maxIdleConnectionsPercent',
        `is ${idle}, above maxConnectionsPercent ${max}; RDS Proxy requires idle ≤ max. Fix: lower it to ${max} or less.`,
      );
    },
  },
  {
    reads: ['proxy.initQuery', 'database.engine'],
    check: (env) =>
      one(
        env.proxy.initQuery !== undefined && (env.database.engine ?? 'aurora-postgresql') === 'aurora-postgresql',
        'proxy.initQuery',
        'is set, but RDS Proxy runs an init query only for MySQL engines. Fix: remove it, or set the session defaults in the database parameter group.',
      ),
  },
  {
    reads: ['proxy.sessionPinningFilters', 'database.engine'],
    check: (env) =>
      one(
        (env.proxy.sessionPinningFilters ?? []).length > 0 && (env.database.engine ?? 'aurora-postgresql') === 'aurora-postgresql',
        'proxy.sessionPinningFilters',
        'is set, but RDS Proxy supports session pinning filters only for MySQL engines. Fix: remove it.',
      ),
  },
  {
    reads: ['readerAutoScaling', 'database.fixedReaders'],
    check: (env) => {
      const a = env.readerAutoScaling;
      const fixed = env.database.fixedReaders.length;
      return [
        ...one(
          a.minReplicas > a.maxReplicas,
          'readerAutoScaling.minReplicas',
          `minReplicas ${a.minReplicas} is above maxReplicas ${a.maxReplicas}. Fix: lower minReplicas or raise maxReplicas.`,
        ),
        ...one(
          a.maxReplicas <= fixed,
          'readerAutoScaling.maxReplicas',
          `is ${a.maxReplicas}, but the count includes the ${fixed} fixed reader(s), so autoscaling could never add one. Fix: set maxReplicas above ${fixed}.`,
        ),
      ];
    },
  },
  {
    reads: ['name', 'monitoring.alarmActionsEnabled'],
    check: (env) =>
      one(
        env.monitoring?.alarmActionsEnabled === false && !ALARM_ACTIONS_OPTIONAL_IN.includes(env.name),
        'monitoring.alarmActionsEnabled',
        `is false, but only ${ALARM_ACTIONS_OPTIONAL_IN.join(', ')} may run alarms that notify nobody; in ${env.name} every alarm must reach its topic. Fix: set it to true (or remove it: the default is true).`,
      ),
  },
  {
    reads: ['name', 'monitoring.runbookUrl'],
    check: (env) =>
      one(
        env.monitoring?.runbookUrl === undefined && !RUNBOOK_URL_OPTIONAL_IN.includes(env.name),
        'monitoring.runbookUrl',
        `is not set, but every alarm description and the dashboard of ${env.name} link the runbook, and the on-call follows that link. Fix: set it to docs/monitoring.md as your team browses it, such as 'https://github.com/<org>/aurora-surge/blob/main/docs/monitoring.md'.`,
      ),
  },
  {
    reads: ['production', 'monitoring.alarmActionsEnabled', 'monitoring.notifications'],
    check: (env) => {
      const critical = env.monitoring?.notifications?.critical;
      const subscribers = (critical?.emails ?? []).length + (critical?.httpsUrls ?? []).length;
      return one(
        env.production && env.monitoring?.alarmActionsEnabled !== false && subscribers === 0,
        'monitoring.notifications.critical',
        'has no subscriber, so the critical alarms of a production environment would page nobody. Fix: add the on-call address to emails, or an https:// endpoint to httpsUrls.',
      );
    },
  },
];
