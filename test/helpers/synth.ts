import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { EnvironmentConfig } from '../../config';
import { AuroraSurgeStack, stackNameFor } from '../../lib/aurora-surge-stack';

/** The `context` of cdk.json: `new App()` in a test does not read it, so feature flags are passed explicitly. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8'));
  return cdkJson.context;
}

/** A test app that sees the same feature flags as `npm run synth`. */
export function testApp(): App {
  return new App({ context: cdkJsonContext() });
}

/** Builds an environment's stack in a fresh app. */
export function buildStack(config: EnvironmentConfig, app: App = testApp()): AuroraSurgeStack {
  return new AuroraSurgeStack(app, stackNameFor(config.name), { config });
}

/** The synthesized template of an environment's stack. */
export function synthTemplate(config: EnvironmentConfig): Template {
  return Template.fromStack(buildStack(config));
}
