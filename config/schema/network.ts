import { z } from 'zod';

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
  /** Route tables of the isolated subnets, in the same order (needed only for gateway endpoints). @default - none */
  isolatedRouteTableIds: z.array(z.string().regex(/^rtb-[0-9a-f]{8,17}$/)).optional(),
  /**
   * Create a Secrets Manager interface endpoint in the isolated subnets (the secret-rotation function
   * needs one: there is no NAT). Set false when the VPC already has one with private DNS.
   * @default true
   */
  createSecretsManagerEndpoint: z.boolean().default(true),
});

export const networkSchema = z.discriminatedUnion('kind', [createdNetworkSchema, importedNetworkSchema], {
  error: 'set kind to "create" (a new VPC) or "import" (an existing VPC)',
});

export type NetworkConfig = z.infer<typeof networkSchema>;
