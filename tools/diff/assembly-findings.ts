import * as path from 'node:path';
import type { CfnTemplate } from './classify';
import type { Acknowledgement, Finding } from './findings';
import { readJsonFile } from './read-json-file';

/**
 * cdk-nag 3 is a CDK policy-validation plugin: its findings are not CSV reports any more (v3 removed
 * `NagReportLogger` and `reports`) but the `AwsSolutions` plugin report in the `validation-report.json`
 * that CDK writes into the cloud assembly at synth; acknowledged findings are left out of it by cdk-nag
 * itself. Acknowledgements (`Validations.of(construct).acknowledge`) are construct metadata of type
 * `aws:cdk:acknowledged-rules`, written to each stack's metadata file in the assembly.
 * @see node_modules/cdk-nag/MIGRATION.md ("Validation Output": violations appear in CDK's policy validation report in the cloud assembly)
 * @see https://docs.aws.amazon.com/cdk/v2/guide/policy-validation-synthesis.html
 */
export const VALIDATION_REPORT_FILE = 'validation-report.json';

/** The plugin name of cdk-nag's AwsSolutions pack in the validation report. */
export const NAG_PLUGIN = 'AwsSolutions';

const ACKNOWLEDGED_RULES = 'aws:cdk:acknowledged-rules';

/** What one side's assembly says about its stacks' checks, by stack name. */
export interface AssemblyFindings {
  /** `false` when the side wrote no validation report (a base older than cdk-nag 3): its findings are unknown. */
  readonly reportPresent: boolean;
  readonly byStack: ReadonlyMap<string, { readonly findings: readonly Finding[]; readonly acknowledgements: readonly Acknowledgement[] }>;
}

interface ValidationReport {
  readonly pluginReports?: ReadonlyArray<{
    readonly pluginName?: string;
    readonly violations?: ReadonlyArray<{
      readonly ruleName?: string;
      readonly description?: string;
      readonly fix?: string;
      readonly severity?: string;
      readonly violatingConstructs?: ReadonlyArray<{
        readonly constructPath?: string;
        readonly cloudFormationResource?: { readonly templatePath?: string; readonly logicalId?: string };
      }>;
    }>;
  }>;
}

interface StackArtifact {
  readonly id: string;
  readonly stackName: string;
  readonly template: CfnTemplate;
  readonly metadata: Readonly<Record<string, ReadonlyArray<{ readonly type?: string; readonly data?: unknown }>>>;
}

/**
 * Reads the cdk-nag findings and the acknowledgements of every top-level stack of the cloud assembly in
 * `outdir` (after {@link synthesizeTree}). `templates` are the stacks' templates by stack name, for the
 * logical id of each construct path.
 */
export async function readAssemblyFindings(
  outdir: string,
  templates: ReadonlyMap<string, CfnTemplate>,
  label: string,
): Promise<AssemblyFindings> {
  const artifacts = await readStackArtifacts(outdir, templates, label);
  const report = await readJsonFile<ValidationReport>(path.join(outdir, VALIDATION_REPORT_FILE), label);
  const byStack = new Map<string, { findings: Finding[]; acknowledgements: Acknowledgement[] }>();
  for (const artifact of artifacts) {
    byStack.set(artifact.stackName, { findings: [], acknowledgements: acknowledgementsOf(artifact) });
  }
  for (const plugin of report?.pluginReports ?? []) {
    if (plugin.pluginName !== NAG_PLUGIN) continue;
    for (const violation of plugin.violations ?? []) {
      for (const construct of violation.violatingConstructs ?? []) {
        const constructPath = construct.constructPath ?? '';
        const artifact = artifacts.find((a) => constructPath === a.id || constructPath.startsWith(`${a.id}/`));
        if (!artifact) continue;
        const resourcePath = constructPath.slice(artifact.id.length + 1);
        const logicalId = construct.cloudFormationResource?.logicalId ?? logicalIdOf(artifact, constructPath);
        const message = [violation.description, violation.fix && violation.fix !== 'N/A' ? `Fix: ${violation.fix}` : '']
          .filter((s) => s)
          .join(' ');
        byStack.get(artifact.stackName)?.findings.push({
          source: 'cdk-nag',
          rule: violation.ruleName ?? '(unnamed rule)',
          path: resourcePath || constructPath,
          ...(logicalId ? { logicalId } : {}),
          severity: violation.severity ?? 'error',
          message,
        });
      }
    }
  }
  return { reportPresent: report !== undefined, byStack };
}

/** Acknowledgements recorded on the stack's constructs (the stack itself included: path `''`). */
function acknowledgementsOf(artifact: StackArtifact): Acknowledgement[] {
  const out: Acknowledgement[] = [];
  for (const [constructPath, entries] of Object.entries(artifact.metadata)) {
    const relative = constructPath.replace(/^\//, '');
    const resourcePath = relative === artifact.id ? '' : relative.slice(artifact.id.length + 1);
    for (const entry of entries) {
      if (entry.type !== ACKNOWLEDGED_RULES || typeof entry.data !== 'object' || entry.data === null) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) {
        // aws-cdk-lib files an acknowledgement without a namespace under `Annotation::` (cdk-nag strips it the same way).
        out.push({ rule: id.replace(/^annotation::/i, ''), path: resourcePath, reason: typeof reason === 'string' ? reason : '' });
      }
    }
  }
  return out;
}

/** The logical id of the resource whose `aws:cdk:path` is `constructPath`. */
function logicalIdOf(artifact: StackArtifact, constructPath: string): string | undefined {
  for (const [id, resource] of Object.entries(artifact.template.Resources ?? {})) {
    if (resource.Metadata?.['aws:cdk:path'] === constructPath) return id;
  }
  return undefined;
}

interface AssemblyManifest {
  readonly artifacts?: Record<
    string,
    {
      readonly type: string;
      readonly properties?: { readonly templateFile?: string; readonly stackName?: string };
      readonly additionalMetadataFile?: string;
      readonly metadata?: StackArtifact['metadata'];
    }
  >;
}

async function readStackArtifacts(outdir: string, templates: ReadonlyMap<string, CfnTemplate>, label: string): Promise<StackArtifact[]> {
  const manifest = await readJsonFile<AssemblyManifest>(path.join(outdir, 'manifest.json'), label);
  const out: StackArtifact[] = [];
  for (const [id, artifact] of Object.entries(manifest?.artifacts ?? {})) {
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
    const stackName = artifact.properties.stackName ?? id;
    const template = templates.get(stackName);
    if (!template) continue;
    const fromFile = artifact.additionalMetadataFile
      ? await readJsonFile<StackArtifact['metadata']>(path.join(outdir, artifact.additionalMetadataFile), label)
      : undefined;
    out.push({ id, stackName, template, metadata: { ...artifact.metadata, ...fromFile } });
  }
  return out;
}
