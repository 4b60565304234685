import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TEMPLATE_CACHE_ENV } from './committed-environment-templates';

/** Jest global setup of the stack tier: a fresh, empty template cache folder for this run (test workers inherit the variable). */
export default function createTemplateCache(): void {
  process.env[TEMPLATE_CACHE_ENV] = fs.mkdtempSync(path.join(os.tmpdir(), 'aurora-surge-templates-'));
}
