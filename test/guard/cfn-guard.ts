import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const PACKAGE_DIR = path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
/** The cfn-guard binary shipped with @cdklabs/cdk-validator-cfnguard (Linux x86_64). */
export const CFN_GUARD = path.join(PACKAGE_DIR, 'bin', 'ubuntu', 'x86_64', 'cfn-guard');
/** The AWS Control Tower proactive-control rules, one `.guard` file per control. */
export const CONTROL_TOWER_RULES = path.join(PACKAGE_DIR, 'rules', 'control-tower', 'cfn-guard');

/** One rule a template fails: the rule's name, its control id and the resources that fail it. */
export interface GuardFailure {
  readonly template: string;
  readonly rule: string;
  readonly control: string;
  readonly resources: readonly string[];
}

interface GuardReport {
  readonly name: string;
  readonly status: 'PASS' | 'FAIL' | 'SKIP';
  readonly not_compliant: ReadonlyArray<{ Rule?: { name: string } }>;
}

/**
 * Runs cfn-guard with every Control Tower rule on the given templates (name → template JSON), once,
 * and returns each failing rule with the resources it names. A run that cfn-guard itself cannot
 * complete (exit code other than 0 or 19, the "some rule failed" code) throws with its stderr.
 */
export function controlTowerFailures(templates: Readonly<Record<string, unknown>>): GuardFailure[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-guard-'));
  try {
    const files = Object.entries(templates).map(([name, template]) => {
      const file = path.join(dir, `${name}.json`);
      fs.writeFileSync(file, JSON.stringify(template));
      return file;
    });
    const args = ['validate', '-r', CONTROL_TOWER_RULES, ...files.flatMap((f) => ['-d', f]), '-o', 'json', '-z', '--show-summary', 'none'];
    const run = spawnSync(CFN_GUARD, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    if (run.error) throw run.error;
    if (run.status !== 0 && run.status !== 19) throw new Error(`cfn-guard exited with ${run.status}: ${run.stderr}`);
    const reports = JSON.parse(run.stdout) as GuardReport[];
    return reports.flatMap((report) =>
      report.not_compliant.map((entry) => ({
        template: path.basename(report.name, '.json'),
        rule: entry.Rule?.name ?? '?',
        control: controlIdOf(entry),
        resources: resourcesOf(entry),
      })),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The `[CT.XXX.PR.n]` id in the rule's messages. */
function controlIdOf(entry: unknown): string {
  return /\[(CT\.[A-Z0-9]+\.PR\.\d+)\]/.exec(JSON.stringify(entry))?.[1] ?? '?';
}

/** Logical ids of the resources a failure's checks point at (`/Resources/<id>/…`). */
function resourcesOf(entry: unknown): string[] {
  const ids = new Set<string>();
  for (const match of JSON.stringify(entry).matchAll(/"\/Resources\/([^/"]+)/g)) if (match[1]) ids.add(match[1]);
  return [...ids].sort();
}
