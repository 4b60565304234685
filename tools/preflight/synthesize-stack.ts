import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import type { LoadedCalendar } from '../../config/load-calendar';
import type { EnvironmentConfig } from '../../config/schema/environment';
import { AuroraSurgeStack, stackNameFor } from '../../lib/aurora-surge-stack';
import type { TemplateResources } from './checks/cloudformation-schemas';

/** What preflight reads from the synthesized stack. */
export interface SynthesizedStack {
  readonly template: TemplateResources;
  /** The cloud assembly's `requiresBootstrapStackVersion` for the stack. */
  readonly requiresBootstrapStackVersion: number;
  /** The role CloudFormation deploys with, placeholders resolved. */
  readonly cloudFormationExecutionRoleArn: string;
}

/** The CDK's default when the assembly names no minimum (DefaultStackSynthesizer's MIN_BOOTSTRAP_STACK_VERSION). */
const DEFAULT_BOOTSTRAP_VERSION = 6;

/**
 * Synthesizes the environment's stack in process, with cdk.json's feature flags, into a scratch
 * folder that is removed afterwards: the same template `cdk deploy` sends, without touching cdk.out.
 */
export function synthesizeStack(env: EnvironmentConfig, calendar: LoadedCalendar, partition: string): SynthesizedStack {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'aurora-surge-preflight-'));
  try {
    // CDK's built-in template validation checks against its own copy of the schemas; the region's own
    // schemas are what the schema check reads, so the built-in pass is left out (it is half of synth time).
    const app = new App({ outdir, context: cdkJson.context ?? {}, builtinCloudFormationValidation: false });
    const name = stackNameFor(env.name);
    new AuroraSurgeStack(app, name, { config: env, calendar });
    const artifact = app.synth().getStackByName(name);
    const roleArn = (artifact.cloudFormationExecutionRoleArn ?? '')
      .replace(/\$\{AWS::Partition\}/g, partition)
      .replace(/\$\{AWS::AccountId\}/g, env.account)
      .replace(/\$\{AWS::Region\}/g, env.region);
    return {
      template: artifact.template as TemplateResources,
      requiresBootstrapStackVersion: artifact.requiresBootstrapStackVersion ?? DEFAULT_BOOTSTRAP_VERSION,
      cloudFormationExecutionRoleArn: roleArn,
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
