import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * @cloud-copilot/iam-simulate is AGPL-3.0-or-later: it stays a devDependency used by tests, never
 * imported by what is deployed or shipped (lib/, lambda/, tools/, bin/).
 */

const ROOT = path.join(__dirname, '..', '..');

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(full);
    return /\.[cm]?[jt]s$/.test(e.name) ? [full] : [];
  });
}

test('it is a devDependency, not a dependency', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(pkg.dependencies?.['@cloud-copilot/iam-simulate']).toBeUndefined();
  expect(pkg.devDependencies?.['@cloud-copilot/iam-simulate']).toBeDefined();
});

test('no file of lib/, lambda/, tools/ or bin/ imports it', () => {
  const offenders = ['lib', 'lambda', 'tools', 'bin']
    .flatMap((d) => sources(path.join(ROOT, d)))
    .filter((f) => fs.readFileSync(f, 'utf8').includes('@cloud-copilot/iam-simulate'))
    .map((f) => path.relative(ROOT, f));
  expect(offenders).toEqual([]);
});
