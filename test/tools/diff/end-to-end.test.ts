/**
 * The diff command end to end, in a temporary git repository with two commits: `main` holds the
 * project as it is, narrowed to two environments (dev, which the branch changes, and prod, which it does
 * not) and a fixed calendar; a branch changes dev's engine (a replacement of the cluster) and adds a dev
 * campaign. The command builds both sides (base in a worktree sharing node_modules, since the lock file
 * is the same) with the real app, git and synth: only the number of stacks is smaller than the project's,
 * since every stack is synthesized twice per run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { commitAll, createProjectRepo, editFile, gitIn, keepEnvironments, removeRepo, runDiffCli, writeFile } from './helpers/temp-repo';

/** The calendar of the copy: fixed, so the committed calendar never moves this test; prod's campaign is the same on both sides. */
const BASE_CALENDAR = `import type { CampaignInput } from './schema/campaign';

export const CAMPAIGNS = [
  {
    id: 'e2e-summer-sale',
    environments: ['prod'],
    start: '2030-07-01T08:00',
    end: '2030-07-01T20:00',
    timeZone: 'Europe/Paris',
    writer: { instanceClass: 'db.r6g.2xlarge' },
    readerFloor: 2,
  },
] as const satisfies readonly CampaignInput[];
`;

let repo: string;

beforeAll(() => {
  repo = createProjectRepo((copy) => {
    keepEnvironments(copy, ['dev', 'prod']);
    writeFile(copy, 'config/campaigns.ts', BASE_CALENDAR);
  });
  gitIn(repo, 'checkout', '--quiet', '-b', 'feature/move-dev-to-mysql');
  editFile(
    repo,
    'config/environments/dev.ts',
    "engine: 'aurora-postgresql',\n    engineVersion: '16.13',",
    "engine: 'aurora-mysql',\n    engineVersion: '3.08.0',",
  );
  editFile(
    repo,
    'config/campaigns.ts',
    'export const CAMPAIGNS = [',
    `export const CAMPAIGNS = [
  {
    id: 'e2e-spring-sale',
    environments: ['dev'],
    start: '2027-03-01T08:00',
    end: '2027-03-01T20:00',
    timeZone: 'Europe/Paris',
    writer: { minCapacity: 2, maxCapacity: 8 },
    readerFloor: 1,
  },`,
  );
  commitAll(repo, 'Move dev to Aurora MySQL and plan a spring sale');
});

afterAll(() => {
  if (repo) removeRepo(repo);
});

/*
 * One real run: it synthesizes both sides (four stacks) and runs cdk-nag's report and the guard rules,
 * which is most of this file's cost. What `--allow-destructive` changes is the verdict alone (it lifts the
 * replacement, never a new finding): tested without synths in classify-synthesized and render-findings,
 * and its parsing in args.test.ts.
 */
test('a branch that replaces the dev cluster: blocked, exit 1, with the calendar change, the new findings and the untouched environments', () => {
  const result = runDiffCli(repo, ['--out', 'synth-diff.md']);
  expect(result.stderr).toContain('Blocked:');
  expect(result.status).toBe(1);
  const report = result.stdout;
  expect(report.startsWith('<!-- aurora-surge:synth-diff -->')).toBe(true);
  expect(report).toMatch(/## Synth diff: `merge-base with main` \([0-9a-f]{7,}\) → working tree/);
  expect(report).toContain('**⛔ BLOCKED:');
  expect(report).toMatch(/- \*\*dev: `Database\/Cluster\/Resource` \(AWS::RDS::DBCluster\) (MAY BE )?REPLACED\*\*/);
  expect(report).toMatch(/\| dev \| ⛔ blocked \|/);
  expect(report).toMatch(/\| prod \| no change \| 0 \| 0 \| 0 \| 0 \| — \| — \|/);
  expect(report).not.toContain('e2e-summer-sale');
  expect(report).toContain('**⛔ BLOCKED: ');
  expect(report).toMatch(/new security findings \(cdk-nag, Control Tower\)/);
  expect(report).toContain('- **Campaign added**: `e2e-spring-sale` — start `2027-03-01T08:00`');
  expect(report).toContain('npx cdk diff AuroraSurge-prod');
  // The MySQL cluster keeps the default port and has no Backtrack: AwsSolutions-RDS11 and -RDS14, errors.
  expect(report).toMatch(
    /- \*\*dev: cdk-nag error `AwsSolutions-RDS11` on `Database\/Cluster\/Resource` \(DatabaseCluster[0-9A-F]{8}\)\*\* — /,
  );
  expect(report).toMatch(/- \*\*dev: cdk-nag error `AwsSolutions-RDS14` on `Database\/Cluster\/Resource`/);
  expect(fs.readFileSync(path.join(repo, 'synth-diff.md'), 'utf8')).toBe(report);
  // The base worktree is gone afterwards.
  expect(gitIn(repo, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
});

test('a base that does not exist: exit 2 with the fix, before anything is synthesized', () => {
  const result = runDiffCli(repo, ['--base', 'no-such-branch']);
  expect(result.status).toBe(2);
  expect(result.stderr).toContain(
    'diff: --base "no-such-branch" is not a commit, branch or tag in this repository. Fix: pass an existing ref',
  );
});
