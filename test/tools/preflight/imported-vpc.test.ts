import {
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type Route,
  type RouteTable,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { checkImportedVpc } from '../../../tools/preflight/checks/imported-vpc';
import { awsError } from '../../helpers/aws-errors';
import { shopEnv } from './fixtures';

const ec2Mock = mockClient(EC2Client);
const ec2 = new EC2Client({ region: 'eu-central-1' });
const env = shopEnv();
const net = env.network as Extract<typeof env.network, { kind: 'import' }>;
const [subnetA, subnetB] = net.isolatedSubnetIds as [string, string];
const [rtbA, rtbB] = net.isolatedRouteTableIds as [string, string];

function table(id: string, subnetId: string, routes: RouteTable['Routes'] = []): RouteTable {
  return {
    RouteTableId: id,
    Associations: [{ SubnetId: subnetId, Main: false }],
    Routes: [{ DestinationCidrBlock: '10.20.0.0/16', GatewayId: 'local', State: 'active' }, ...(routes ?? [])],
  };
}

/** The VPC as config describes it: isolated subnets in their zones, no Secrets Manager endpoint yet. */
function healthyVpc() {
  ec2Mock.reset();
  ec2Mock.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: net.vpcId, CidrBlock: '10.20.0.0/16' }] });
  ec2Mock.on(DescribeSubnetsCommand).resolves({
    Subnets: [
      { SubnetId: subnetA, VpcId: net.vpcId, AvailabilityZone: 'eu-central-1a' },
      { SubnetId: subnetB, VpcId: net.vpcId, AvailabilityZone: 'eu-central-1b' },
    ],
  });
  ec2Mock.on(DescribeRouteTablesCommand).resolves({ RouteTables: [table(rtbA, subnetA), table(rtbB, subnetB)] });
  ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
}

beforeEach(healthyVpc);

