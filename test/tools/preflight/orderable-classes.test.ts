import { DescribeOrderableDBInstanceOptionsCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { checkOrderableClasses, neededClasses } from '../../../tools/preflight/checks/orderable-classes';
import { campaignsFor, shopEnv } from './fixtures';

const rdsMock = mockClient(RDSClient);
const rds = new RDSClient({ region: 'eu-central-1' });
const PG = { engine: 'aurora-postgresql', version: '16.6' };
const ZONES = ['eu-central-1a', 'eu-central-1b'];

/** RDS offers `cls` in these zones (none: not orderable at all). */
function offers(cls: string, zones: readonly string[]) {
  rdsMock.on(DescribeOrderableDBInstanceOptionsCommand, { DBInstanceClass: cls }).resolves({
    OrderableDBInstanceOptions: zones.length === 0 ? [] : [{ DBInstanceClass: cls, AvailabilityZones: zones.map((Name) => ({ Name })) }],
  });
}

beforeEach(() => rdsMock.reset());

describe('the classes an environment needs', () => {
  it("are the writer's, the fixed readers' and every campaign writer target", () => {
    const env = shopEnv();
    expect(neededClasses(env, campaignsFor(env))).toEqual([
      {
        instanceClass: 'db.r6g.large',
        neededBy: ['database.writer.instanceClass', 'database.fixedReaders[0] (standby), the writer’s class'],
      },
      { instanceClass: 'db.r6g.4xlarge', neededBy: ['campaigns["winter-sale"].writer.instanceClass'] },
    ]);
  });

  it('are db.serverless for a Serverless v2 writer', () => {
    const env = shopEnv((e) => (e.database.writer = { kind: 'serverless-v2', minCapacity: 1, maxCapacity: 8 }));
    expect(neededClasses(env, []).map((c) => c.instanceClass)).toEqual(['db.serverless']);
  });
});

describe('orderable classes', () => {
  const env = shopEnv();
  const classes = neededClasses(env, campaignsFor(env));

  it('passes when every class is offered in every configured zone', async () => {
    offers('db.r6g.large', ['eu-central-1a', 'eu-central-1b', 'eu-central-1c']);
    offers('db.r6g.4xlarge', ZONES);
    const result = await checkOrderableClasses(rds, 'shop', 'eu-central-1', PG, classes, ZONES);
    expect(result.status).toBe('pass');
    expect(rdsMock).toHaveReceivedCommandWith(DescribeOrderableDBInstanceOptionsCommand, {
      Engine: 'aurora-postgresql',
      EngineVersion: '16.6',
      DBInstanceClass: 'db.r6g.4xlarge',
    });
  });

  it("fails when a campaign's writer class cannot be ordered in the region", async () => {
    offers('db.r6g.large', ZONES);
    offers('db.r6g.4xlarge', []);
    const result = await checkOrderableClasses(rds, 'shop', 'eu-central-1', PG, classes, ZONES);
    expect(result.status).toBe('fail');
    expect(result.problems.map((p) => p.problem)).toEqual([
      '[shop] campaigns["winter-sale"].writer.instanceClass: db.r6g.4xlarge cannot be ordered with aurora-postgresql 16.6 in eu-central-1.',
    ]);
    expect(result.problems[0]?.fix).toContain(
      'aws rds describe-orderable-db-instance-options --engine aurora-postgresql --engine-version 16.6',
    );
  });

  it('fails when a class is missing from a configured zone', async () => {
    offers('db.r6g.large', ['eu-central-1a']);
    offers('db.r6g.4xlarge', ZONES);
    const result = await checkOrderableClasses(rds, 'shop', 'eu-central-1', PG, classes, ZONES);
    expect(result.problems[0]?.problem).toBe(
      '[shop] database.writer.instanceClass, database.fixedReaders[0] (standby), the writer’s class: db.r6g.large is not offered in eu-central-1b (offered in eu-central-1a).',
    );
  });
});
