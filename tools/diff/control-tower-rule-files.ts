import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where @cdklabs/cdk-validator-cfnguard is installed: its cfn-guard binary and the Control Tower rules. */
export const CFN_GUARD_PACKAGE_DIR = path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
/** The AWS Control Tower proactive-control rules, one `.guard` file per control. */
export const CONTROL_TOWER_RULES = path.join(CFN_GUARD_PACKAGE_DIR, 'rules', 'control-tower', 'cfn-guard');

/** Every CloudFormation resource type a text names (`AWS::Service::Resource`). */
export function resourceTypesNamed(text: string): Set<string> {
  return new Set(text.match(/AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/g) ?? []);
}

/**
 * The Control Tower rule files that can apply to these templates. Each control selects the resources
 * it checks by type (`Resources.*[ Type == %TYPE ]`, the type a string in the file) and is skipped
 * when the template has none of them, so a file that names no type present in any template can only
 * skip. Those are left out: cfn-guard's time grows with rule files × templates (all 237 files on the
 * stacks here: about 27 s of CPU; the 57 that apply: about 7 s, with the same failures). Kept, to be
 * safe: every file that names a type present, and any file that names no type at all. That each
 * control is so guarded is checked in the rule files themselves (`rulesNotGuardedByType` in test/guard/cfn-guard.ts).
 * @see https://docs.aws.amazon.com/cfn-guard/latest/ug/troubleshooting.html
 */
export function applicableRuleFiles(templates: Readonly<Record<string, unknown>>): string[] {
  const present = presentTypes(templates);
  return allRuleFiles().filter((file) => {
    const named = resourceTypesNamed(fs.readFileSync(file, 'utf8'));
    return named.size === 0 || [...named].some((type) => present.has(type));
  });
}

function presentTypes(templates: Readonly<Record<string, unknown>>): Set<string> {
  const present = new Set<string>();
  for (const template of Object.values(templates)) {
    const resources = (template as { Resources?: Record<string, { Type?: unknown }> }).Resources ?? {};
    for (const resource of Object.values(resources)) if (typeof resource.Type === 'string') present.add(resource.Type);
  }
  return present;
}

/** Every `.guard` file of the Control Tower rules, sorted. */
export function allRuleFiles(): string[] {
  return (fs.readdirSync(CONTROL_TOWER_RULES, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((file) => file.endsWith('.guard'))
    .sort()
    .map((file) => path.join(CONTROL_TOWER_RULES, file));
}
