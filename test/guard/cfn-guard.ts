import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { allRuleFiles, applicableRuleFiles, CFN_GUARD_PACKAGE_DIR, CONTROL_TOWER_RULES } from '../../tools/diff/control-tower-rule-files';

export { allRuleFiles, applicableRuleFiles, CONTROL_TOWER_RULES };

/** The cfn-guard binary shipped with @cdklabs/cdk-validator-cfnguard (Linux x86_64). */
export const CFN_GUARD = path.join(CFN_GUARD_PACKAGE_DIR, 'bin', 'ubuntu', 'x86_64', 'cfn-guard');

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
 * What {@link applicableRuleFiles} relies on, checked in the rule files themselves: each rule cfn-guard
 * evaluates on its own (a named rule without parameters) applies either to a hook's input only
 * (`when is_cfn_hook(...)`) or to a template only when a type filter of its file is not empty
 * (`when is_cfn_template(...) %x not empty`, with `let x = Resources.*[ Type == ... ]`). Without that
 * `when`, a filter that selects nothing makes the clause fail, so a file could fail a template that has
 * none of its types. Returns the rules that break this, as `file: rule`.
 * @see https://docs.aws.amazon.com/cfn-guard/latest/ug/troubleshooting.html
 */
export function rulesNotGuardedByType(): string[] {
  return allRuleFiles().flatMap((file) => unguardedRules(path.relative(CONTROL_TOWER_RULES, file), fs.readFileSync(file, 'utf8')));
}

/** {@link rulesNotGuardedByType} for one rule file's text. */
export function unguardedRules(name: string, text: string): string[] {
  const unguarded: string[] = [];
  const typeFilters = new Set([...text.matchAll(/^let (\w+) = Resources(?:\.\*)?\[\s*Type\s*==/gm)].map((m) => m[1]));
  for (const rule of text.matchAll(/^rule (\w+)(?![\w(])([^{]*)\{/gm)) {
    const condition = (rule[2] ?? '').trim();
    if (/^when is_cfn_hook\(/.test(condition)) continue;
    const guard = /^when is_cfn_template\([^)]*\)((?:\s*%\w+ not empty)+)$/.exec(condition);
    const variables = [...(guard?.[1] ?? '').matchAll(/%(\w+) not empty/g)].map((m) => m[1]);
    if (!guard || !variables.every((v) => typeFilters.has(v))) unguarded.push(`${name}: ${rule[1]} ${condition}`.trim());
  }
  // A hook rule is skipped on a template: its test reads a key a template does not have.
  if (/is_cfn_hook\(/.test(text) && !/rule is_cfn_hook\(doc, (\w+)\) \{\s*%doc\.%\1\.resourceProperties exists\s*\}/.test(text))
    unguarded.push(`${name}: is_cfn_hook is not the usual test of a hook's input`);
  return unguarded;
}

/**
 * Runs cfn-guard with the Control Tower rules that can apply ({@link applicableRuleFiles}) on the given
 * templates (name → template JSON), once, and returns each failing rule with the resources it names.
 * A run that cfn-guard itself cannot complete (exit code other than 0 or 19, the "some rule failed"
 * code) throws with its stderr.
 */
export function controlTowerFailures(templates: Readonly<Record<string, unknown>>): GuardFailure[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-guard-'));
  try {
    const files = Object.entries(templates).map(([name, template]) => {
      const file = path.join(dir, `${name}.json`);
      fs.writeFileSync(file, JSON.stringify(template));
      return file;
    });
    const ruleFiles = applicableRuleFiles(templates);
    // No control names a type these templates have: every one would be skipped.
    if (ruleFiles.length === 0) return [];
    const rules = ruleFiles.flatMap((r) => ['-r', r]);
    const args = ['validate', ...rules, ...files.flatMap((f) => ['-d', f]), '-o', 'json', '-z', '--show-summary', 'none'];
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
