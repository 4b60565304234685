import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AssetStaging } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { loadConfig } from '../../config';
import { buildStack, testApp } from '../helpers/synth';

/**
 * The one suite that bundles the Lambdas as `npm run synth` does (the other stack tests skip bundling
 * and get a placeholder asset, see `testApp`). A Lambda that no longer bundles, or whose bundle lacks
 * the export its handler names, fails here. CDK announces each bundling on stderr ("Bundling asset …");
 * the test captures those lines and checks them instead of printing them.
 */
const announced: string[] = [];
let functions: Array<{ path: string; handler: string; bundleDir: string }>;

beforeAll(() => {
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    announced.push(String(chunk));
    return true;
  });
  try {
    const stack = buildStack(loadConfig('dev'), { app: testApp({ bundling: true }) });
    const stagings = stack.node.findAll().filter((c): c is AssetStaging => c instanceof AssetStaging);
    functions = stack.node
      .findAll()
      .filter((c): c is lambda.Function => c instanceof lambda.Function)
      .filter((fn) => fn.runtime.family === lambda.RuntimeFamily.NODEJS && !fn.node.path.includes('/Provider/'))
      .map((fn) => {
        const cfn = fn.node.defaultChild as lambda.CfnFunction;
        const key = String(stack.resolve(cfn.code).s3Key ?? stack.resolve(cfn.code).S3Key);
        const staging = stagings.find((s) => key.startsWith(s.assetHash));
        if (!staging) throw new Error(`${fn.node.path}: no code asset found`);
        return { path: fn.node.path, handler: cfn.handler as string, bundleDir: staging.absoluteStagedPath };
      });
  } finally {
    write.mockRestore();
  }
});

test('bundling runs for each function of the project, announced by CDK (captured here, not printed)', () => {
  expect(functions.map((f) => f.path).sort()).toEqual(
    expect.arrayContaining([expect.stringContaining('/PreScaler/'), expect.stringContaining('/ReplicaCleanup/')]),
  );
  const lines = announced
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('Bundling asset '));
  expect(lines.length).toBeGreaterThanOrEqual(2);
});

test('each bundle is one CommonJS file that exports the function its handler names, loadable by Node.js', () => {
  for (const fn of functions) {
    const [file, exportName] = fn.handler.split('.');
    const bundle = path.join(fn.bundleDir, `${file}.js`);
    expect({ fn: fn.path, exists: fs.existsSync(bundle) }).toEqual({ fn: fn.path, exists: true });
    // A fresh process, as Lambda loads it: the export must be a function.
    const result = spawnSync(
      process.execPath,
      ['-e', `const m = require(${JSON.stringify(bundle)}); process.stdout.write(typeof m[${JSON.stringify(exportName)}]);`],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-west-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      },
    );
    expect({ fn: fn.path, loaded: result.stdout, stderr: result.stderr }).toEqual({ fn: fn.path, loaded: 'function', stderr: '' });
  }
});
