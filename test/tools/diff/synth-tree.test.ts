import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chooseDependencyMode } from '../../../tools/diff/base-worktree';
import { DiffToolError } from '../../../tools/diff/run-process';
import { readStackTemplates, synthesizeTree } from '../../../tools/diff/synth-tree';

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aurora-surge-synth-test-'));
  tempDirs.push(dir);
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

describe('synthesizeTree', () => {
  test("runs the tree's cdk.json app with the output folder and the context in the environment, like the CLI", async () => {
    // A stand-in app that writes a one-stack cloud assembly echoing what it was given.
    const app = `node -e "
      const fs = require('fs'); const ctx = JSON.parse(process.env.CDK_CONTEXT_JSON);
      const out = process.env.CDK_OUTDIR;
      fs.writeFileSync(out + '/S.template.json', JSON.stringify({ Resources: {}, Context: { flag: ctx['@aws-cdk/x:flag'], saved: ctx.saved, paths: ctx['aws:cdk:enable-path-metadata'] } }));
      fs.writeFileSync(out + '/manifest.json', JSON.stringify({ artifacts: { S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.template.json', stackName: 'AuroraSurge-test' } }, Tree: { type: 'cdk:tree' } } }));
    "`;
    const tree = tempDir({
      'cdk.json': JSON.stringify({ app, context: { '@aws-cdk/x:flag': true } }),
      'cdk.context.json': JSON.stringify({ saved: 'from cdk.context.json' }),
    });
    const stacks = await synthesizeTree(tree, path.join(tempDir(), 'out'), 'head');
    expect([...stacks.keys()]).toEqual(['AuroraSurge-test']);
    expect(stacks.get('AuroraSurge-test')?.Context).toEqual({ flag: true, saved: 'from cdk.context.json', paths: true });
  });

  test('a tree without cdk.json is a tool error that says so', async () => {
    const tree = tempDir();
    await expect(synthesizeTree(tree, path.join(tree, 'out'), 'base main (abc1234)')).rejects.toThrow(
      new DiffToolError(
        `base main (abc1234): ${path.join(tree, 'cdk.json')} is missing or has no "app" command, so there is nothing to synthesize.`,
      ),
    );
  });

  test('an app that fails is a tool error with the end of its output', async () => {
    const tree = tempDir({
      'cdk.json': JSON.stringify({ app: 'node -e "console.error(\'Invalid configuration for environment prod\'); process.exit(3)"' }),
    });
    await expect(synthesizeTree(tree, path.join(tree, 'out'), 'working tree')).rejects.toThrow(
      'working tree: synth failed (`node -e "console.error(\'Invalid configuration for environment prod\'); process.exit(3)"` exited 3):\nInvalid configuration for environment prod',
    );
  });

  test('an assembly without a manifest is a tool error', async () => {
    await expect(readStackTemplates(tempDir(), 'head')).rejects.toThrow(/head: the app wrote no cloud assembly \(no manifest.json/);
  });
});

describe('chooseDependencyMode', () => {
  test.each([
    ['same lock file, head has node_modules', 'lock', 'lock', true, 'linked'],
    ['lock file changed', 'lock-a', 'lock-b', true, 'installed'],
    ['base has no lock file', undefined, 'lock', true, 'installed'],
    ['head has no node_modules', 'lock', 'lock', false, 'installed'],
  ] as const)('%s', (_name, base, head, modules, expected) => {
    expect(chooseDependencyMode(base, head, modules)).toBe(expected);
  });
});
