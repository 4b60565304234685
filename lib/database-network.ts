import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { NetworkConfig } from '../config/schema/network';

export interface DatabaseNetworkProps {
  /** The environment's `network` config: a VPC to create or one to import. */
  readonly network: NetworkConfig;
}

/**
 * The VPC the database lives in, created or imported **without look-ups** (synth stays offline), and
 * the interface endpoints that functions inside its isolated subnets need.
 *
 * Only isolated subnets are used: the database, the proxy and the rotation function need no route to
 * the internet. The rotation function calls Secrets Manager, so an interface endpoint is created for it
 * (without it rotation fails silently after deploy).
 */
export class DatabaseNetwork extends Construct {
  readonly vpc: ec2.IVpc;
  /** The isolated subnets for the database, the proxy and in-VPC functions. */
  readonly isolatedSubnets: ec2.SubnetSelection;
  /** The Secrets Manager endpoint, when this construct created it. */
  readonly secretsManagerEndpoint?: ec2.InterfaceVpcEndpoint;

  constructor(scope: Construct, id: string, props: DatabaseNetworkProps) {
    super(scope, id);
    const network = props.network;

    if (network.kind === 'create') {
      const vpc = new ec2.Vpc(this, 'Vpc', {
        ipAddresses: ec2.IpAddresses.cidr(network.cidr),
        availabilityZones: [...network.availabilityZones],
        natGateways: 0,
        subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
        restrictDefaultSecurityGroup: false,
      });
      // Flow logs for the VPC the database lives in (AwsSolutions-VPC7).
      vpc.addFlowLog('FlowLog', { trafficType: ec2.FlowLogTrafficType.REJECT });
      Validations.of(vpc).acknowledge({
        id: 'CloudFormation-Validate::W3010',
        reason:
          'Availability zones are named in config on purpose: synth must not look them up, and the subnet group must stay in the zones reviewed in the pull request.',
      });
      // aws-cdk-lib declares Vpc.vpnGatewayId as a `string | undefined` getter but IVpc.vpnGatewayId as optional,
      // which exactOptionalPropertyTypes reads as incompatible: the class does implement the interface.
      this.vpc = vpc as ec2.IVpc;
    } else {
      this.vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', {
        vpcId: network.vpcId,
        vpcCidrBlock: network.vpcCidr,
        availabilityZones: [...(network.availabilityZones ?? [])],
        isolatedSubnetIds: [...network.isolatedSubnetIds],
        ...(network.isolatedRouteTableIds ? { isolatedSubnetRouteTableIds: [...network.isolatedRouteTableIds] } : {}),
      });
    }
    this.isolatedSubnets = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

    if (network.kind === 'create' || network.createSecretsManagerEndpoint) {
      this.secretsManagerEndpoint = new ec2.InterfaceVpcEndpoint(this, 'SecretsManagerEndpoint', {
        vpc: this.vpc,
        service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
        subnets: this.isolatedSubnets,
        privateDnsEnabled: true,
        open: false,
      });
      // Only callers inside the VPC may reach the endpoint, on HTTPS.
      this.secretsManagerEndpoint.connections.allowFrom(
        ec2.Peer.ipv4(this.vpc.vpcCidrBlock),
        ec2.Port.tcp(443),
        'HTTPS from inside the VPC',
      );
      Validations.of(this.secretsManagerEndpoint).acknowledge({
        id: 'AwsSolutions-EC23',
        reason:
          'The endpoint admits HTTPS from the VPC CIDR only; cdk-nag cannot resolve the CIDR of a VPC created in the same stack (a token) and reads it as open.',
      });
    }
  }
}
