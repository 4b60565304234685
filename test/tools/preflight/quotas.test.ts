import { GetAccountSettingsCommand, GetFunctionConcurrencyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeAccountAttributesCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { checkQuotas, type QuotaNeeds } from '../../../tools/preflight/checks/quotas';
import { awsError } from '../../helpers/aws-errors';

const lambdaMock = mockClient(LambdaClient);
const rdsMock = mockClient(RDSClient);
const clients = { lambda: new LambdaClient({ region: 'eu-central-1' }), rds: new RDSClient({ region: 'eu-central-1' }) };

const NEW_STACK: QuotaNeeds = {
  reservedConcurrency: [{ functionName: 'aurora-surge-shop-pre-scaler', reserved: 1 }],
  maxInstances: 6,
  existingInstances: undefined,
};

function account(lambda: { limit: number; unreserved: number }, rds: { instances: [number, number]; clusters: [number, number] }) {
  lambdaMock
    .on(GetAccountSettingsCommand)
    .resolves({ AccountLimit: { ConcurrentExecutions: lambda.limit, UnreservedConcurrentExecutions: lambda.unreserved } });
  rdsMock.on(DescribeAccountAttributesCommand).resolves({
    AccountQuotas: [
      { AccountQuotaName: 'DBInstances', Used: rds.instances[0], Max: rds.instances[1] },
      { AccountQuotaName: 'DBClusters', Used: rds.clusters[0], Max: rds.clusters[1] },
    ],
  });
}

beforeEach(() => {
  lambdaMock.reset();
  rdsMock.reset();
  lambdaMock.on(GetFunctionConcurrencyCommand).rejects(awsError('ResourceNotFoundException'));
});

describe('quotas', () => {
  it('pass with room for the reserved concurrency, the instances and the cluster', async () => {
    account({ limit: 1000, unreserved: 1000 }, { instances: [10, 40], clusters: [2, 40] });
    const result = await checkQuotas(clients, 'shop', 'eu-central-1', NEW_STACK);
    expect(result.status).toBe('pass');
    expect(result.details[0]).toContain('leaving 999 (minimum 100)');
  });

  it('fail on a new account whose concurrency quota is 10: the reservation would go below the minimum', async () => {
    account({ limit: 10, unreserved: 10 }, { instances: [0, 40], clusters: [0, 40] });
    const result = await checkQuotas(clients, 'shop', 'eu-central-1', NEW_STACK);
    expect(result.status).toBe('fail');
    expect(result.problems[0]?.problem).toContain("would leave 9 unreserved in eu-central-1, below Lambda's minimum of 10");
    expect(result.problems[0]?.fix).toContain('--service-code lambda --quota-code L-B99A9384');
  });

  it('count a reservation the function already holds as already made', async () => {
    account({ limit: 101, unreserved: 100 }, { instances: [2, 40], clusters: [1, 40] });
    lambdaMock.on(GetFunctionConcurrencyCommand).resolves({ ReservedConcurrentExecutions: 1 });
    const result = await checkQuotas(clients, 'shop', 'eu-central-1', { ...NEW_STACK, existingInstances: 2 });
    expect(result.status).toBe('pass');
  });

  it('fail when the DB instance quota cannot hold the cluster at its maximum reader count', async () => {
    account({ limit: 1000, unreserved: 1000 }, { instances: [37, 40], clusters: [2, 40] });
    const result = await checkQuotas(clients, 'shop', 'eu-central-1', NEW_STACK);
    expect(result.problems.map((p) => p.problem)).toEqual([
      '[shop] RDS DB instances: 37 of 40 are used in eu-central-1; the cluster at its maximum reader count needs 6 more, so Aurora Auto Scaling (or the deploy) would be refused.',
    ]);
    expect(result.problems[0]?.fix).toContain('--quota-code L-7B6409FD --desired-value 43');
  });

  it('count the instances an existing cluster already has', async () => {
    account({ limit: 1000, unreserved: 1000 }, { instances: [37, 40], clusters: [40, 40] });
    const result = await checkQuotas(clients, 'shop', 'eu-central-1', { ...NEW_STACK, existingInstances: 3 });
    expect(result.status).toBe('pass');
  });

  it('fail when no DB cluster is left for a new stack', async () => {
    account({ limit: 1000, unreserved: 1000 }, { instances: [0, 40], clusters: [40, 40] });
    const result = await checkQuotas(clients, 'shop', 'eu-central-1', NEW_STACK);
    expect(result.problems[0]?.problem).toBe(
      "[shop] RDS DB clusters: 40 of 40 are used in eu-central-1; the stack's new cluster does not fit.",
    );
    expect(result.problems[0]?.fix).toContain('--quota-code L-952B80B8');
  });
});