describe('imported VPC', () => {
  it('passes a VPC whose subnets are isolated, in their zones, with their route tables', async () => {
    const result = await checkImportedVpc(ec2, 'shop', 'eu-central-1', env.network);
    expect(result.problems).toEqual([]);
    expect(result.status).toBe('pass');
    expect(ec2Mock).toHaveReceivedCommandWith(DescribeVpcEndpointsCommand, {
      Filters: expect.arrayContaining([{ Name: 'service-name', Values: ['com.amazonaws.eu-central-1.secretsmanager'] }]),
    });
  });

  it('is skipped for a VPC the stack creates', async () => {
    const result = await checkImportedVpc(ec2, 'shop', 'eu-central-1', {
      kind: 'create',
      cidr: '10.1.0.0/16',
      availabilityZones: ['a', 'b'],
    } as never);
    expect(result.status).toBe('skip');
  });

  it('fails when the VPC does not exist', async () => {
    ec2Mock.on(DescribeVpcsCommand).rejects(awsError('InvalidVpcID.NotFound'));
    const result = await checkImportedVpc(ec2, 'shop', 'eu-central-1', env.network);
    expect(result.status).toBe('fail');
    expect(result.problems[0]?.problem).toBe(`[shop] network.vpcId: VPC ${net.vpcId} does not exist in eu-central-1.`);
  });

  it('fails on a subnet that does not exist, and still checks the others', async () => {
    ec2Mock.on(DescribeSubnetsCommand, { SubnetIds: [subnetA, subnetB] }).rejects(awsError('InvalidSubnetID.NotFound'));
    ec2Mock
      .on(DescribeSubnetsCommand, { SubnetIds: [subnetA] })
      .resolves({ Subnets: [{ SubnetId: subnetA, VpcId: net.vpcId, AvailabilityZone: 'eu-central-1a' }] });
    ec2Mock.on(DescribeSubnetsCommand, { SubnetIds: [subnetB] }).rejects(awsError('InvalidSubnetID.NotFound'));
    const result = await checkImportedVpc(ec2, 'shop', 'eu-central-1', env.network);
    expect(result.problems.map((p) => p.problem)).toEqual([
      `[shop] network.isolatedSubnetIds[1]: subnet ${subnetB} does not exist in eu-central-1.`,
    ]);
  });

  it('fails on a subnet in another zone than configured', async () => {
    ec2Mock.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        { SubnetId: subnetA, VpcId: net.vpcId, AvailabilityZone: 'eu-central-1a' },
        { SubnetId: subnetB, VpcId: net.vpcId, AvailabilityZone: 'eu-central-1c' },
      ],
    });
    const result = await checkImportedVpc(ec2, 'shop', 'eu-central-1', env.network);
    expect(result.problems[0]?.problem).toBe(
      `[shop] network.availabilityZones[1]: is eu-central-1b, but subnet ${subnetB} is in eu-central-1c.`,
    );
    expect(result.problems[0]?.fix).toContain('set availabilityZones[1] in config/environments/shop.ts to eu-central-1c');
  });

  test.each([
    ['an internet gateway', { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0abc', State: 'active' }, '0.0.0.0/0 → igw-0abc'],
    ['a NAT gateway', { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0abc', State: 'active' }, '0.0.0.0/0 → nat-0abc'],
    [
      'an egress-only gateway',
      { DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: 'eigw-0abc', State: 'active' },
      '::/0 → eigw-0abc',
    ],
  ])('fails on a subnet with a route to %s', async (_what, route, shown) => {
    ec2Mock.on(DescribeRouteTablesCommand).resolves({ RouteTables: [table(rtbA, subnetA, [route as Route]), table(rtbB, subnetB)] });
    const result = await checkImportedVpc(ec2, 'shop', 'eu-central-1', env.network);
    expect(result.status).toBe('fail');
    expect(result.problems[0]?.problem).toBe(
      `[shop] network.isolatedSubnetIds[0]: subnet ${subnetA} is not isolated: route table ${rtbA} has ${shown}.`,
    );
  });

  it('judges a subnet without its own table by the VPC main table', async () => {
    ec2Mock.on(DescribeRouteTablesCommand).resolves({
      RouteTables: [
        table(rtbA, subnetA),
        {
          RouteTableId: 'rtb-0main',
          Associations: [{ Main: true }],
          Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0abc' }],
        },
      ],
    });
    const result = await checkImportedVpc(ec2, 'shop', 'eu-central-1', env.network);
    expect(result.problems.map((p) => p.problem)).toEqual([
      `[shop] network.isolatedSubnetIds[1]: subnet ${subnetB} is not isolated: route table rtb-0main has 0.0.0.0/0 → igw-0abc.`,
      `[shop] network.isolatedRouteTableIds[1]: is ${rtbB}, but subnet ${subnetB} uses rtb-0main.`,
    ]);
  });

  it('fails when a Secrets Manager endpoint with private DNS already exists and the stack would add one', async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .resolves({ VpcEndpoints: [{ VpcEndpointId: 'vpce-0shared', PrivateDnsEnabled: true, State: 'Available' }] });
    const result = await checkImportedVpc(ec2, 'shop', 'eu-central-1', env.network);
    expect(result.status).toBe('fail');
    expect(result.problems[0]?.problem).toContain('already has Secrets Manager endpoint vpce-0shared with private DNS');
    expect(result.problems[0]?.fix).toContain('set network.createInterfaceEndpoints: false');
  });

  it("does not count the stack's own endpoint as a conflict", async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .resolves({ VpcEndpoints: [{ VpcEndpointId: 'vpce-0ours', PrivateDnsEnabled: true, State: 'Available' }] });
    const result = await checkImportedVpc(ec2, 'shop', 'eu-central-1', env.network, ['vpce-0ours']);
    expect(result.status).toBe('pass');
  });

  it('fails when the stack creates no endpoint and the VPC has none', async () => {
    const noEndpoint = shopEnv((e) => (e.network.createInterfaceEndpoints = false));
    const result = await checkImportedVpc(ec2, 'shop', 'eu-central-1', noEndpoint.network);
    expect(result.problems[0]?.problem).toContain('has no Secrets Manager endpoint with private DNS');
    expect(result.problems[0]?.fix).toContain('set network.createInterfaceEndpoints: true');
  });

  it('passes an existing endpoint when the stack creates none', async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .resolves({ VpcEndpoints: [{ VpcEndpointId: 'vpce-0shared', PrivateDnsEnabled: true, State: 'Available' }] });
    const result = await checkImportedVpc(
      ec2,
      'shop',
      'eu-central-1',
      shopEnv((e) => (e.network.createInterfaceEndpoints = false)).network,
    );
    expect(result.status).toBe('pass');
  });

  it('fails on a VPC CIDR other than configured', async () => {
    ec2Mock.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: net.vpcId, CidrBlock: '10.99.0.0/16' }] });
    const result = await checkImportedVpc(ec2, 'shop', 'eu-central-1', env.network);
    expect(result.problems[0]?.problem).toBe(`[shop] network.vpcCidr: is 10.20.0.0/16, but VPC ${net.vpcId} has 10.99.0.0/16.`);
  });
});
