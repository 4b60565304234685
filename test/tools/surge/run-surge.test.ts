import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import {
  AddTagsToResourceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  RDSClient,
  RemoveTagsFromResourceCommand,
} from '@aws-sdk/client-rds';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { decodeOverride, OVERRIDE_TAG_KEYS, SURGE_TAG_KEYS } from '../../../lambda/pre-scaler/contract/surge-tags';
import { parseSurgeArgs } from '../../../tools/surge/args';
import { runSurge } from '../../../tools/surge/run-surge';
import { awsError } from '../../helpers/aws-errors';
import { ACCOUNT, REGION, surgeEnvironment } from './surge-fixtures';
import { campaigns } from '../../lambda/pre-scaler/core/fixtures';
import type { CampaignInput } from '../../../lambda/pre-scaler/core';

const sts = mockClient(STSClient);
const cfn = mockClient(CloudFormationClient);
const rds = mockClient(RDSClient);
const clients = {
  sts: new STSClient({ region: REGION }),
  cloudFormation: new CloudFormationClient({ region: REGION }),
  rds: new RDSClient({ region: REGION }),
};
const NOW = new Date('2026-11-27T14:00:00Z');
/** A campaign live at {@link NOW}: 13:00–18:00 UTC. */
const afternoonInput: CampaignInput = {
  id: 'afternoon-flash-sale',
  environments: ['shop'],
  start: '2026-11-27T13:00Z',
  end: '2026-11-27T18:00Z',
  writer: { instanceClass: 'db.r6g.2xlarge' },
  readerFloor: 2,
};
const CLUSTER = 'aurora-surge-shop';
const CLUSTER_ARN = `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:${CLUSTER}`;
const OPERATOR = `arn:aws:sts::${ACCOUNT}:assumed-role/aurora-surge-shop-operators/anna`;
const SET = ['--env', 'shop', '--writer', 'db.r6g.4xlarge', '--readers', '4', '--for', '6h', '--reason', 'TV spot at 20:00 INC-4711'];

function deployed(tags: { Key: string; Value: string }[] = []) {
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: OPERATOR });
  cfn.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: 'AuroraSurge-shop',
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: NOW,
        Outputs: [{ OutputKey: 'ClusterIdentifier', OutputValue: CLUSTER }],
      },
    ],
  });
  cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
  rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: CLUSTER }).resolves({
    DBClusters: [
      {
        DBClusterIdentifier: CLUSTER,
        DBClusterArn: CLUSTER_ARN,
        Status: 'available',
        DBClusterMembers: [
          { DBInstanceIdentifier: `${CLUSTER}-instance-1`, IsClusterWriter: true },
          { DBInstanceIdentifier: `${CLUSTER}-standby`, IsClusterWriter: false },
        ],
        TagList: tags,
      },
    ],
  });
  rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: `${CLUSTER}-instance-1` }).resolves({
    DBInstances: [{ DBInstanceIdentifier: `${CLUSTER}-instance-1`, DBInstanceClass: 'db.r6g.xlarge' }],
  });
  rds.on(AddTagsToResourceCommand).resolves({});
  rds.on(RemoveTagsFromResourceCommand).resolves({});
}

const run = (argv: string[], env = surgeEnvironment()) => runSurge({ env, args: parseSurgeArgs(argv), clients, now: () => NOW });
const noCallsAtAll = () => {
  expect(sts.calls()).toHaveLength(0);
  expect(cfn.calls()).toHaveLength(0);
  expect(rds.calls()).toHaveLength(0);
};

beforeEach(() => {
  sts.reset();
  cfn.reset();
  rds.reset();
});

