import { z } from 'zod';

/**
 * Where the stack's own Lambda functions (pre-scaler, replica clean-up and its custom-resource
 * provider) run. `outside-vpc` (the default): they call only AWS control-plane APIs, so they need no
 * VPC, no interface endpoints and no ENIs (docs/DESIGN: "keep the pre-scaler and clean-up functions
 * out of the VPC"). `isolated-subnets`: inside the database's isolated subnets, for organizations that
 * enforce AWS Control Tower CT.LAMBDA.PR.3; the stack then creates the interface endpoints those
 * functions call (RDS, Application Auto Scaling, CloudWatch, Lambda, Step Functions) and an S3 gateway
 * endpoint for the custom-resource response (see README, "Security baseline").
 */
export const functionPlacementSchema = z.enum(['outside-vpc', 'isolated-subnets'], {
  error: 'must be "outside-vpc" (the default) or "isolated-subnets"',
});

const AZ = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, { error: 'must be an availability zone name such as "eu-west-1a"' });

/** The stack creates a VPC with isolated subnets only: the database and proxy need no route to the internet. */
export const createdNetworkSchema = z.strictObject({
  kind: z.literal('create'),
  /** IPv4 CIDR of the new VPC, e.g. `10.40.0.0/16`. */
  cidr: z
    .string()
    .regex(/^(\d{1,3}\.){3}\d{1,3}\/(1[6-9]|2[0-8])$/, { error: 'must be an IPv4 CIDR between /16 and /28, such as "10.40.0.0/16"' }),
  /** Availability zones, given explicitly so synth needs no look-up. At least 2 (RDS subnet groups need 2 AZs). */
  availabilityZones: z.array(AZ).min(2, { error: 'list at least 2 availability zones (an RDS subnet group needs 2)' }),
  /** Where the stack's functions run. @default 'outside-vpc' */
  functionPlacement: functionPlacementSchema.default('outside-vpc'),
});

/** An existing VPC, described fully so `Vpc.fromVpcAttributes` needs no look-up. */
export const importedNetworkSchema = z.strictObject({
  kind: z.literal('import'),
  vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { error: 'must be a VPC id such as "vpc-0abc12345def67890"' }),
  /** The VPC's IPv4 CIDR (used for the endpoint security group). */
  vpcCidr: z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, { error: 'must be an IPv4 CIDR such as "10.0.0.0/16"' }),
  /** One AZ per isolated subnet, in the same order. */
  availabilityZones: z.array(AZ).optional(),
  /** Isolated subnets (no route to the internet) for the database, the proxy and the VPC endpoints. */
  isolatedSubnetIds: z
    .array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, { error: 'must be a subnet id such as "subnet-0abc1234"' }))
    .min(2, { error: 'list at least 2 isolated subnets in different availability zones' }),
  /**
   * Route tables of the isolated subnets, in the same order. Needed only for the S3 gateway endpoint
   * that in-VPC functions use (`functionPlacement: 'isolated-subnets'` with `createInterfaceEndpoints`).
   * @default - none
   */
  isolatedRouteTableIds: z.array(z.string().regex(/^rtb-[0-9a-f]{8,17}$/)).optional(),
  /**
   * Whether the stack creates the VPC endpoints its in-VPC functions call: Secrets Manager (the
   * secret-rotation function, always in the VPC) and, with `functionPlacement: 'isolated-subnets'`,
   * the others. Required, no default: a VPC can hold only one interface endpoint with private DNS per
   * service, so a second one is rejected ("conflicting DNS domain"). Set true when the VPC has none,
   * false when it already has them (with private DNS enabled).
   * @see https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
   */
  createInterfaceEndpoints: z.boolean().optional(),
  /** Where the stack's functions run. @default 'outside-vpc' */
  functionPlacement: functionPlacementSchema.default('outside-vpc'),
});

export const networkSchema = z.discriminatedUnion('kind', [createdNetworkSchema, importedNetworkSchema], {
  error: 'set kind to "create" (a new VPC) or "import" (an existing VPC)',
});

export type NetworkConfig = z.infer<typeof networkSchema>;
export type FunctionPlacement = z.infer<typeof functionPlacementSchema>;
