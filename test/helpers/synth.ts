import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { EnvironmentConfig } from '../../config';
import { loadCalendar, type LoadedCalendar } from '../../config/load-calendar';
import { AuroraSurgeStack, stackNameFor } from '../../lib/aurora-surge-stack';
import { FIXTURE_CAMPAIGNS } from './fixture-calendar';

/** The clock the tests synthesize at: templates must not depend on it, warnings may. */
export const TEST_NOW = new Date('2026-11-01T09:00:00Z');

/** The `context` of cdk.json: `new App()` in a test does not read it, so feature flags are passed explicitly. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8'));
  return cdkJson.context;
}

export interface TestAppOptions {
  /**
   * Bundle the Lambdas with esbuild, as `npm run synth` does. Off, CDK skips bundling
   * (`aws:cdk:bundling-stacks: []`) and gives each function a stable placeholder asset: the template
   * is the same but for the asset hash, which snapshots scrub anyway. Only the tests that look at the
   * bundles (test/lib/lambda-bundles.test.ts) or at a whole cloud assembly turn it on.
   * @default false
   * @see https://docs.aws.amazon.com/cdk/v2/guide/context.html
   */
  readonly bundling?: boolean;
}

/**
 * A test app that sees the same feature flags as `npm run synth`. Like `npm run synth`
 * (`CDK_VALIDATION=false`), it skips CDK's built-in CloudFormation validation, which costs seconds per
 * process: test/lib/cloudformation-validation.test.ts runs it once per environment and fails on findings.
 */
export function testApp(options: TestAppOptions = {}): App {
  const bundling = options.bundling ?? false;
  return new App({
    context: { ...cdkJsonContext(), ...(bundling ? {} : { 'aws:cdk:bundling-stacks': [] }) },
    builtinCloudFormationValidation: false,
  });
}

/**
 * The fixture calendar (test/helpers/fixture-calendar.ts) for one environment, loaded at {@link TEST_NOW}:
 * what construct, snapshot and dashboard tests build from, so the committed calendar never moves them.
 */
export function fixtureCalendar(config: EnvironmentConfig): LoadedCalendar {
  return loadCalendar(config, { now: TEST_NOW, campaigns: FIXTURE_CAMPAIGNS });
}

export interface BuildStackOptions {
  /** @default - a fresh {@link testApp} */
  readonly app?: App;
  /** @default - the fixture calendar for this environment ({@link fixtureCalendar}), never config/campaigns.ts */
  readonly calendar?: LoadedCalendar;
}

/** Builds an environment's stack, with the fixture calendar unless told otherwise. */
export function buildStack(config: EnvironmentConfig, options: BuildStackOptions = {}): AuroraSurgeStack {
  const calendar = options.calendar ?? fixtureCalendar(config);
  return new AuroraSurgeStack(options.app ?? testApp(), stackNameFor(config.name), { config, calendar });
}

/** The synthesized template of an environment's stack. */
export function synthTemplate(config: EnvironmentConfig, options: BuildStackOptions = {}): Template {
  return Template.fromStack(buildStack(config, options));
}
