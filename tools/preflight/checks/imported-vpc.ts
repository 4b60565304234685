import {
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  type EC2Client,
  type RouteTable,
  type Subnet,
  type Vpc,
} from '@aws-sdk/client-ec2';
import type { NetworkConfig } from '../../../config/schema/network';
import { type CheckResult, type Problem, skipped, verdict } from '../../aws-checks/check-result';

export const IMPORTED_VPC_CHECK = {
  id: 'imported-vpc',
  title: 'Imported VPC: subnets, route tables, isolation, Secrets Manager endpoint',
} as const;

type ImportedNetwork = Extract<NetworkConfig, { kind: 'import' }>;

/** EC2 answers an unknown id with an `…NotFound` error instead of an empty list. */
function isNotFound(err: unknown): boolean {
  return /\.NotFound$|NotFound$/.test((err as { name?: string } | null)?.name ?? '');
}

/** A route that leaves the VPC for the internet: an internet, egress-only internet or NAT gateway. */
function internetRoutes(table: RouteTable): string[] {
  return (table.Routes ?? [])
    .filter((r) => r.State !== 'blackhole')
    .flatMap((r) => {
      const to = r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock ?? r.DestinationPrefixListId ?? '?';
      if (r.GatewayId?.startsWith('igw-')) return [`${to} → ${r.GatewayId}`];
      if (r.EgressOnlyInternetGatewayId) return [`${to} → ${r.EgressOnlyInternetGatewayId}`];
      if (r.NatGatewayId) return [`${to} → ${r.NatGatewayId}`];
      return [];
    });
}

/**
 * What an imported VPC must be for the stack to deploy and work, checked with read-only EC2 calls:
 * - the VPC exists with the configured CIDR; each subnet exists, in that VPC, in its configured zone;
 * - each subnet is isolated: its route table (explicitly associated, or else the VPC's main one) has no
 *   route to an internet, egress-only internet or NAT gateway ("isolated subnets: no route to
 *   destinations outside the VPC", https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html);
 *   and the configured route table ids are those tables;
 * - a Secrets Manager interface endpoint with private DNS already in the VPC conflicts with the one the
 *   stack creates: a VPC holds one private DNS name per service
 *   (https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-private-dns).
 *   Without any, rotation has no route to Secrets Manager (there is no NAT).
 *
 * `ownEndpointIds` are the endpoints the deployed stack already owns (not a conflict).
 */
