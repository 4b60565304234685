import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { RDSClient } from '@aws-sdk/client-rds';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';

/** The SDK v3 clients preflight and verify use, all in the environment's region. */
export interface AwsClients {
  readonly sts: STSClient;
  readonly ec2: EC2Client;
  readonly rds: RDSClient;
  readonly lambda: LambdaClient;
  readonly cloudFormation: CloudFormationClient;
  readonly iam: IAMClient;
  readonly cloudWatch: CloudWatchClient;
  readonly logs: CloudWatchLogsClient;
  readonly autoScaling: ApplicationAutoScalingClient;
  readonly secretsManager: SecretsManagerClient;
  readonly sns: SNSClient;
}

/**
 * Clients for one region, with the caller's default credential chain (profile, environment, SSO, role).
 * The region is the environment's, never the shell's: the stack is deployed there whatever the profile says.
 */
export function createAwsClients(region: string): AwsClients {
  const config = { region, maxAttempts: 5 };
  return {
    sts: new STSClient(config),
    ec2: new EC2Client(config),
    rds: new RDSClient(config),
    lambda: new LambdaClient(config),
    cloudFormation: new CloudFormationClient(config),
    iam: new IAMClient(config),
    cloudWatch: new CloudWatchClient(config),
    logs: new CloudWatchLogsClient(config),
    autoScaling: new ApplicationAutoScalingClient(config),
    secretsManager: new SecretsManagerClient(config),
    sns: new SNSClient(config),
  };
}

/** The region the shell's profile or environment names, if any (what `aws` CLI commands would use). */
export async function ambientRegion(): Promise<string | undefined> {
  try {
    return await new STSClient({}).config.region();
  } catch {
    return undefined;
  }
}