describe('npm run surge: set an override', () => {
  test('records the whole override with one AddTagsToResource on the cluster, who set it included', async () => {
    deployed();
    const outcome = await run(SET);
    expect(outcome.exitCode).toBe(0);
    expect(rds).toHaveReceivedCommandTimes(AddTagsToResourceCommand, 1);
    const input = rds.commandCalls(AddTagsToResourceCommand)[0]!.args[0].input;
    expect(input.ResourceName).toBe(CLUSTER_ARN);
    // What the pre-scaler will read back: the contract's decoder gives the override as asked.
    expect(decodeOverride(input.Tags ?? [])).toEqual({
      ok: true,
      value: {
        writer: { kind: 'provisioned', instanceClass: 'db.r6g.4xlarge' },
        readerFloor: 4,
        setAtMs: NOW.getTime(),
        untilMs: Date.parse('2026-11-27T20:00:00Z'),
        by: OPERATOR,
        reason: 'TV spot at 20:00 INC-4711',
      },
    });
    expect(rds).not.toHaveReceivedCommand(RemoveTagsFromResourceCommand);
  });

  test('prints what the pre-scaler will do, when capacity is ready and when the override expires', async () => {
    deployed();
    const { text } = await run(SET);
    expect(text).toContain('surge: [shop] override recorded on aurora-surge-shop (one AddTagsToResource):');
    expect(text).toContain('writer:  db.r6g.4xlarge (running now: db.r6g.xlarge)');
    expect(text).toContain('readers: floor 4 (readers now: 1)');
    expect(text).toContain('expires by itself at 2026-11-27T20:00Z (in 6 h)');
    expect(text).toContain('next run by 2026-11-27T14:05Z');
    expect(text).toContain('failover to the resized standby: db.r6g.4xlarge serves as writer: done by 2026-11-27T14:41Z');
    expect(text).toContain('Writer capacity ready by 2026-11-27T14:41Z (in 41 min).');
    expect(text).toContain('Readers ready by 2026-11-27T14:15Z (in 15 min).');
  });

  test('a second override says which one it replaces', async () => {
    deployed([
      { Key: SURGE_TAG_KEYS.override, Value: 'floor=3 set=2026-11-27T12:00:00.000Z until=2026-11-27T16:00:00.000Z' },
      { Key: SURGE_TAG_KEYS.overrideBy, Value: 'arn:aws:sts::480912375566:assumed-role/aurora-surge-shop-operators/ben' },
      { Key: SURGE_TAG_KEYS.overrideReason, Value: 'newsletter' },
    ]);
    const { text } = await run(SET);
    expect(text).toContain(
      'replaces the override that was there: 3 readers until 2026-11-27T16:00Z, set by arn:aws:sts::480912375566:assumed-role/aurora-surge-shop-operators/ben ("newsletter").',
    );
  });

  test('--dry-run reads and prints, and writes no tag', async () => {
    deployed();
    const outcome = await run([...SET, '--dry-run']);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.text).toMatch(/^surge: \[shop\] dry run, nothing written\./);
    expect(rds).not.toHaveReceivedCommand(AddTagsToResourceCommand);
    expect(rds).toHaveReceivedCommand(DescribeDBClustersCommand);
  });

  test('says the writer waits when a campaign is live (no failover inside a campaign), and not before it', async () => {
    deployed();
    const afternoon = campaigns(afternoonInput);
    const during = await run(SET, { ...surgeEnvironment(), calendar: afternoon });
    expect(during.text).toMatch(
      /⚠️ afternoon-flash-sale \(until .*\) is live: the pre-scaler never fails over inside a campaign, so the writer waits for its end; the reader floor applies now\./,
    );
    const later = campaigns({ ...afternoonInput, start: '2026-11-27T15:00Z' });
    expect((await run(SET, { ...surgeEnvironment(), calendar: later })).text).not.toContain('is live');
  });

  test('warns when the pre-scaler is in dry run and would only log the steps', async () => {
    deployed();
    const { text } = await run(SET, { ...surgeEnvironment(), preScalerDryRun: true });
    expect(text).toContain('preScaler.dryRun is on in shop: the pre-scaler only logs these steps');
  });
});

describe('npm run surge: nothing is changed when', () => {
  test('the request is invalid: every problem is printed before any AWS call', async () => {
    deployed();
    const outcome = await run(['--env', 'shop', '--writer', 'db.r6g.8xlarge', '--readers', '9', '--for', '6h', '--reason', "it's bad"]);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.text).toContain('[shop] --writer: db.r6g.8xlarge is above the shop ceiling db.r6g.4xlarge');
    expect(outcome.text).toContain('[shop] --readers: 9 is above');
    expect(outcome.text).toContain('[shop] --reason: contains "\'"');
    noCallsAtAll();
  });

  test('the credentials are for another account', async () => {
    deployed();
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111111111111', Arn: 'arn:aws:iam::111111111111:user/x' });
    const outcome = await run(SET);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.text).toContain(
      `the credentials are for account 111111111111 (arn:aws:iam::111111111111:user/x), the config says ${ACCOUNT}`,
    );
    expect(rds.calls()).toHaveLength(0);
  });

  test("AWS denies the tag: the error names the call and the operators' role", async () => {
    deployed();
    rds.on(AddTagsToResourceCommand).rejects(awsError('AccessDenied'));
    const outcome = await run(SET);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.text).toContain(
      'surge: [shop] AddTagsToResource on aurora-surge-shop failed: AccessDenied: AccessDenied (test); nothing was changed.',
    );
    expect(outcome.text).toContain("Fix: run it with the operators' role aurora-surge-shop-operators");
  });

  test('AWS denies reading the cluster: no tag is attempted', async () => {
    deployed();
    rds.on(DescribeDBClustersCommand).rejects(awsError('AccessDenied'));
    const outcome = await run(SET);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.text).toContain('reading the stack and the cluster failed: AccessDenied');
    expect(rds).not.toHaveReceivedCommand(AddTagsToResourceCommand);
  });

  test('the cluster the stack names does not exist', async () => {
    deployed();
    rds.on(DescribeDBClustersCommand).rejects(awsError('DBClusterNotFoundFault'));
    const outcome = await run(SET);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.text).toContain(`surge: [shop] the cluster ${CLUSTER} named by AuroraSurge-shop does not exist in ${REGION}. Fix:`);
    expect(rds).not.toHaveReceivedCommand(AddTagsToResourceCommand);
  });

  test('the stack is not deployed', async () => {
    deployed();
    cfn
      .on(DescribeStacksCommand)
      .rejects(Object.assign(new Error('Stack with id AuroraSurge-shop does not exist'), { name: 'ValidationError' }));
    const outcome = await run(SET);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.text).toContain(`surge: [shop] AuroraSurge-shop is not deployed in ${REGION}, so there is no cluster to override. Fix:`);
    expect(rds.calls()).toHaveLength(0);
  });
});

