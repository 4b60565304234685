import { Readable } from 'node:stream';
import { DescribeDBClustersCommand } from '@aws-sdk/client-rds';
import { createPreScalerClients, MAX_ATTEMPTS } from '../../../lambda/pre-scaler/adapters/aws-clients';
import { AwsClusterPort } from '../../../lambda/pre-scaler/adapters/aws-cluster-port';
import { resolvedRetryStrategy, zeroDelayAdaptiveRetry } from '../../helpers/zero-delay-retry';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// The real SDK stack (signing, adaptive retry, XML parsing) over a fake HTTP handler: aws-sdk-client-mock
// replaces `send` and so skips the retry middleware; this checks the clients really retry throttling.
// The retries use the SDK's adaptive strategy with its waits taken out (test/helpers/zero-delay-retry.ts):
// the tests count attempts, never wait for back-off, and take no time on a loaded machine.

interface FakeResponse {
  readonly status: number;
  readonly body: string;
}

const THROTTLED: FakeResponse = {
  status: 400,
  body: '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>',
};
const CLUSTER: FakeResponse = {
  status: 200,
  body: '<DescribeDBClustersResponse><DescribeDBClustersResult><DBClusters><DBCluster><DBClusterIdentifier>aurora-surge-prod</DBClusterIdentifier><Status>available</Status></DBCluster></DBClusters></DescribeDBClustersResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></DescribeDBClustersResponse>',
};

function fakeHandler(responses: FakeResponse[]) {
  const requests: string[] = [];
  return {
    requests,
    handler: {
      metadata: { handlerProtocol: 'http/1.1' },
      async handle(request: { body?: unknown }) {
        requests.push(String(request.body ?? ''));
        const next = responses.shift() ?? THROTTLED;
        return {
          response: {
            statusCode: next.status,
            reason: next.status === 200 ? 'OK' : 'Bad Request',
            headers: { 'content-type': 'text/xml', 'x-amzn-requestid': 'r' },
            body: Readable.from([Buffer.from(next.body)]),
          },
        };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs() {
        return {};
      },
    },
  };
}

const offline = {
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
  retryStrategy: zeroDelayAdaptiveRetry(MAX_ATTEMPTS),
};

test('the clients the Lambda builds retry in adaptive mode, MAX_ATTEMPTS attempts per call', async () => {
  const clients = createPreScalerClients({ region: 'eu-west-1' });
  for (const client of [clients.rds, clients.autoScaling, clients.cloudWatch]) {
    expect(await resolvedRetryStrategy(client)).toEqual({ mode: 'adaptive', maxAttempts: MAX_ATTEMPTS });
  }
});

test('a throttled call is retried by the SDK (adaptive mode) and then succeeds', async () => {
  const fake = fakeHandler([THROTTLED, THROTTLED, CLUSTER]);
  const clients = createPreScalerClients({ ...offline, requestHandler: fake.handler as never });
  const out = await clients.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'aurora-surge-prod' }));
  expect(out.DBClusters?.[0]?.Status).toBe('available');
  expect(fake.requests).toHaveLength(3);
  expect(fake.requests[0]).toContain('Action=DescribeDBClusters');
});

test('throttling that outlasts the retries leaves the adapter as a "throttled" error for the next run', async () => {
  const fake = fakeHandler([]);
  const port = new AwsClusterPort(createPreScalerClients({ ...offline, requestHandler: fake.handler as never }), 'aurora-surge-prod');
  const err = await port
    .execute({
      kind: 'modify-instance',
      instanceId: 'aurora-surge-prod-standby',
      fromClass: 'db.r6g.xlarge',
      toClass: 'db.r6g.4xlarge',
      direction: 'up',
      reason: 'test',
    })
    .catch((e: unknown) => e);
  expect(err).toMatchObject({
    kind: 'throttled',
    awsErrorName: 'Throttling',
    message: expect.stringContaining('ModifyDBInstance failed: Throttling'),
  });
  expect(fake.requests).toHaveLength(MAX_ATTEMPTS);
});
