import * as z from 'zod';
import { ENGINES, LOG_RETENTION_DAYS, writerSchema } from './database';

/**
 * RDS cluster and instance identifiers: 1–63 letters, digits or single hyphens, starting with a letter and not
 * ending with a hyphen.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html (DBClusterIdentifier)
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html (DBInstanceIdentifier)
 */
const IDENTIFIER_ERROR = {
  error:
    'must be an RDS identifier: 1–63 letters, digits or single hyphens, starting with a letter, not ending with a hyphen. Fix: copy it from `aws rds describe-db-clusters --db-cluster-identifier <cluster>`.',
};
const RDS_IDENTIFIER_PATTERN = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,62}(?<!-)$/;
const rdsIdentifier = z.string().regex(RDS_IDENTIFIER_PATTERN, IDENTIFIER_ERROR);

/**
 * A complete Secrets Manager secret ARN: the name is followed by `-` and the six random characters
 * Secrets Manager appends. A partial ARN (without them) is resolved by the APIs, but IAM policies and
 * RDS Proxy's `SecretArn` need the complete one.
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html#iam-resources
 */
export const SECRET_ARN_PATTERN =
  /^arn:aws[a-z-]*:secretsmanager:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/;
/** A KMS key ARN (not an alias): IAM grants on a key name its key ARN. */
export const KMS_KEY_ARN_PATTERN =
  /^arn:aws[a-z-]*:kms:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):key\/[0-9a-f-]{36}$|^arn:aws[a-z-]*:kms:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):key\/mrk-[0-9a-f]{32}$/;

/**
 * An Aurora cluster the stack does not create: it is described fully here, so synth needs no look-up
 * (`npm run preflight` checks the values against the account). The stack builds the proxy, reader
 * autoscaling, the pre-scaler and monitoring around it and never changes the cluster's own properties.
 * See docs/adopt-existing-cluster.md.
 */
export const existingDatabaseSchema = z.strictObject({
  kind: z.literal('existing'),
  /** `DBClusterIdentifier` of the cluster. */
  clusterIdentifier: rdsIdentifier,
  engine: z.enum(ENGINES, {
    error:
      'must be "aurora-postgresql" or "aurora-mysql". Fix: set the engine the cluster runs (`Engine` in `aws rds describe-db-clusters`).',
  }),
  /** Engine version the cluster runs. Aurora PostgreSQL: `major.minor` (`16.6`). Aurora MySQL: the Aurora version (`3.08.0`). */
  engineVersion: z.string(),
  /**
   * The port the cluster listens on.
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html (Port: "Valid Values: 1150-65535")
   */
  port: z
    .number()
    .int({ error: 'must be a whole port number' })
    .min(1150, { error: "must be between 1150 and 65535 (the ports Aurora accepts). Fix: set the cluster's `Port`." })
    .max(65535, { error: "must be between 1150 and 65535 (the ports Aurora accepts). Fix: set the cluster's `Port`." }),
  /** The database the rehearsal connects to by default. */
  databaseName: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, {
    error:
      'must start with a letter and hold only letters, digits and underscores (at most 63). Fix: name a database that exists in the cluster.',
  }),
  /** The writer's capacity outside campaigns, as the cluster runs it today: the pre-scaler's baseline. */
  writer: writerSchema,
  /** Identifier of the instance that is the writer today. The pre-scaler may resize it (after a failover) and nothing else. */
  writerInstanceIdentifier: rdsIdentifier,
  /**
   * Identifier of the fixed promotion-tier-0 reader: the failover standby the pre-scaler resizes first.
   * It must exist, in tier 0, with the writer's class (preflight checks).
   */
  standbyInstanceIdentifier: rdsIdentifier,
  /** The cluster's VPC security groups. The stack adds one ingress rule (the database port from the proxy) to the first. */
  securityGroupIds: z
    .array(
      z.string().regex(/^sg-[0-9a-f]{8,17}$/, {
        error: 'must be a security group id such as "sg-0abc12345def67890". Fix: copy it from the cluster\'s `VpcSecurityGroups`.',
      }),
    )
    .min(1, { error: "is empty. Fix: list the cluster's security groups (`VpcSecurityGroups`); the proxy is admitted through the first." }),
  /** The credentials RDS Proxy logs in with (a `{"username","password"}` secret for a database user). */
  secret: z.strictObject({
    /** Complete secret ARN, with the six-character suffix Secrets Manager adds. */
    arn: z.string().regex(SECRET_ARN_PATTERN, {
      error:
        'must be a complete Secrets Manager secret ARN, ending in "-" and six characters, such as "arn:aws:secretsmanager:eu-west-1:444444444444:secret:shop/db/proxy-AbC123". Fix: copy `ARN` from `aws secretsmanager describe-secret --secret-id <name>`.',
    }),
    /**
     * ARN of the KMS key that encrypts the secret (for `aws/secretsmanager`, that key's ARN). The proxy's role gets `kms:Decrypt` on this key only;
     * the key's policy must let the account's IAM policies grant it (the default key policy does).
     */
    kmsKeyArn: z.string().regex(KMS_KEY_ARN_PATTERN, {
      error:
        'must be a KMS key ARN (not an alias), such as "arn:aws:kms:eu-west-1:444444444444:key/1234abcd-12ab-34cd-56ef-1234567890ab". Fix: take the secret\'s `KmsKeyId` and resolve an alias with `aws kms describe-key --key-id <alias>`.',
    }),
  }),
  /** Retention of the log groups the stack creates (pre-scaler, clean-up), in days. The cluster's own log exports are left as they are. */
  logRetentionDays: z.number().refine((n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n), {
    error: `must be one of CloudWatch Logs' retention periods. Fix: use one of ${LOG_RETENTION_DAYS.join(', ')}.`,
  }),
});

export type ExistingDatabaseConfig = z.infer<typeof existingDatabaseSchema>;