export async function checkImportedVpc(
  ec2: EC2Client,
  environment: string,
  region: string,
  network: NetworkConfig,
  ownEndpointIds: readonly string[] = [],
): Promise<CheckResult> {
  const { id, title } = IMPORTED_VPC_CHECK;
  if (network.kind !== 'import') return skipped(id, title, 'the stack creates its own VPC (network.kind "create").');
  const file = `config/environments/${environment}.ts`;
  const at = (field: string) => `[${environment}] network.${field}`;
  const problems: Problem[] = [];

  let vpc: Vpc | undefined;
  try {
    vpc = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [network.vpcId] }))).Vpcs?.[0];
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (!vpc) {
    return verdict(
      id,
      title,
      [
        {
          problem: `${at('vpcId')}: VPC ${network.vpcId} does not exist in ${region}.`,
          fix: `set network.vpcId in ${file} to an existing VPC (\`aws ec2 describe-vpcs --region ${region}\`).`,
        },
      ],
      [],
    );
  }
  const cidrs = [vpc.CidrBlock, ...(vpc.CidrBlockAssociationSet ?? []).map((a) => a.CidrBlock)].filter((c): c is string => !!c);
  if (!cidrs.includes(network.vpcCidr)) {
    problems.push({
      problem: `${at('vpcCidr')}: is ${network.vpcCidr}, but VPC ${network.vpcId} has ${cidrs.join(', ')}.`,
      fix: `set network.vpcCidr in ${file} to ${vpc.CidrBlock ?? cidrs[0]}.`,
    });
  }

  const subnets = await describeSubnets(ec2, network);
  network.isolatedSubnetIds.forEach((subnetId, i) => {
    const subnet = subnets.get(subnetId);
    if (!subnet) {
      problems.push({
        problem: `${at(`isolatedSubnetIds[${i}]`)}: subnet ${subnetId} does not exist in ${region}.`,
        fix: `set it in ${file} to an isolated subnet of ${network.vpcId} (\`aws ec2 describe-subnets --filters Name=vpc-id,Values=${network.vpcId}\`).`,
      });
      return;
    }
    if (subnet.VpcId !== network.vpcId) {
      problems.push({
        problem: `${at(`isolatedSubnetIds[${i}]`)}: subnet ${subnetId} is in ${subnet.VpcId}, not in ${network.vpcId}.`,
        fix: `use a subnet of ${network.vpcId}.`,
      });
    }
    const zone = network.availabilityZones?.[i];
    if (zone !== undefined && subnet.AvailabilityZone !== zone) {
      problems.push({
        problem: `${at(`availabilityZones[${i}]`)}: is ${zone}, but subnet ${subnetId} is in ${subnet.AvailabilityZone}.`,
        fix: `set availabilityZones[${i}] in ${file} to ${subnet.AvailabilityZone} (one zone per subnet, same order).`,
      });
    }
  });

  const tables =
    (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [network.vpcId] }] }))).RouteTables ?? [];
  const mainTable = tables.find((t) => (t.Associations ?? []).some((a) => a.Main));
  network.isolatedSubnetIds.forEach((subnetId, i) => {
    if (!subnets.has(subnetId)) return;
    const table = tables.find((t) => (t.Associations ?? []).some((a) => a.SubnetId === subnetId)) ?? mainTable;
    if (!table) return;
    const routes = internetRoutes(table);
    if (routes.length > 0) {
      problems.push({
        problem: `${at(`isolatedSubnetIds[${i}]`)}: subnet ${subnetId} is not isolated: route table ${table.RouteTableId} has ${routes.join(', ')}.`,
        fix: `use subnets whose route table has no internet or NAT gateway route (the database must not be reachable from, or reach, the internet).`,
      });
    }
    const configured = network.isolatedRouteTableIds?.[i];
    if (configured !== undefined && configured !== table.RouteTableId) {
      problems.push({
        problem: `${at(`isolatedRouteTableIds[${i}]`)}: is ${configured}, but subnet ${subnetId} uses ${table.RouteTableId}.`,
        fix: `set isolatedRouteTableIds[${i}] in ${file} to ${table.RouteTableId} (same order as the subnets).`,
      });
    }
  });

  const endpoints =
    (
      await ec2.send(
        new DescribeVpcEndpointsCommand({
          Filters: [
            { Name: 'vpc-id', Values: [network.vpcId] },
            { Name: 'service-name', Values: [`com.amazonaws.${region}.secretsmanager`] },
          ],
        }),
      )
    ).VpcEndpoints ?? [];
  const live = endpoints.filter((e) => !['deleted', 'deleting', 'rejected', 'failed'].includes((e.State ?? '').toLowerCase()));
  const others = live.filter((e) => !ownEndpointIds.includes(e.VpcEndpointId ?? ''));
  const withPrivateDns = others.filter((e) => e.PrivateDnsEnabled);
  if (network.createInterfaceEndpoints && withPrivateDns.length > 0) {
    problems.push({
      problem: `${at('createInterfaceEndpoints')}: is true, but ${network.vpcId} already has Secrets Manager endpoint ${withPrivateDns.map((e) => e.VpcEndpointId).join(', ')} with private DNS; a second one is rejected ("conflicting DNS domain").`,
      fix: `set network.createInterfaceEndpoints: false in ${file}; rotation then uses the existing endpoint (its security group must admit HTTPS from the isolated subnets).`,
    });
  }
  if (!network.createInterfaceEndpoints && !live.some((e) => e.PrivateDnsEnabled)) {
    problems.push({
      problem: `${at('createInterfaceEndpoints')}: is false, but ${network.vpcId} has no Secrets Manager endpoint with private DNS: secret rotation could not reach Secrets Manager from the isolated subnets.`,
      fix: `set network.createInterfaceEndpoints: true in ${file}, or create the endpoint with private DNS first.`,
    });
  }

  return verdict(id, title, problems, [
    `VPC ${network.vpcId} (${cidrs.join(', ')}), ${network.isolatedSubnetIds.length} subnets; Secrets Manager endpoints already there: ${others.map((e) => `${e.VpcEndpointId}${e.PrivateDnsEnabled ? ' (private DNS)' : ''}`).join(', ') || 'none'}.`,
  ]);
}

/** The configured subnets that exist, by id (an unknown id is reported, not thrown). */
async function describeSubnets(ec2: EC2Client, network: ImportedNetwork) {
  const found = new Map<string, Subnet>();
  try {
    const out = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [...network.isolatedSubnetIds] }));
    for (const s of out.Subnets ?? []) if (s.SubnetId) found.set(s.SubnetId, s);
    return found;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  // One id is unknown and EC2 refused the whole call: look them up one by one.
  for (const subnetId of network.isolatedSubnetIds) {
    try {
      const s = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets?.[0];
      if (s?.SubnetId) found.set(s.SubnetId, s);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  return found;
}
