import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { CfnTemplate } from './classify';
import { DiffToolError, runProcess, tail } from './run-process';
import { readJsonFile } from './read-json-file';

/** The stacks one side synthesizes, by stack name. */
export type SynthesizedStacks = ReadonlyMap<string, CfnTemplate>;

/**
 * Context the CDK CLI adds to every synth (construct paths in the template, bundling of every stack),
 * less version reporting (its `AWS::CDK::Metadata` resource is not infrastructure). Validation findings
 * (cdk-nag) do not stop the app, as with the CLI: the diff must work even when one side has findings;
 * `npm run synth` is the check for those.
 * @see https://docs.aws.amazon.com/cdk/v2/guide/context.html
 */
const CLI_CONTEXT: Readonly<Record<string, unknown>> = {
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
  'aws:cdk:disable-version-reporting': true,
  'aws:cdk:bundling-stacks': ['**'],
  '@aws-cdk/core:failSynthOnValidationErrors': false,
};

interface CdkJson {
  readonly app?: string;
  readonly context?: Record<string, unknown>;
}

/**
 * Synthesizes every stack of the CDK app in `tree` into `outdir`, offline, the way the CDK CLI runs an
 * app (the `app` command of that tree's `cdk.json`, with its context in `CDK_CONTEXT_JSON` and the
 * output folder in `CDK_OUTDIR`) but without the CLI's own start-up cost. Returns the templates by
 * stack name.
 */
export async function synthesizeTree(tree: string, outdir: string, label: string): Promise<SynthesizedStacks> {
  const cdkJson = await readJsonFile<CdkJson>(path.join(tree, 'cdk.json'));
  if (!cdkJson?.app) {
    throw new DiffToolError(
      `${label}: ${path.join(tree, 'cdk.json')} is missing or has no "app" command, so there is nothing to synthesize.`,
    );
  }
  const savedContext = (await readJsonFile<Record<string, unknown>>(path.join(tree, 'cdk.context.json'))) ?? {};
  const context = { ...savedContext, ...cdkJson.context, ...CLI_CONTEXT };
  await fs.mkdir(outdir, { recursive: true });
  const result = await runProcess(cdkJson.app, [], {
    cwd: tree,
    shell: true,
    env: {
      ...process.env,
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify(context),
      CDK_DISABLE_VERSION_CHECK: '1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // As `npm run synth`: CDK's built-in template validation only prints warnings at synth, costs about
      // half the synth time, and leaves the template byte-identical. test/lib/cloudformation-validation.test.ts
      // is the gate that fails on its findings.
      CDK_VALIDATION: 'false',
    },
  });
  if (result.code !== 0) {
    throw new DiffToolError(
      `${label}: synth failed (\`${cdkJson.app}\` exited ${result.code ?? 'on a signal'}):\n${tail(result.stderr || result.stdout)}`,
    );
  }
  return readStackTemplates(outdir, label);
}

interface AssemblyManifest {
  readonly artifacts?: Record<
    string,
    {
      readonly type: string;
      readonly displayName?: string;
      readonly properties?: { readonly templateFile?: string; readonly stackName?: string };
    }
  >;
}

/** Reads the templates of the top-level stacks listed in a cloud assembly's `manifest.json`. */
export async function readStackTemplates(outdir: string, label: string): Promise<SynthesizedStacks> {
  const manifest = await readJsonFile<AssemblyManifest>(path.join(outdir, 'manifest.json'));
  if (!manifest)
    throw new DiffToolError(`${label}: the app wrote no cloud assembly (no manifest.json in ${outdir}). Does it call app.synth()?`);
  const stacks = new Map<string, CfnTemplate>();
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
    const template = await readJsonFile<CfnTemplate>(path.join(outdir, artifact.properties.templateFile));
    if (!template) throw new DiffToolError(`${label}: template ${artifact.properties.templateFile} listed in the manifest is missing.`);
    stacks.set(artifact.properties.stackName ?? id, template);
  }
  return stacks;
}
