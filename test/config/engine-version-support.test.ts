/**
 * The committed table of retired engine versions matches what the installed aws-cdk-lib marks "no longer
 * supported by Amazon RDS", so the synth-time check is only as old as the pinned library.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RETIRED_AURORA_MYSQL_VERSIONS, RETIRED_AURORA_POSTGRESQL_VERSIONS } from '../../config/engine-version-support';

const declarations = fs.readFileSync(
  path.join(path.dirname(require.resolve('aws-cdk-lib')), 'aws-rds', 'lib', 'cluster-engine.d.ts'),
  'utf8',
);

/** The versions of one aws-cdk-lib engine-version class whose JSDoc says RDS no longer supports them. */
function retiredIn(className: string, toConfigVersion: (cdkVersion: string) => string | undefined): string[] {
  const start = declarations.indexOf(`export declare class ${className}`);
  const end = declarations.indexOf('export declare class', start + 1);
  expect(start).toBeGreaterThanOrEqual(0);
  const body = declarations.slice(start, end);
  const versions = new Set<string>();
  for (const m of body.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*static readonly VER_[A-Z0-9_]+:/g)) {
    const doc = m[1] ?? '';
    if (!/no longer supported by Amazon RDS/.test(doc)) continue;
    const version = /Version "([^"]+)"/.exec(doc)?.[1];
    const configVersion = version === undefined ? undefined : toConfigVersion(version);
    if (configVersion !== undefined) versions.add(configVersion);
  }
  return [...versions].sort();
}

test('the retired Aurora PostgreSQL versions are those aws-cdk-lib marks unsupported', () => {
  const fromLibrary = retiredIn('AuroraPostgresEngineVersion', (v) => (/^\d{2}\.\d{1,2}$/.test(v) ? v : undefined));
  expect(fromLibrary.length).toBeGreaterThan(0);
  expect([...RETIRED_AURORA_POSTGRESQL_VERSIONS].sort()).toEqual(fromLibrary);
});

test('the retired Aurora MySQL versions are those aws-cdk-lib marks unsupported', () => {
  const fromLibrary = retiredIn('AuroraMysqlEngineVersion', (v) => /^8\.0\.mysql_aurora\.(3\.\d{2}\.\d{1,2})$/.exec(v)?.[1]);
  expect(fromLibrary.length).toBeGreaterThan(0);
  expect([...RETIRED_AURORA_MYSQL_VERSIONS].sort()).toEqual(fromLibrary);
});
