import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync, type Metafile } from 'esbuild';
import { lambdaEsbuildOptions, PRE_SCALER_ENTRY, REPLICA_CLEANUP_ENTRY } from '../../lib/private/lambda-bundling';
import { forbiddenBundleInputs } from './bundle-inputs';

/**
 * The Lambda bundles, built exactly as the constructs build them (esbuild, same options), contain no
 * input from aws-cdk-lib, constructs, config/ or lib/: what the dependency rules say, checked on what
 * actually ships.
 */
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-test-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function metafileOf(entry: string, nodePaths: string[] = []): Metafile {
  const outfile = path.join(dir, `${path.basename(path.dirname(entry))}.js`);
  const result = buildSync({ ...lambdaEsbuildOptions(entry, outfile), write: false, nodePaths });
  if (!result.metafile) throw new Error('esbuild returned no metafile');
  return result.metafile;
}

test.each([
  ['the pre-scaler', PRE_SCALER_ENTRY],
  ['the auto-scaled replica clean-up', REPLICA_CLEANUP_ENTRY],
])('%s bundle has no input from aws-cdk-lib, constructs, config/ or lib/', (_name, entry) => {
  const metafile = metafileOf(entry);
  const inputs = Object.keys(metafile.inputs);
  expect(inputs.some((i) => i.includes('node_modules/@aws-sdk/client-rds/'))).toBe(true); // the check sees real inputs
  expect(forbiddenBundleInputs(metafile)).toEqual([]);
});

// A plant that pulls in aws-cdk-lib bundles all of it (about two minutes of CPU): `constructs`, config/ and lib/
// stand for the rule here; the aws-cdk-lib pattern was shown failing once by hand (see docs/architecture.md).
test('the check fails on a bundle with a planted forbidden import', () => {
  const planted = path.join(dir, 'planted.ts');
  const root = path.resolve(__dirname, '..', '..');
  fs.writeFileSync(
    planted,
    [
      `import { connectionBudget } from ${JSON.stringify(path.join(root, 'lib', 'connection-budget.ts'))};`,
      `import { CAMPAIGNS } from ${JSON.stringify(path.join(root, 'config', 'campaigns.ts'))};`,
      "import { Construct } from 'constructs';",
      'export const handler = () => [connectionBudget, CAMPAIGNS.length, Construct];',
    ].join('\n'),
  );
  const found = forbiddenBundleInputs(metafileOf(planted, [path.join(root, 'node_modules')]));
  expect(found).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/lib\/connection-budget\.ts \(lib\/\)$/),
      expect.stringMatching(/config\/campaigns\.ts \(config\/\)$/),
      expect.stringMatching(/node_modules\/constructs\/.* \(constructs\)$/),
    ]),
  );
});
