import {
  DescribeDBProxiesCommand,
  DescribeDBProxyEndpointsCommand,
  DescribeDBProxyTargetsCommand,
  RDSClient,
  type DBProxyTarget,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { checkProxy } from '../../../tools/verify/checks/proxy';

const rdsMock = mockClient(RDSClient);
const rds = new RDSClient({ region: 'eu-central-1' });
const PROXY = 'aurora-surge-shop';

function proxyWith(targets: DBProxyTarget[], readOnlyStatus: 'available' | 'creating' | null = 'available') {
  rdsMock.on(DescribeDBProxiesCommand).resolves({
    DBProxies: [{ DBProxyName: PROXY, Status: 'available', Endpoint: 'aurora-surge-shop.proxy-x.eu-central-1.rds.amazonaws.com' }],
  });
  rdsMock.on(DescribeDBProxyEndpointsCommand).resolves({
    DBProxyEndpoints: [
      { DBProxyEndpointName: 'default', TargetRole: 'READ_WRITE', IsDefault: true, Status: 'available' },
      ...(readOnlyStatus
        ? [{ DBProxyEndpointName: `${PROXY}-read-only`, TargetRole: 'READ_ONLY' as const, Status: readOnlyStatus, Endpoint: 'ro.endpoint' }]
        : []),
    ],
  });
  rdsMock.on(DescribeDBProxyTargetsCommand).resolves({ Targets: [{ Type: 'TRACKED_CLUSTER', RdsResourceId: PROXY }, ...targets] });
}

const writer: DBProxyTarget = {
  Type: 'RDS_INSTANCE',
  RdsResourceId: 'aurora-surge-shop-instance-1',
  Role: 'READ_WRITE',
  TargetHealth: { State: 'AVAILABLE' },
};
const standby: DBProxyTarget = {
  Type: 'RDS_INSTANCE',
  RdsResourceId: 'aurora-surge-shop-standby',
  Role: 'READ_ONLY',
  TargetHealth: { State: 'AVAILABLE' },
};

beforeEach(() => rdsMock.reset());

describe('the proxy', () => {
  it('passes with every instance target AVAILABLE and both endpoints available', async () => {
    proxyWith([writer, standby]);
    const result = await checkProxy(rds, 'shop', PROXY);
    expect(result.status).toBe('pass');
    expect(rdsMock).toHaveReceivedCommandWith(DescribeDBProxyTargetsCommand, { DBProxyName: PROXY });
  });

  it('fails on a target the proxy cannot log in to, with what to look at', async () => {
    proxyWith([
      writer,
      { ...standby, TargetHealth: { State: 'UNAVAILABLE', Reason: 'AUTH_FAILURE', Description: 'password authentication failed' } },
    ]);
    const result = await checkProxy(rds, 'shop', PROXY);
    expect(result.problems.map((p) => p.problem)).toEqual([
      '[shop] proxy target aurora-surge-shop-standby (READ_ONLY) is UNAVAILABLE (AUTH_FAILURE): password authentication failed.',
      '[shop] no reader behind proxy aurora-surge-shop is AVAILABLE: reads through the READ_ONLY endpoint fail.',
    ]);
    expect(result.problems[0]?.fix).toContain('cannot log in with its secret');
  });

  it('fails without the READ_ONLY endpoint', async () => {
    proxyWith([writer, standby], null);
    const result = await checkProxy(rds, 'shop', PROXY);
    expect(result.problems[0]?.problem).toBe('[shop] proxy aurora-surge-shop has no READ_ONLY endpoint.');
  });

  it('fails while the READ_ONLY endpoint is not available', async () => {
    proxyWith([writer, standby], 'creating');
    const result = await checkProxy(rds, 'shop', PROXY);
    expect(result.problems[0]?.problem).toContain('that is creating');
  });
});
