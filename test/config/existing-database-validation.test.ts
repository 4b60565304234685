import { validateEnvironment } from '../../config';
import { problemsOf, variant } from '../helpers/config-variants';
import { existingClusterEnvironment } from '../helpers/existing-environment';

const base = existingClusterEnvironment();

test('a complete existing block validates, with no created-cluster field required', () => {
  const config = validateEnvironment(base);
  expect(config.database.kind).toBe('existing');
});

test('an environment without database.kind still creates its cluster (the default)', () => {
  const created = variant(base, (e) => {
    e.database = {
      engineVersion: '16.6',
      databaseName: 'shop',
      writer: { kind: 'provisioned', instanceClass: 'db.r6g.large' },
      fixedReaders: [{ name: 'standby', promotionTier: 0 }],
      backup: { retentionDays: 7, preferredWindow: '02:00-03:00' },
      preferredMaintenanceWindow: 'sun:03:30-sun:04:30',
      logRetentionDays: 30,
      performanceInsightsRetentionDays: 7,
      enhancedMonitoringIntervalSeconds: 60,
      slowQueryThresholdMs: 500,
      secretRotationDays: 30,
      removalPolicy: 'snapshot',
      deletionProtection: true,
    };
  });
  expect(validateEnvironment(created).database.kind).toBe('create');
});

test('a half-filled existing block names every missing field, with the environment and a fix', () => {
  const half = variant(base, (e) => {
    e.database = { kind: 'existing', clusterIdentifier: 'legacy-shop', engine: 'aurora-postgresql', engineVersion: '15.8' };
  });
  const problems = problemsOf(half);
  for (const field of [
    'port',
    'databaseName',
    'writer',
    'writerInstanceIdentifier',
    'standbyInstanceIdentifier',
    'securityGroupIds',
    'secret',
    'logRetentionDays',
  ]) {
    expect(problems).toContain(`[brownfield] database.${field}: is required. Fix: set it (see the README's configuration reference).`);
  }
  expect(problems).toHaveLength(8);
});

test("a created cluster's fields in an existing block are refused, not silently ignored", () => {
  const problems = problemsOf(variant(base, (e) => (e.database.backup = { retentionDays: 7, preferredWindow: '02:00-03:00' })));
  expect(problems).toEqual([
    '[brownfield] database: unknown field(s) "backup". Fix: remove them or check the spelling against config/schema.',
  ]);
});

test.each([
  ['port', (e: any) => (e.database.port = 80), 'database.port: must be between 1150 and 65535'],
  [
    'cluster identifier',
    (e: any) => (e.database.clusterIdentifier = 'legacy--shop-'),
    'database.clusterIdentifier: must be an RDS identifier',
  ],
  ['security groups', (e: any) => (e.database.securityGroupIds = []), 'database.securityGroupIds: is empty. Fix:'],
  [
    'security group id',
    (e: any) => (e.database.securityGroupIds = ['default']),
    'database.securityGroupIds[0]: must be a security group id',
  ],
  [
    'partial secret ARN',
    (e: any) => (e.database.secret.arn = 'arn:aws:secretsmanager:eu-central-1:555555555555:secret:legacy-shop/proxy'),
    'database.secret.arn: must be a complete Secrets Manager secret ARN',
  ],
  [
    'key alias',
    (e: any) => (e.database.secret.kmsKeyArn = 'arn:aws:kms:eu-central-1:555555555555:alias/shop'),
    'database.secret.kmsKeyArn: must be a KMS key ARN (not an alias)',
  ],
  ['kind', (e: any) => (e.database.kind = 'imported'), 'database.kind: is not a database kind. Fix: set kind to "create"'],
])('a bad %s is refused with the field and a fix', (_what, patch, start) => {
  const problems = problemsOf(variant(base, patch));
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatch(new RegExp(`^\\[brownfield\\] ${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  expect(problems[0]).toMatch(/Fix: /);
});

test.each([
  [
    'the standby is the writer',
    (e: any) => (e.database.standbyInstanceIdentifier = 'LEGACY-SHOP-A'),
    '[brownfield] database.standbyInstanceIdentifier: is "LEGACY-SHOP-A", the same instance as writerInstanceIdentifier',
  ],
  [
    'a class outside the catalogue',
    (e: any) => (e.database.writer.instanceClass = 'db.r6g.huge'),
    '[brownfield] database.writer.instanceClass: "db.r6g.huge" is not an instance class',
  ],
  [
    'a Serverless v2 range upside down',
    (e: any) => (e.database.writer = { kind: 'serverless-v2', minCapacity: 8, maxCapacity: 2 }),
    '[brownfield] database.writer.minCapacity: minCapacity 8 ACU is above maxCapacity 2 ACU',
  ],
  [
    'a security group listed twice',
    (e: any) => e.database.securityGroupIds.push('sg-0f1f1f1f1f1f1f1f1'),
    '[brownfield] database.securityGroupIds[2]: "sg-0f1f1f1f1f1f1f1f1" is listed twice',
  ],
  [
    'a secret in another Region',
    (e: any) => (e.database.secret.arn = 'arn:aws:secretsmanager:eu-west-1:555555555555:secret:legacy-shop/proxy-Xy12Zq'),
    '[brownfield] database.secret.arn: is in 555555555555/eu-west-1, but the environment deploys to 555555555555/eu-central-1',
  ],
  [
    'a key in another account',
    (e: any) => (e.database.secret.kmsKeyArn = 'arn:aws:kms:eu-central-1:666666666666:key/0f0f0f0f-1111-2222-3333-444444444444'),
    '[brownfield] database.secret.kmsKeyArn: is in 666666666666/eu-central-1',
  ],
  [
    'an engine version of the other engine',
    (e: any) => (e.database.engineVersion = '3.08.0'),
    '[brownfield] database.engineVersion: "3.08.0" is not an Aurora PostgreSQL version',
  ],
  [
    'autoscaling that could never add a reader',
    (e: any) => (e.readerAutoScaling = { ...e.readerAutoScaling, minReplicas: 1, maxReplicas: 1 }),
    '[brownfield] readerAutoScaling.maxReplicas: is 1, but the count includes the standby',
  ],
])('cross-field: %s', (_what, patch, start) => {
  const problems = problemsOf(variant(base, patch));
  expect(problems).toHaveLength(1);
  expect(problems[0]?.startsWith(start)).toBe(true);
  expect(problems[0]).toMatch(/Fix: /);
});