describe('npm run surge -- --clear', () => {
  const present = [
    { Key: SURGE_TAG_KEYS.override, Value: 'writer=db.r6g.4xlarge set=2026-11-27T12:00:00.000Z until=2026-11-27T18:00:00.000Z' },
    { Key: SURGE_TAG_KEYS.overrideBy, Value: OPERATOR },
    { Key: SURGE_TAG_KEYS.overrideReason, Value: 'TV spot' },
    {
      Key: SURGE_TAG_KEYS.surge,
      Value: 'level=1 writer=db.r6g.2xlarge floor=2 since=2026-11-27T13:00:00.000Z last=2026-11-27T13:00:00.000Z',
    },
  ];

  test('removes the override keys, and only them, with one RemoveTagsFromResource', async () => {
    deployed(present);
    const outcome = await run(['--env', 'shop', '--clear']);
    expect(outcome.exitCode).toBe(0);
    expect(rds).toHaveReceivedCommandTimes(RemoveTagsFromResourceCommand, 1);
    expect(rds).toHaveReceivedCommandWith(RemoveTagsFromResourceCommand, { ResourceName: CLUSTER_ARN, TagKeys: [...OVERRIDE_TAG_KEYS] });
    expect(rds.commandCalls(RemoveTagsFromResourceCommand)[0]!.args[0].input.TagKeys).not.toContain(SURGE_TAG_KEYS.surge);
    expect(outcome.text).toContain(
      'override removed from aurora-surge-shop (one RemoveTagsFromResource): writer db.r6g.4xlarge until 2026-11-27T18:00Z',
    );
    expect(rds).not.toHaveReceivedCommand(AddTagsToResourceCommand);
  });

  test('with no override on the cluster, it says so and calls nothing that writes', async () => {
    deployed([]);
    const outcome = await run(['--env', 'shop', '--clear']);
    expect(outcome).toEqual({ exitCode: 0, text: 'surge: [shop] aurora-surge-shop has no override; nothing to clear.\n' });
    expect(rds).not.toHaveReceivedCommand(RemoveTagsFromResourceCommand);
  });

  test('access denied on the removal', async () => {
    deployed(present);
    rds.on(RemoveTagsFromResourceCommand).rejects(awsError('AccessDenied'));
    const outcome = await run(['--env', 'shop', '--clear']);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.text).toContain('RemoveTagsFromResource on aurora-surge-shop failed: AccessDenied');
  });

  test('an override tag that cannot be read is still removed, and said so', async () => {
    deployed([{ Key: SURGE_TAG_KEYS.override, Value: 'garbage' }]);
    const outcome = await run(['--env', 'shop', '--clear']);
    expect(outcome.text).toContain('(one RemoveTagsFromResource): an override whose tag could not be read.');
    expect(rds).toHaveReceivedCommandWith(RemoveTagsFromResourceCommand, { ResourceName: CLUSTER_ARN, TagKeys: [...OVERRIDE_TAG_KEYS] });
  });

  test('--clear --dry-run removes nothing', async () => {
    deployed(present);
    const outcome = await run(['--env', 'shop', '--clear', '--dry-run']);
    expect(outcome.text).toMatch(/^surge: \[shop\] dry run, nothing removed\./);
    expect(rds).not.toHaveReceivedCommand(RemoveTagsFromResourceCommand);
  });
});
