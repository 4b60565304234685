/**
 * The AWS Control Tower proactive-control rules, run with the cfn-guard binary and the rules that
 * `@cdklabs/cdk-validator-cfnguard` ships (its `CfnGuardValidator` plugin, called directly on template
 * files: the app does not register it, test/guard/ is the gate that runs it in full). Organizations that
 * enable these controls run them as CloudFormation hooks, so a failing stack is rejected at deploy.
 * @see https://docs.aws.amazon.com/controltower/latest/controlreference/proactive-controls.html
 * @see node_modules/@cdklabs/cdk-validator-cfnguard/README.md ("Using the bundled Control Tower proactive controls in CDK")
 *
 * cfn-guard costs about 1 s to load the rules plus about 40 ms of CPU per resource (a full stack of this
 * app: about 5 s of CPU; the four stacks on both sides, measured: 49 s user + 17 s system). So only the resources the change
 * touches are checked, each with the resources it refers to (the rules resolve `Ref`s to subnets,
 * security groups, keys in the same template), in one cfn-guard run for both sides. A resource the
 * change does not touch has the same properties on both sides, so the same findings.
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { applicableRuleFiles } from './control-tower-rule-files';
import { RootConstruct } from 'constructs';
import type { CfnTemplate } from './classify';
import type { Finding } from './findings';
import { DiffToolError } from './run-process';

/** One stack on one side, and the resources of it cfn-guard is to check. */
export interface GuardSubject {
  readonly stackName: string;
  readonly side: 'base' | 'head';
  readonly template: CfnTemplate;
  /** Logical ids whose findings are wanted (the changed resources present on this side). */
  readonly logicalIds: readonly string[];
}

/** Findings per `${side}/${stackName}`. */
export type GuardFindings = ReadonlyMap<string, readonly Finding[]>;

export function guardKey(side: 'base' | 'head', stackName: string): string {
  return `${side}/${stackName}`;
}

/**
 * Runs the Control Tower rules once over a reduced template per subject (the wanted resources and what
 * they refer to) and returns the findings on the wanted resources. No subject, no run.
 */
export function runGuard(subjects: readonly GuardSubject[]): GuardFindings {
  const wanted = subjects.filter((s) => s.logicalIds.length > 0);
  const out = new Map<string, Finding[]>();
  if (wanted.length === 0) return out;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aurora-surge-guard-'));
  try {
    const files = new Map<string, GuardSubject>();
    const templates: Record<string, CfnTemplate> = {};
    wanted.forEach((subject, index) => {
      const file = path.join(dir, `${index}-${subject.side}-${subject.stackName}.json`);
      templates[file] = reducedTemplate(subject.template, subject.logicalIds);
      fs.writeFileSync(file, JSON.stringify(templates[file]));
      files.set(file, subject);
      out.set(guardKey(subject.side, subject.stackName), []);
    });
    // Only the rule files that name a resource type these templates have: the others can only skip
    // (control-tower-rule-files.ts), and cfn-guard's time grows with rule files × templates.
    const rules = applicableRuleFiles(templates);
    if (rules.length === 0) return out;
    let report: ReturnType<CfnGuardValidator['validate']>;
    try {
      // The plugin reads only the template paths; the context type asks for an app, which it never uses
      // (node_modules/@cdklabs/cdk-validator-cfnguard/lib/plugin.js, `validate`).
      report = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules }).validate({
        templatePaths: [...files.keys()],
        appConstruct: new RootConstruct('guard'),
      });
    } catch (error) {
      throw new DiffToolError(
        `cfn-guard (Control Tower rules) could not run: ${(error as Error).message.trim()}\nFix: reinstall @cdklabs/cdk-validator-cfnguard (npm ci); its binary must match this machine.`,
      );
    }
    for (const violation of report.violations) {
      const control = /\[(CT\.[A-Z0-9-]+\.PR\.\d+)\]/.exec(violation.description)?.[1];
      const rule = control ? `${control} (${violation.ruleName})` : violation.ruleName;
      const description = violation.description.replace(/^\[CT\.[^\]]+\]:\s*/, '');
      const message = violation.fix && violation.fix !== 'N/A' ? `${description}. Fix: ${violation.fix}` : description;
      for (const resource of violation.violatingResources) {
        const subject = files.get(resource.templatePath);
        if (!subject?.logicalIds.includes(resource.resourceLogicalId)) continue;
        const cdkPath = subject.template.Resources?.[resource.resourceLogicalId]?.Metadata?.['aws:cdk:path'];
        out.get(guardKey(subject.side, subject.stackName))?.push({
          source: 'guard',
          rule,
          path: typeof cdkPath === 'string' ? withoutStackName(cdkPath) : resource.resourceLogicalId,
          logicalId: resource.resourceLogicalId,
          severity: 'error',
          message,
        });
      }
    }
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function withoutStackName(cdkPath: string): string {
  const slash = cdkPath.indexOf('/');
  return slash === -1 ? cdkPath : cdkPath.slice(slash + 1);
}

/** The template with only the wanted resources and, transitively, the resources they refer to. */
export function reducedTemplate(template: CfnTemplate, logicalIds: readonly string[]): CfnTemplate {
  const resources = template.Resources ?? {};
  const kept = new Set<string>();
  const queue = logicalIds.filter((id) => id in resources);
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (kept.has(id)) continue;
    kept.add(id);
    for (const ref of referencesOf(resources[id])) if (ref in resources && !kept.has(ref)) queue.push(ref);
  }
  const { Resources: _all, ...rest } = template;
  return { ...rest, Resources: Object.fromEntries([...kept].sort().map((id) => [id, resources[id]])) } as CfnTemplate;
}

/** Logical ids a resource names through `Ref`, `Fn::GetAtt`, `Fn::Sub` or `DependsOn`. */
export function referencesOf(node: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string') out.add(inner);
      else if (key === 'Fn::GetAtt' && Array.isArray(inner) && typeof inner[0] === 'string') out.add(inner[0]);
      else if (key === 'Fn::GetAtt' && typeof inner === 'string') out.add(inner.split('.')[0] ?? inner);
      else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? inner[0] : inner;
        if (typeof text === 'string') for (const m of text.matchAll(/\$\{([A-Za-z0-9]+)[.}]/g)) if (m[1]) out.add(m[1]);
      } else if (key === 'DependsOn') {
        for (const dep of Array.isArray(inner) ? inner : [inner]) if (typeof dep === 'string') out.add(dep);
      } else if (key === 'Metadata') continue;
      walk(inner);
    }
  };
  walk(node);
  return out;
}
