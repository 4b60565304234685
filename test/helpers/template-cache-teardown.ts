import * as fs from 'node:fs';
import { TEMPLATE_CACHE_ENV } from './committed-environment-templates';

/** Jest global teardown of the stack tier: the run's template cache goes with it. */
export default function removeTemplateCache(): void {
  const dir = process.env[TEMPLATE_CACHE_ENV];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
