import { DescribeSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type CheckResult, type Problem, verdict } from '../../aws-checks/check-result';

export const ROTATION_CHECK = { id: 'rotation', title: "The master secret's rotation succeeded (or has not run yet)" } as const;

const DAY = 86_400_000;

/**
 * Rotation is on, and the last rotation finished: a version that holds `AWSPENDING` without
 * `AWSCURRENT` is a rotation that failed or is still running ("When rotation is unsuccessful, the
 * AWSPENDING staging label might be attached to an empty secret version"). A next rotation date more
 * than a day past means rotations keep failing. No `LastRotatedDate` and nothing pending: not run yet.
 * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotateSecret.html
 * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot_rotation.html
 */
export async function checkRotation(sm: SecretsManagerClient, environment: string, secretId: string, now: Date): Promise<CheckResult> {
  const secret = await sm.send(new DescribeSecretCommand({ SecretId: secretId }));
  const name = secret.Name ?? secretId;
  const problems: Problem[] = [];
  const logs = secret.RotationLambdaARN ? ` (logs of ${secret.RotationLambdaARN.split(':').pop()})` : '';
  if (!secret.RotationEnabled) {
    problems.push({ problem: `[${environment}] rotation is off for ${name}.`, fix: 'deploy the stack again: it turns rotation on.' });
  }
  const pending = Object.entries(secret.VersionIdsToStages ?? {}).filter(
    ([, stages]) => stages.includes('AWSPENDING') && !stages.includes('AWSCURRENT'),
  );
  if (pending.length > 0) {
    problems.push({
      problem: `[${environment}] ${name}: version ${pending.map(([v]) => v).join(', ')} is AWSPENDING without AWSCURRENT: the last rotation failed or is still running.`,
      fix: `if it stays so for more than a few minutes, read the rotation function's log${logs}; the usual cause is no route to Secrets Manager from the isolated subnets (the endpoint). Then \`aws secretsmanager rotate-secret --secret-id ${name}\`.`,
    });
  }
  const next = secret.NextRotationDate;
  if (secret.RotationEnabled && next && now.getTime() - next.getTime() > DAY) {
    problems.push({
      problem: `[${environment}] ${name}: the next rotation was due ${next.toISOString()}, more than a day ago: rotations are failing.`,
      fix: `read the rotation function's log${logs}, fix the cause, then \`aws secretsmanager rotate-secret --secret-id ${name}\`.`,
    });
  }
  const last = secret.LastRotatedDate;
  return verdict(ROTATION_CHECK.id, ROTATION_CHECK.title, problems, [
    last
      ? `${name}: last rotated ${last.toISOString()}${next ? `, next ${next.toISOString()}` : ''}.`
      : `${name}: not rotated yet${next ? `, first rotation ${next.toISOString()}` : ''}.`,
  ]);
}
