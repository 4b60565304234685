import { CloudFormationClient, DetectStackResourceDriftCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import type { DeployedStack } from '../../../tools/aws-checks/deployed-stack';
import { checkCampaignInForce, checkClusterDrift, checkStackState } from '../../../tools/preflight/checks/existing-stack';
import { campaignsFor, shopEnv } from './fixtures';

const cfnMock = mockClient(CloudFormationClient);
const cfn = new CloudFormationClient({ region: 'eu-central-1' });
const STACK: DeployedStack = {
  name: 'AuroraSurge-shop',
  status: 'UPDATE_COMPLETE',
  outputs: {},
  resources: [{ logicalId: 'DatabaseCluster5B53A178', physicalId: 'aurora-surge-shop', type: 'AWS::RDS::DBCluster' }],
};

beforeEach(() => cfnMock.reset());

describe('the deployed stack', () => {
  test.each([
    ['no stack yet', undefined, 'pass'],
    ['a complete stack', STACK, 'pass'],
    ['a failed first create', { ...STACK, status: 'ROLLBACK_COMPLETE' }, 'fail'],
    ['an update in progress', { ...STACK, status: 'UPDATE_IN_PROGRESS' }, 'fail'],
    ['a rolled-back update', { ...STACK, status: 'UPDATE_ROLLBACK_COMPLETE' }, 'pass'],
    ['a rollback that failed', { ...STACK, status: 'UPDATE_ROLLBACK_FAILED' }, 'fail'],
    ['a deletion that failed', { ...STACK, status: 'DELETE_FAILED' }, 'fail'],
  ])('%s', (_what, stack, status) => {
    expect(checkStackState('shop', stack).status).toBe(status);
  });
});

describe('a campaign in force', () => {
  const env = shopEnv();
  const campaigns = campaignsFor(env);
  // winter-sale runs 2026-11-27 00:00–06:00Z; lead time 120 min, cool-down 60 min.

  it('passes outside the campaign', () => {
    expect(checkCampaignInForce(env, campaigns, STACK, new Date('2026-11-26T21:59:00Z'), false).status).toBe('pass');
  });

  it('fails inside the lead time, saying when to deploy and what to do if it cannot wait', () => {
    const result = checkCampaignInForce(env, campaigns, STACK, new Date('2026-11-26T22:30:00Z'), false);
    expect(result.status).toBe('fail');
    expect(result.problems[0]?.problem).toContain(
      'campaign "winter-sale" (in force 2026-11-26T22:00Z – 2026-11-27T07:00Z) is in force now',
    );
    expect(result.problems[0]?.problem).toContain('reader floor 2 where the campaign needs 4');
    expect(result.problems[0]?.fix).toContain('deploy after 2026-11-27T07:00Z');
    expect(result.problems[0]?.fix).toContain('--allow-during-campaign');
  });

  it('passes with --allow-during-campaign, still saying what to do', () => {
    const result = checkCampaignInForce(env, campaigns, STACK, new Date('2026-11-27T06:30:00Z'), true);
    expect(result.status).toBe('pass');
    expect(result.details.join(' ')).toContain('npm run verify -- --env shop');
  });

  it('is skipped before the first deploy', () => {
    expect(checkCampaignInForce(env, campaigns, undefined, new Date('2026-11-27T01:00:00Z'), false).status).toBe('skip');
  });
});

describe('drift on the cluster', () => {
  it('passes when the cluster is in sync', async () => {
    cfnMock.on(DetectStackResourceDriftCommand).resolves({ StackResourceDrift: { StackResourceDriftStatus: 'IN_SYNC' } as never });
    const result = await checkClusterDrift(cfn, 'shop', STACK);
    expect(result.status).toBe('pass');
    expect(cfnMock).toHaveReceivedCommandWith(DetectStackResourceDriftCommand, {
      StackName: 'AuroraSurge-shop',
      LogicalResourceId: 'DatabaseCluster5B53A178',
    });
  });

  it('fails on a drifted cluster, listing what differs', async () => {
    cfnMock.on(DetectStackResourceDriftCommand).resolves({
      StackResourceDrift: {
        StackResourceDriftStatus: 'MODIFIED',
        PropertyDifferences: [
          { PropertyPath: '/BackupRetentionPeriod', ExpectedValue: '7', ActualValue: '1', DifferenceType: 'NOT_EQUAL' },
        ],
      } as never,
    });
    const result = await checkClusterDrift(cfn, 'shop', STACK);
    expect(result.status).toBe('fail');
    expect(result.problems[0]?.problem).toBe(
      '[shop] cluster aurora-surge-shop has drifted (MODIFIED): /BackupRetentionPeriod: template 7, live 1 (NOT_EQUAL). The deploy would set these back to the template.',
    );
  });

  it('is skipped before the first deploy', async () => {
    expect((await checkClusterDrift(cfn, 'shop', undefined)).status).toBe('skip');
  });
});
