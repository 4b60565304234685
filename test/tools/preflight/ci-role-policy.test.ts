/**
 * The statement docs/preflight-and-verify.md tells operators to attach to the CI deploy role, evaluated
 * with the IAM policy simulator: what verify and preflight change or simulate is allowed on this
 * environment's resources only.
 *
 * @cloud-copilot/iam-simulate is AGPL-3.0-or-later: used by tests only, never by lib/, lambda/, tools/ or bin/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { alarmName } from '../../../lib/monitoring/alarm-naming';

const ACCOUNT = '333333333333';
const REGION = 'eu-west-1';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/aurora-surge-deploy`;

/** The JSON block that follows the `<!-- ci-role-policy -->` marker in the doc. */
function documentedPolicy(): unknown {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'preflight-and-verify.md'), 'utf8');
  const match = /<!-- ci-role-policy -->\s*```json\n([\s\S]*?)\n```/.exec(doc);
  if (!match?.[1]) throw new Error('docs/preflight-and-verify.md has no ci-role-policy JSON block');
  return JSON.parse(match[1]);
}

async function decide(action: string, resource: string): Promise<string> {
  const response = await runSimulation(
    {
      request: { principal: ROLE, action, resource: { resource, accountId: ACCOUNT }, contextVariables: {} },
      identityPolicies: [{ name: 'ci-role', policy: documentedPolicy() }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (response.resultType === 'error') throw new Error(`cannot simulate ${action} on ${resource}: ${JSON.stringify(response.errors)}`);
  return response.overallResult;
}

describe('the CI deploy role statement for preflight and verify', () => {
  test.each([
    ['cloudwatch:SetAlarmState', `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${alarmName('prod', 'writer', 'cpu', 'critical')}`],
    ['cloudwatch:SetAlarmState', `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${alarmName('prod', 'pre-scaler', 'errors', 'warning')}`],
    ['lambda:InvokeFunction', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:aurora-surge-prod-pre-scaler`],
    ['iam:SimulatePrincipalPolicy', `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-${REGION}`],
    [
      'cloudformation:DetectStackResourceDrift',
      `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/AuroraSurge-prod/8d2f0e40-1a2b-11f0-9c3d-0a1b2c3d4e5f`,
    ],
  ])('allows %s on %s', async (action, resource) => {
    expect(await decide(action, resource)).toBe('Allowed');
  });

  test.each([
    ['cloudwatch:SetAlarmState', `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${alarmName('staging', 'writer', 'cpu', 'critical')}`],
    ['cloudwatch:SetAlarmState', `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:someone-elses-alarm`],
    ['lambda:InvokeFunction', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:aurora-surge-prod-replica-cleanup`],
    ['iam:SimulatePrincipalPolicy', `arn:aws:iam::${ACCOUNT}:role/Administrator`],
    [
      'cloudformation:DetectStackResourceDrift',
      `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/AuroraSurge-staging/8d2f0e40-1a2b-11f0-9c3d-0a1b2c3d4e5f`,
    ],
    ['cloudwatch:DeleteAlarms', `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${alarmName('prod', 'writer', 'cpu', 'critical')}`],
    ['lambda:UpdateFunctionConfiguration', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:aurora-surge-prod-pre-scaler`],
  ])('does not allow %s on %s', async (action, resource) => {
    expect(await decide(action, resource)).toBe('ImplicitlyDenied');
  });
});
