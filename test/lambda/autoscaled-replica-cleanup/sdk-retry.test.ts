import { Readable } from 'node:stream';
import { createCleanupClients, MAX_ATTEMPTS } from '../../../lambda/autoscaled-replica-cleanup/aws-clients';
import { awsCleanupPort } from '../../../lambda/autoscaled-replica-cleanup/cluster-port';
import { resolvedRetryStrategy, zeroDelayAdaptiveRetry } from '../../helpers/zero-delay-retry';

// No aws-sdk-client-mock here: it replaces `send`, which skips the SDK's retry middleware. This file runs
// the real middleware stack against a fake HTTP handler, to show the clients retry throttling themselves,
// with the SDK's adaptive strategy minus its waits (test/helpers/zero-delay-retry.ts): no back-off sleeps.
describe('the SDK clients', () => {
  test('that the Lambda builds retry in adaptive mode, MAX_ATTEMPTS attempts per call', async () => {
    const clients = createCleanupClients({ region: 'eu-west-1' });
    for (const client of [clients.rds, clients.autoScaling]) {
      expect(await resolvedRetryStrategy(client)).toEqual({ mode: 'adaptive', maxAttempts: MAX_ATTEMPTS });
    }
  });

  test('retry a throttled call themselves (adaptive mode), before the handler sees it', async () => {
    // The real SDK middleware stack, with a fake HTTP handler: a Throttling answer, then a page.
    const responses = [
      {
        statusCode: 400,
        body: '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>',
      },
      {
        statusCode: 200,
        body: '<DescribeDBInstancesResponse><DescribeDBInstancesResult><DBInstances><DBInstance><DBInstanceIdentifier>application-autoscaling-aaa</DBInstanceIdentifier><DBClusterIdentifier>aurora-surge-dev</DBClusterIdentifier><DBInstanceStatus>available</DBInstanceStatus></DBInstance></DBInstances></DescribeDBInstancesResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></DescribeDBInstancesResponse>',
      },
    ];
    let requests = 0;
    const requestHandler = {
      handle: async () => {
        const next = responses[Math.min(requests++, responses.length - 1)]!;
        return {
          response: { statusCode: next.statusCode, headers: { 'content-type': 'text/xml' }, body: Readable.from([Buffer.from(next.body)]) },
        };
      },
    };
    const clients = createCleanupClients({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      requestHandler,
      retryStrategy: zeroDelayAdaptiveRetry(MAX_ATTEMPTS),
    });
    const instances = await awsCleanupPort(clients).listClusterInstances('aurora-surge-dev');
    expect(instances).toEqual([
      { identifier: 'application-autoscaling-aaa', clusterIdentifier: 'aurora-surge-dev', status: 'available', tags: {} },
    ]);
    expect(requests).toBe(2);
  });
});
