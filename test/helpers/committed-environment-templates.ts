import * as fs from 'node:fs';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { loadConfig } from '../../config';
import { synthTemplate } from './synth';

/** Set by the jest global setup (test/helpers/template-cache-setup.ts): a fresh folder for this run. */
export const TEMPLATE_CACHE_ENV = 'AURORA_SURGE_TEST_TEMPLATE_CACHE';

/**
 * The template of a committed environment's stack as `synthTemplate(loadConfig(name))` builds it (fixture
 * calendar, no bundling), synthesized once per jest run and shared by every suite that only reads it
 * (snapshot, alarms, dashboard, autoscaling, database baseline), instead of once per suite.
 *
 * The first worker to ask synthesizes it and writes it to the run's cache folder (write then rename, so
 * a reader never sees half a file; two workers asking at once both synthesize, and the result is the
 * same). The folder is new each run and removed after it: nothing is reused across runs or code
 * changes. Outside a jest run with the global setup, it synthesizes every time.
 */
export function committedEnvironmentTemplate(name: string): Template {
  const dir = process.env[TEMPLATE_CACHE_ENV];
  if (!dir) return synthTemplate(loadConfig(name));
  const file = path.join(dir, `${name}.template.json`);
  if (fs.existsSync(file)) return Template.fromJSON(JSON.parse(fs.readFileSync(file, 'utf8')));
  const template = synthTemplate(loadConfig(name));
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, JSON.stringify(template.toJSON()));
  fs.renameSync(partial, file);
  return template;
}
