import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { FunctionPlacement, NetworkConfig } from '../config/schema/network';
import { encryptedLogGroup } from './private/encrypted-log-group';
import type { FunctionVpcPlacement } from './private/function-placement';

export interface DatabaseNetworkProps {
  /** The environment's `network` config: a VPC to create or one to import. */
  readonly network: NetworkConfig;
  /**
   * Days the VPC flow log group keeps its events (the environment's log retention).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Whether the flow log group outlives the stack.
   * @default true
   */
  readonly keepLogs?: boolean;
}

/**
 * The AWS APIs the stack's functions call, when they run inside the VPC (`functionPlacement:
 * 'isolated-subnets'`): there is no NAT in isolated subnets, so each needs an interface endpoint.
 * - RDS and Application Auto Scaling: the pre-scaler and the replica clean-up (their SDK clients);
 * - CloudWatch (`monitoring`): the pre-scaler's GetMetricData (its metrics go out as log lines, EMF);
 * - Lambda and Step Functions: the CDK custom-resource Provider framework invokes the clean-up handler
 *   and starts its waiter state machine.
 * None of them calls STS: Lambda hands the role's credentials to the function in its environment.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html
 * @see https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html
 */
const FUNCTION_ENDPOINTS: ReadonlyArray<[string, ec2.InterfaceVpcEndpointAwsService]> = [
  ['RdsEndpoint', ec2.InterfaceVpcEndpointAwsService.RDS],
  ['ApplicationAutoScalingEndpoint', ec2.InterfaceVpcEndpointAwsService.APPLICATION_AUTOSCALING],
  ['CloudWatchEndpoint', ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING],
  ['LambdaEndpoint', ec2.InterfaceVpcEndpointAwsService.LAMBDA],
  ['StepFunctionsEndpoint', ec2.InterfaceVpcEndpointAwsService.STEP_FUNCTIONS],
];

/**
 * The VPC the database lives in, created or imported **without look-ups** (synth stays offline), and
 * the VPC endpoints that functions inside its isolated subnets need.
 *
 * Only isolated subnets are used: the database, the proxy and the rotation function need no route to
 * the internet. The rotation function calls Secrets Manager, so an interface endpoint with private DNS
 * is created for it (without it rotation fails silently after deploy); the function then reaches it at
 * the plain regional name. An imported VPC gets endpoints only when `createInterfaceEndpoints` says so:
 * a VPC can hold one endpoint with private DNS per service, and a second one is rejected.
 *
 * With `functionPlacement: 'isolated-subnets'` the stack's own functions run here too, with a security
 * group that may only reach the endpoints (HTTPS inside the VPC); see {@link FUNCTION_ENDPOINTS}.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/vpc-endpoint-overview.html
 */
export class DatabaseNetwork extends Construct {
  readonly vpc: ec2.IVpc;
  /** The isolated subnets for the database, the proxy and in-VPC functions. */
  readonly isolatedSubnets: ec2.SubnetSelection;
  /** The Secrets Manager endpoint, when this construct created it. */
  readonly secretsManagerEndpoint?: ec2.InterfaceVpcEndpoint;
  /** Where the stack's functions run. */
  readonly functionPlacement: FunctionPlacement;
  /**
   * The security group of the stack's functions when they run in the VPC: outbound HTTPS inside the VPC
   * (the endpoints) and to S3 (the gateway endpoint), nothing inbound.
   */
  readonly functionSecurityGroup?: ec2.SecurityGroup;
  /** The VPC placement of the stack's functions, or undefined when they run outside the VPC. */
  readonly functionVpcPlacement?: FunctionVpcPlacement;

  constructor(scope: Construct, id: string, props: DatabaseNetworkProps) {
    super(scope, id);
    const network = props.network;
    this.functionPlacement = network.functionPlacement;

    if (network.kind === 'create') {
      const vpc = new ec2.Vpc(this, 'Vpc', {
        ipAddresses: ec2.IpAddresses.cidr(network.cidr),
        availabilityZones: [...network.availabilityZones],
        natGateways: 0,
        subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
        restrictDefaultSecurityGroup: false,
      });
      // Flow logs for the VPC the database lives in (AwsSolutions-VPC7), to an encrypted, retained log group.
      const flowLogs = encryptedLogGroup(this, 'FlowLogGroup', {
        retentionDays: props.logRetentionDays ?? 365,
        keep: props.keepLogs ?? true,
      });
      vpc.addFlowLog('FlowLog', {
        trafficType: ec2.FlowLogTrafficType.REJECT,
        destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
      });
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
    const createEndpoints = network.kind === 'create' || network.createInterfaceEndpoints === true;

    if (createEndpoints) {
      this.secretsManagerEndpoint = this.interfaceEndpoint('SecretsManagerEndpoint', ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
    }
    if (this.functionPlacement === 'isolated-subnets') {
      // Outbound HTTPS only. Isolated subnets route nowhere but inside the VPC (the interface endpoints) and
      // to the S3 gateway endpoint; the S3 prefix list id needs a look-up, so the rule names any IPv4 address.
      this.functionSecurityGroup = new ec2.SecurityGroup(this, 'FunctionSecurityGroup', {
        vpc: this.vpc,
        description: 'aurora-surge functions (pre-scaler, replica clean-up): outbound HTTPS to the VPC endpoints, nothing inbound',
        allowAllOutbound: false,
      });
      this.functionSecurityGroup.addEgressRule(
        ec2.Peer.anyIpv4(),
        ec2.Port.tcp(443),
        'HTTPS: the interface endpoints and S3 (isolated subnets have no other route)',
      );
      this.functionVpcPlacement = { vpc: this.vpc, subnets: this.isolatedSubnets, securityGroup: this.functionSecurityGroup };
      if (createEndpoints) {
        for (const [endpointId, service] of FUNCTION_ENDPOINTS) this.interfaceEndpoint(endpointId, service);
        // The Provider framework answers CloudFormation with an HTTPS PUT to a pre-signed S3 URL.
        // @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
        new ec2.GatewayVpcEndpoint(this, 'S3Endpoint', {
          vpc: this.vpc,
          service: ec2.GatewayVpcEndpointAwsService.S3,
          subnets: [this.isolatedSubnets],
        });
      }
    }
  }

  /** An interface endpoint with private DNS in the isolated subnets, open to HTTPS from inside the VPC only. */
  private interfaceEndpoint(id: string, service: ec2.InterfaceVpcEndpointAwsService): ec2.InterfaceVpcEndpoint {
    const endpoint = new ec2.InterfaceVpcEndpoint(this, id, {
      vpc: this.vpc,
      service,
      subnets: this.isolatedSubnets,
      privateDnsEnabled: true,
      open: false,
    });
    endpoint.connections.allowFrom(ec2.Peer.ipv4(this.vpc.vpcCidrBlock), ec2.Port.tcp(443), 'HTTPS from inside the VPC');
    Validations.of(endpoint).acknowledge({
      id: 'AwsSolutions-EC23',
      reason:
        'The endpoint admits HTTPS from the VPC CIDR only; cdk-nag cannot resolve the CIDR of a VPC created in the same stack (a token) and reads it as open.',
    });
    return endpoint;
  }
}
