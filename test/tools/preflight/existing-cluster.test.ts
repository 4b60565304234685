import {
  DescribeDBClustersCommand,
  type DescribeDBClustersCommandOutput,
  DescribeDBInstancesCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { validateEnvironment } from '../../../config';
import type { ExistingDatabaseConfig } from '../../../config/schema/existing-database';
import { checkExistingCluster } from '../../../tools/preflight/checks/existing-cluster';
import { existingClusterEnvironment } from '../../helpers/existing-environment';

const rdsMock = mockClient(RDSClient);
const smMock = mockClient(SecretsManagerClient);
const rds = new RDSClient({ region: 'eu-central-1' });
const sm = new SecretsManagerClient({ region: 'eu-central-1' });

const config = validateEnvironment(existingClusterEnvironment());
if (config.database.kind !== 'existing') throw new Error('the fixture must describe an existing cluster');
const db: ExistingDatabaseConfig = config.database;

type Cluster = NonNullable<DescribeDBClustersCommandOutput['DBClusters']>[number];
/** The cluster exactly as the fixture's config describes it. */
function matchingCluster(): Cluster {
  return {
    DBClusterIdentifier: db.clusterIdentifier,
    Status: 'available',
    Engine: 'aurora-postgresql',
    EngineVersion: db.engineVersion,
    Port: db.port,
    DBClusterMembers: [
      { DBInstanceIdentifier: db.writerInstanceIdentifier, IsClusterWriter: true, PromotionTier: 1 },
      { DBInstanceIdentifier: db.standbyInstanceIdentifier, IsClusterWriter: false, PromotionTier: 0 },
    ],
    VpcSecurityGroups: db.securityGroupIds.map((VpcSecurityGroupId) => ({ VpcSecurityGroupId, Status: 'active' })),
  };
}

function answer(cluster: Cluster | undefined, { writerClass = 'db.r6g.large', secretKey = db.secret.kmsKeyArn } = {}) {
  if (cluster) rdsMock.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster] });
  else rdsMock.on(DescribeDBClustersCommand).rejects(Object.assign(new Error('not found'), { name: 'DBClusterNotFoundFault' }));
  rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceClass: writerClass }] });
  smMock.on(DescribeSecretCommand).resolves({ ARN: db.secret.arn, KmsKeyId: secretKey });
}

const run = () => checkExistingCluster(rds, sm, config.name, db);

beforeEach(() => {
  rdsMock.reset();
  smMock.reset();
});

test('passes when the cluster, its members, groups, writer class and secret key match the config', async () => {
  answer(matchingCluster());
  const result = await run();
  expect(result.problems).toEqual([]);
  expect(result.status).toBe('pass');
  expect(rdsMock).toHaveReceivedCommandWith(DescribeDBClustersCommand, { DBClusterIdentifier: db.clusterIdentifier });
});

test('passes after a failover: the standby is now the writer and the old writer is the tier-0 reader', async () => {
  const cluster = matchingCluster();
  cluster.DBClusterMembers = [
    { DBInstanceIdentifier: db.writerInstanceIdentifier, IsClusterWriter: false, PromotionTier: 0 },
    { DBInstanceIdentifier: db.standbyInstanceIdentifier, IsClusterWriter: true, PromotionTier: 1 },
  ];
  answer(cluster);
  expect((await run()).status).toBe('pass');
});

test('fails with the field and the fix when the cluster does not exist', async () => {
  answer(undefined);
  const result = await run();
  expect(result.status).toBe('fail');
  expect(result.problems[0]?.problem).toBe(
    `[${config.name}] database.clusterIdentifier: no cluster "legacy-shop" in this account and Region.`,
  );
  expect(result.problems[0]?.fix).toMatch(/^Fix: copy `DBClusterIdentifier`/);
});

test.each([
  [
    'another engine version',
    (c: Cluster) => Object.assign(c, { EngineVersion: '16.4' }),
    /database\.engine\/engineVersion: config says aurora-postgresql 15\.8, the cluster runs aurora-postgresql 16\.4/,
  ],
  ['another port', (c: Cluster) => Object.assign(c, { Port: 5432 }), /database\.port: config says 6543, the cluster listens on 5432/],
  [
    'a standby that is not a member',
    (c: Cluster) => Object.assign(c, { DBClusterMembers: [c.DBClusterMembers?.[0]] }),
    /database\.standbyInstanceIdentifier: "legacy-shop-b" is not a member/,
  ],
  [
    'a standby outside promotion tier 0',
    (c: Cluster) => Object.assign(c, { DBClusterMembers: [c.DBClusterMembers?.[0], { ...c.DBClusterMembers?.[1], PromotionTier: 15 }] }),
    /database\.standbyInstanceIdentifier: "legacy-shop-b" has promotion tier 15/,
  ],
  [
    'a writer that is neither configured instance',
    (c: Cluster) =>
      Object.assign(c, {
        DBClusterMembers: [
          ...(c.DBClusterMembers ?? []).map((m) => ({ ...m, IsClusterWriter: false })),
          { DBInstanceIdentifier: 'legacy-shop-c', IsClusterWriter: true },
        ],
      }),
    /database\.writerInstanceIdentifier: the cluster's writer is "legacy-shop-c"/,
  ],
  [
    'a security group the cluster does not have',
    (c: Cluster) => Object.assign(c, { VpcSecurityGroups: [{ VpcSecurityGroupId: db.securityGroupIds[0] }] }),
    /database\.securityGroupIds: sg-0f2f2f2f2f2f2f2f2 is not on the cluster/,
  ],
])('fails on %s, naming the field', async (_what, change, message) => {
  answer(change(matchingCluster()));
  const result = await run();
  expect(result.status).toBe('fail');
  expect(result.problems.map((p) => p.problem).join('\n')).toMatch(message);
  for (const p of result.problems) expect(p.fix).toMatch(/^Fix: /);
});

test('fails when the writer runs another class than the configured baseline', async () => {
  answer(matchingCluster(), { writerClass: 'db.r6g.2xlarge' });
  const result = await run();
  expect(result.problems.map((p) => p.problem)).toEqual([
    `[${config.name}] database.writer.instanceClass: config says db.r6g.large, the writer "legacy-shop-a" runs db.r6g.2xlarge.`,
  ]);
  expect(rdsMock).toHaveReceivedCommandWith(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'legacy-shop-a' });
});

test('fails when the secret is encrypted with another key than the one the proxy may decrypt', async () => {
  answer(matchingCluster(), { secretKey: 'arn:aws:kms:eu-central-1:555555555555:key/99999999-1111-2222-3333-444444444444' });
  const result = await run();
  expect(result.problems.map((p) => p.problem)).toEqual([
    `[${config.name}] database.secret.kmsKeyArn: the secret is encrypted with arn:aws:kms:eu-central-1:555555555555:key/99999999-1111-2222-3333-444444444444, not ${db.secret.kmsKeyArn}.`,
  ]);
});
