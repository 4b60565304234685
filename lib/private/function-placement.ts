import { Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/** Where an in-VPC function of the stack runs: the isolated subnets, behind the functions' security group. */
export interface FunctionVpcPlacement {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly securityGroup: ec2.ISecurityGroup;
}

/** The `lambda.Function` (or `cr.Provider`) props for a placement: none outside the VPC. */
export function vpcFunctionProps(placement: FunctionVpcPlacement | undefined): {
  vpc?: ec2.IVpc;
  vpcSubnets?: ec2.SubnetSelection;
  securityGroups?: ec2.ISecurityGroup[];
} {
  return placement === undefined ? {} : { vpc: placement.vpc, vpcSubnets: placement.subnets, securityGroups: [placement.securityGroup] };
}

/**
 * What Lambda needs from a function's own role to attach it to a VPC: create, describe and delete its
 * network interfaces. A role CDK creates gets AWSLambdaVPCAccessExecutionRole; a role given to the
 * function does not, so this adds the same actions. They support no resource-level scoping.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions
 */
export function grantVpcAccess(role: iam.Role, placement: FunctionVpcPlacement | undefined): void {
  if (placement === undefined) return;
  role.addToPolicy(
    new iam.PolicyStatement({
      sid: 'AttachToVpc',
      actions: [
        'ec2:CreateNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ],
      resources: ['*'],
    }),
  );
  acknowledgeVpcAccess(role);
}

/** cdk-nag: the ENI actions Lambda needs in a VPC take no resource ARN. */
export function acknowledgeVpcAccess(scope: IConstruct): void {
  Validations.of(scope).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      "Lambda's VPC attachment needs ec2:CreateNetworkInterface/DescribeNetworkInterfaces/DeleteNetworkInterface on *: these actions support no resource-level permissions (Lambda developer guide, VPC permissions).",
  });
}
