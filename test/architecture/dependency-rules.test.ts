import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The layer rules of .dependency-cruiser.cjs (docs/architecture.md), run inside `npm test`: the tree
 * holds them, and a tree with planted forbidden imports breaks each of them.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const DEPCRUISE = path.join(ROOT, 'node_modules', '.bin', 'depcruise');

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

function cruise(cwd: string, folders: readonly string[]): Violation[] {
  const run = spawnSync(DEPCRUISE, ['--config', path.join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json', ...folders], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!run.stdout) throw new Error(`dependency-cruiser did not run: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

test('the source tree breaks no layer rule', () => {
  const folders = ['lib', 'lambda', 'config', 'tools', 'bin', 'test', 'bench'].filter((f) => fs.existsSync(path.join(ROOT, f)));
  expect(cruise(ROOT, folders).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
});

test('every rule fails when a forbidden import is planted', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'));
  try {
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    };
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    fs.copyFileSync(path.join(ROOT, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
    write('config/settings.ts', "import '../lib/stack';\nexport const S = 1;\n");
    write(
      'lib/stack.ts',
      "import '../lambda/pre-scaler/adapters/aws-port';\nimport '../lambda/pre-scaler/contract/metrics';\nexport const L = 1;\n",
    );
    write(
      'lambda/pre-scaler/core/planner.ts',
      "import '@aws-sdk/client-rds';\nimport '../../../config/settings';\nimport './cycle';\nexport const P = 1;\n",
    );
    write('lambda/pre-scaler/core/cycle.ts', "import './planner';\nexport const C = 1;\n");
    write('lambda/pre-scaler/contract/metrics.ts', "import '../adapters/aws-port';\nexport const M = 1;\n");
    write(
      'lambda/pre-scaler/adapters/aws-port.ts',
      "import 'aws-cdk-lib';\nimport '../../other/handler';\nimport '../../../test/helper';\nexport const A = 1;\n",
    );
    write('lambda/other/handler.ts', "import '@cloud-copilot/iam-simulate';\nexport const H = 1;\n");
    write('test/helper.ts', 'export const T = 1;\n');
    const broken = new Set(cruise(dir, ['config', 'lib', 'lambda', 'test']).map((v) => v.rule.name));
    expect([...broken].sort()).toEqual([
      'agpl-only-in-tests',
      'config-uses-only-core',
      'contract-imports-only-core',
      'core-is-pure',
      'lambda-has-no-cdk-config-or-lib',
      'lambdas-are-separate',
      'lib-uses-only-core-and-contracts',
      'no-circular-core',
      'nothing-shipped-imports-tests',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
