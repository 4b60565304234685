import { environmentNames, loadConfig, validateEnvironment, type EnvironmentInput } from '../../config';
import { dev } from '../../config/environments/dev';
import { prod } from '../../config/environments/prod';
import { problemsOf, variant, type Patch } from '../helpers/config-variants';

test.each(environmentNames())('the committed %s environment is valid and frozen', (name) => {
  const config = loadConfig(name);
  expect(Object.isFrozen(config)).toBe(true);
  expect(Object.isFrozen(config.database.writer)).toBe(true);
});

test('an unknown environment name says which ones exist', () => {
  expect(() => loadConfig('qa')).toThrow('[qa] (environment): unknown environment. Fix: use one of dev, staging, prod');
});

// Each bad input, and the exact problem line it must produce: environment, field, what is wrong, the fix.
test.each<[string, EnvironmentInput, Patch, string]>([
  [
    'malformed instance class',
    prod,
    (e) => {
      e.database.writer.instanceClass = 'r6g.large';
    },
    '[prod] database.writer.instanceClass: must be an instance class such as "db.r6g.large" (db.<family>.<size>)',
  ],
  [
    'unknown instance class',
    prod,
    (e) => {
      e.database.writer.instanceClass = 'db.r6g.huge';
    },
    '[prod] database.writer.instanceClass: "db.r6g.huge" is not an instance class Aurora offers in this project\'s catalogue. Fix: use one of db.r6g.large, db.r6g.xlarge, db.r6g.2xlarge, db.r6g.4xlarge, db.r6g.8xlarge, db.r6g.12xlarge, db.r6g.16xlarge (or add it to config/instance-classes.ts).',
  ],
  [
    'unknown reader class',
    prod,
    (e) => {
      e.database.fixedReaders[0].instanceClass = 'db.q9.large';
    },
    '[prod] database.fixedReaders[0].instanceClass: "db.q9.large" is not an instance class Aurora offers in this project\'s catalogue.',
  ],
  [
    'ACU below 0.5',
    dev,
    (e) => {
      e.database.writer.minCapacity = 0.25;
    },
    '[dev] database.writer.minCapacity: must be at least 0.5 ACU',
  ],
  [
    'ACU above 256',
    dev,
    (e) => {
      e.database.writer.maxCapacity = 512;
    },
    '[dev] database.writer.maxCapacity: must be at most 256 ACU',
  ],
  [
    'ACU not a 0.5 step',
    dev,
    (e) => {
      e.database.writer.maxCapacity = 8.3;
    },
    '[dev] database.writer.maxCapacity: must be a multiple of 0.5 ACU (e.g. 2 or 2.5)',
  ],
  [
    'ACU min above max',
    dev,
    (e) => {
      e.database.writer.minCapacity = 16;
    },
    '[dev] database.writer.minCapacity: minCapacity 16 ACU is above maxCapacity 8 ACU. Fix: lower minCapacity or raise maxCapacity.',
  ],
  [
    'no failover standby in prod',
    prod,
    (e) => {
      e.database.fixedReaders = [{ name: 'reporting', promotionTier: 5 }];
    },
    '[prod] database.fixedReaders: a production environment needs a failover standby. Fix: add a reader with promotionTier 0',
  ],
  [
    'destroy-on-delete in prod',
    prod,
    (e) => {
      e.database.removalPolicy = 'destroy';
    },
    '[prod] database.removalPolicy: is "destroy", which deletes the database with the stack; a production environment must keep it. Fix: set removalPolicy to "snapshot" or "retain".',
  ],
  [
    'deletion protection off in prod',
    prod,
    (e) => {
      e.database.deletionProtection = false;
    },
    '[prod] database.deletionProtection: is off; a production database must be protected from deletion. Fix: set deletionProtection to true.',
  ],
  [
    'backup retention under 7 days in prod',
    prod,
    (e) => {
      e.database.backup.retentionDays = 3;
    },
    '[prod] database.backup.retentionDays: is 3, but a production environment needs at least 7 days of backups. Fix: set it to 7 or more.',
  ],
  [
    'backup retention over the RDS limit',
    dev,
    (e) => {
      e.database.backup.retentionDays = 40;
    },
    '[dev] database.backup.retentionDays: must be at most 35 days (the RDS limit)',
  ],
  [
    'overlapping maintenance and backup windows',
    prod,
    (e) => {
      e.database.preferredMaintenanceWindow = 'tue:01:30-tue:02:30';
    },
    '[prod] database.preferredMaintenanceWindow: "tue:01:30-tue:02:30" overlaps the daily backup window "01:00-02:00"; RDS rejects overlapping windows. Fix: move one of them.',
  ],
  [
    'overlap across midnight at the end of the week',
    prod,
    (e) => {
      e.database.backup.preferredWindow = '23:45-00:30';
      e.database.preferredMaintenanceWindow = 'sun:23:00-mon:00:15';
    },
    '[prod] database.preferredMaintenanceWindow: "sun:23:00-mon:00:15" overlaps the daily backup window "23:45-00:30"',
  ],
  [
    'malformed backup window',
    prod,
    (e) => {
      e.database.backup.preferredWindow = '1am-2am';
    },
    '[prod] database.backup.preferredWindow: must be a UTC window "hh:mm-hh:mm" such as "02:00-03:00"',
  ],
  [
    'malformed maintenance window',
    prod,
    (e) => {
      e.database.preferredMaintenanceWindow = 'tuesday 03:00';
    },
    '[prod] database.preferredMaintenanceWindow: must be a UTC window "ddd:hh:mm-ddd:hh:mm" such as "sun:03:30-sun:04:30"',
  ],
  [
    'backup window shorter than 30 minutes',
    prod,
    (e) => {
      e.database.backup.preferredWindow = '01:00-01:20';
    },
    '[prod] database.backup.preferredWindow: "01:00-01:20" lasts 20 minutes; RDS needs at least 30. Fix: widen the window.',
  ],
  [
    'imported VPC without AZs',
    prod,
    (e) => {
      delete e.network.availabilityZones;
    },
    '[prod] network.availabilityZones: is missing; an imported VPC needs the availability zone of each isolated subnet so synth needs no look-up. Fix: list them in the same order as isolatedSubnetIds.',
  ],
  [
    'imported VPC with fewer AZs than subnets',
    prod,
    (e) => {
      e.network.availabilityZones = ['eu-west-1a', 'eu-west-1b'];
    },
    '[prod] network.availabilityZones: lists 2 zones for 3 isolated subnets. Fix: give one zone per subnet, in the same order.',
  ],
  [
    'AZ outside the region',
    dev,
    (e) => {
      e.network.availabilityZones = ['eu-west-1a', 'us-east-1b'];
    },
    '[dev] network.availabilityZones[1]: "us-east-1b" is not in region eu-west-1. Fix: use zones of eu-west-1, such as "eu-west-1a".',
  ],
  [
    'malformed PostgreSQL version',
    prod,
    (e) => {
      e.database.engineVersion = '16';
    },
    '[prod] database.engineVersion: "16" is not an Aurora PostgreSQL version. Fix: use major.minor, such as "16.6".',
  ],
  [
    'Performance Insights retention not a month multiple',
    prod,
    (e) => {
      e.database.performanceInsightsRetentionDays = 30;
    },
    '[prod] database.performanceInsightsRetentionDays: must be 7, a multiple of 31 from 31 to 713 (months), or 731',
  ],
  [
    'log retention not a CloudWatch value',
    prod,
    (e) => {
      e.database.logRetentionDays = 45;
    },
    "[prod] database.logRetentionDays: must be one of CloudWatch Logs' retention periods",
  ],
  [
    'production log retention under a year (AWS Control Tower CT.CLOUDWATCH.PR.2)',
    prod,
    (e) => {
      e.database.logRetentionDays = 90;
    },
    '[prod] database.logRetentionDays: is 90 days, but a production environment keeps its logs at least 365 days (AWS Control Tower CT.CLOUDWATCH.PR.2 rejects the stack otherwise; the database logs hold query text). Fix: set it to 365 or more.',
  ],
  [
    'production pre-scaler log retention under a year',
    prod,
    (e) => {
      e.preScaler.logRetentionDays = 30;
    },
    '[prod] preScaler.logRetentionDays: is 30 days, but a production environment keeps its logs at least 365 days',
  ],
  [
    'imported VPC that does not say whether the stack creates its endpoints',
    prod,
    (e) => {
      delete e.network.createInterfaceEndpoints;
    },
    '[prod] network.createInterfaceEndpoints: is not set. A VPC can hold only one interface endpoint with private DNS per service',
  ],
  [
    'in-VPC functions in an imported VPC without its route tables (S3 gateway endpoint)',
    prod,
    (e) => {
      e.network.functionPlacement = 'isolated-subnets';
      delete e.network.isolatedRouteTableIds;
    },
    '[prod] network.isolatedRouteTableIds: must list one route table per isolated subnet',
  ],
  [
    'unknown function placement',
    prod,
    (e) => {
      e.network.functionPlacement = 'private';
    },
    '[prod] network.functionPlacement: must be "outside-vpc" (the default) or "isolated-subnets"',
  ],
  [
    'Enhanced Monitoring interval not allowed',
    prod,
    (e) => {
      e.database.enhancedMonitoringIntervalSeconds = 20;
    },
    '[prod] database.enhancedMonitoringIntervalSeconds: must be one of 0, 1, 5, 10, 15, 30, 60',
  ],
  [
    'standby smaller than the writer',
    prod,
    (e) => {
      e.database.fixedReaders[0].instanceClass = 'db.r6g.large';
    },
    '[prod] database.fixedReaders[0].instanceClass: the tier-0 failover standby (db.r6g.large) is smaller than the writer (db.r6g.xlarge): a failover would lose capacity.',
  ],
  [
    'reader class with a Serverless v2 writer',
    dev,
    (e) => {
      e.database.fixedReaders[0].instanceClass = 'db.r6g.large';
    },
    '[dev] database.fixedReaders[0].instanceClass: is set, but the writer is Serverless v2, so readers are Serverless v2 too. Fix: remove instanceClass.',
  ],
  [
    'a misspelt field',
    prod,
    (e) => {
      e.database.deletionProtecton = true;
    },
    '[prod] database: unknown field(s) "deletionProtecton". Fix: remove them or check the spelling against config/schema.',
  ],
  [
    'a missing field',
    prod,
    (e) => {
      delete e.database.slowQueryThresholdMs;
    },
    '[prod] database.slowQueryThresholdMs: is required.',
  ],
  [
    'a field of the wrong type is not reported as missing',
    prod,
    (e) => {
      e.database.slowQueryThresholdMs = '200ms';
    },
    '[prod] database.slowQueryThresholdMs: must be a number, but is "200ms". Fix: write it as a number.',
  ],
  [
    'proxy idle percent above max percent',
    prod,
    (e) => {
      e.proxy.maxIdleConnectionsPercent = 95;
    },
    '[prod] proxy.maxIdleConnectionsPercent: is 95, above maxConnectionsPercent 90; RDS Proxy requires idle ≤ max. Fix: lower it to 90 or less.',
  ],
  [
    'proxy borrow timeout out of range',
    prod,
    (e) => {
      e.proxy.connectionBorrowTimeoutSeconds = 0;
    },
    '[prod] proxy.connectionBorrowTimeoutSeconds: must be between 1 and 3600 seconds',
  ],
  [
    'proxy init query on PostgreSQL',
    prod,
    (e) => {
      e.proxy.initQuery = "SET TIME ZONE 'UTC'";
    },
    '[prod] proxy.initQuery: is set, but RDS Proxy runs an init query only for MySQL engines.',
  ],
  [
    'proxy pinning filters on PostgreSQL',
    prod,
    (e) => {
      e.proxy.sessionPinningFilters = ['EXCLUDE_VARIABLE_SETS'];
    },
    '[prod] proxy.sessionPinningFilters: is set, but RDS Proxy supports session pinning filters only for MySQL engines. Fix: remove it.',
  ],
  [
    'malformed application security group id',
    prod,
    (e) => {
      e.proxy.applicationSecurityGroupIds = ['web-servers'];
    },
    '[prod] proxy.applicationSecurityGroupIds[0]: must be a security group id such as "sg-0abc12345def67890"',
  ],
  [
    'autoscaling min above max',
    prod,
    (e) => {
      e.readerAutoScaling.minReplicas = 8;
    },
    '[prod] readerAutoScaling.minReplicas: minReplicas 8 is above maxReplicas 6. Fix: lower minReplicas or raise maxReplicas.',
  ],
  [
    'autoscaling max above the Aurora limit',
    prod,
    (e) => {
      e.readerAutoScaling.maxReplicas = 16;
    },
    '[prod] readerAutoScaling.maxReplicas: must be at most 15 (the Aurora replica limit)',
  ],
  [
    'autoscaling max that leaves no room beside the fixed readers',
    prod,
    (e) => {
      e.readerAutoScaling.maxReplicas = 1;
    },
    '[prod] readerAutoScaling.maxReplicas: is 1, but the count includes the 1 fixed reader(s), so autoscaling could never add one. Fix: set maxReplicas above 1.',
  ],
  [
    'autoscaling CPU target out of range',
    prod,
    (e) => {
      e.readerAutoScaling.targetCpuPercent = 95;
    },
    '[prod] readerAutoScaling.targetCpuPercent: must be between 10 and 90 percent',
  ],
])('%s', (_title, base, patch, expected) => {
  // On failure jest prints the problems actually reported.
  expect(problemsOf(variant(base, patch))).toContainEqual(expect.stringMatching(new RegExp(`^${escapeRegExp(expected)}`)));
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('every problem is reported at once, each on its own line', () => {
  const input = variant(prod, (e) => {
    e.database.removalPolicy = 'destroy';
    e.database.deletionProtection = false;
    e.database.backup.retentionDays = 3;
    e.database.writer.instanceClass = 'db.r6g.huge';
  });
  expect(problemsOf(input)).toHaveLength(4);
  expect(() => validateEnvironment(input)).toThrow(/Invalid configuration for environment "prod" \(4 problems\):\n {2}- \[prod\]/);
});

test('a field that fails its own check is not reported again by a rule that reads it', () => {
  const problems = problemsOf(
    variant(dev, (e) => {
      e.database.writer.minCapacity = 300;
    }),
  );
  expect(problems).toEqual(['[dev] database.writer.minCapacity: must be at most 256 ACU']);
});

test('the same rules do not apply to a non-production environment', () => {
  const relaxed = variant(prod, (e) => {
    e.production = false;
    e.database.removalPolicy = 'destroy';
    e.database.deletionProtection = false;
    e.database.backup.retentionDays = 1;
  });
  expect(() => validateEnvironment(relaxed)).not.toThrow();
});
