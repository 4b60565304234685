import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { EnvironmentConfig } from '../../config';
import { loadCalendar, type LoadedCalendar } from '../../config/load-calendar';
import { AuroraSurgeStack, stackNameFor } from '../../lib/aurora-surge-stack';

/** The clock the tests synthesize at: only the dashboard's campaign window and the calendar warnings depend on it. */
export const TEST_NOW = new Date('2026-11-01T09:00:00Z');

/** The `context` of cdk.json: `new App()` in a test does not read it, so feature flags are passed explicitly. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8'));
  return cdkJson.context;
}

/**
 * A test app that sees the same feature flags as `npm run synth`. Like `npm run synth`
 * (`CDK_VALIDATION=false`), it skips CDK's built-in CloudFormation validation, which costs seconds per
 * process: test/lib/cloudformation-validation.test.ts runs it once per environment and fails on findings.
 */
export function testApp(): App {
  return new App({ context: cdkJsonContext(), builtinCloudFormationValidation: false });
}

export interface BuildStackOptions {
  /** @default - a fresh {@link testApp} */
  readonly app?: App;
  /** @default - the committed calendar for this environment, loaded at {@link TEST_NOW} */
  readonly calendar?: LoadedCalendar;
  /** @default TEST_NOW */
  readonly now?: Date;
}

/** Builds an environment's stack, with the committed calendar unless told otherwise. */
export function buildStack(config: EnvironmentConfig, options: BuildStackOptions = {}): AuroraSurgeStack {
  const calendar = options.calendar ?? loadCalendar(config, { now: TEST_NOW });
  return new AuroraSurgeStack(options.app ?? testApp(), stackNameFor(config.name), { config, calendar, now: options.now ?? TEST_NOW });
}

/** The synthesized template of an environment's stack. */
export function synthTemplate(config: EnvironmentConfig, options: BuildStackOptions = {}): Template {
  return Template.fromStack(buildStack(config, options));
}
