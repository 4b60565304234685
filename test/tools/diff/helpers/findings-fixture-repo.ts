import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** What one side of the fixture app builds. */
export interface FixtureSide {
  /** Construct ids of unencrypted SNS topics (cdk-nag AwsSolutions-SNS3 on each), in creation order. */
  readonly topics: readonly string[];
  /** Topics acknowledged for AwsSolutions-SNS3, with the reason. */
  readonly acknowledged?: Readonly<Record<string, string>>;
  /** Retention of the log group `Events` (Control Tower CT.CLOUDWATCH.PR.2 wants 365 days or more). */
  readonly logRetentionDays: number;
  /** Add a plain S3 bucket `Uploads` (cdk-nag AwsSolutions-S1 and -S10). */
  readonly bucket: boolean;
}

/**
 * A small CDK app (plain Node, no bundling, CDK's template validation off as the diff runs it) with the
 * app's own way of running cdk-nag: the AwsSolutions pack as a validation plugin, acknowledgements with
 * `Validations.of(construct).acknowledge`. One stack, `AuroraSurge-fixture`.
 */
export function fixtureAppSource(side: FixtureSide): string {
  const lines = [
    "const { App, Stack, Validations } = require('aws-cdk-lib');",
    "const logs = require('aws-cdk-lib/aws-logs');",
    "const s3 = require('aws-cdk-lib/aws-s3');",
    "const sns = require('aws-cdk-lib/aws-sns');",
    "const { AwsSolutionsChecks } = require('cdk-nag');",
    'const app = new App();',
    "const stack = new Stack(app, 'AuroraSurge-fixture', { env: { account: '111111111111', region: 'eu-west-1' } });",
    ...side.topics.map((id) => `new sns.Topic(stack, ${JSON.stringify(id)});`),
    `new logs.LogGroup(stack, 'Events', { retention: ${side.logRetentionDays} });`,
    ...(side.bucket ? ["new s3.Bucket(stack, 'Uploads');"] : []),
    ...Object.entries(side.acknowledged ?? {}).map(
      ([id, reason]) =>
        `Validations.of(stack.node.findChild(${JSON.stringify(id)})).acknowledge({ id: 'AwsSolutions-SNS3', reason: ${JSON.stringify(reason)} });`,
    ),
    'Validations.of(app).addPlugins(new AwsSolutionsChecks(app));',
    'app.synth();',
  ];
  return `${lines.join('\n')}\n`;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

/**
 * A throwaway git repository with the fixture app: `main` holds `base`, the working tree holds `head`
 * (uncommitted, as the diff's head side is the working tree). The project's node_modules is linked in and
 * the lock file is the same on both sides, so nothing is installed. No calendar: both sides read as empty.
 */
export function createFindingsFixtureRepo(base: FixtureSide, head: FixtureSide): string {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'aurora-surge-findings-'));
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(repo, '.gitignore'), 'node_modules\n');
  fs.writeFileSync(path.join(repo, 'package-lock.json'), '{}\n');
  fs.writeFileSync(path.join(repo, 'cdk.json'), JSON.stringify({ app: 'node app.js' }));
  fs.writeFileSync(path.join(repo, 'app.js'), fixtureAppSource(base));
  git(repo, 'init', '--quiet', '--initial-branch=main');
  git(repo, 'config', 'user.email', 'findings@example.com');
  git(repo, 'config', 'user.name', 'findings');
  git(repo, 'config', 'commit.gpgsign', 'false');
  git(repo, 'add', '--all');
  git(repo, 'commit', '--quiet', '--message', 'base');
  fs.writeFileSync(path.join(repo, 'app.js'), fixtureAppSource(head));
  return repo;
}
