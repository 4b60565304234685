import { environmentNames, loadConfig } from '../../config';
import type { CreatedDatabaseSectionConfig } from '../../config/schema/database-section';
import type { EnvironmentConfig } from '../../config/schema/environment';

/** A committed environment whose stack creates its cluster (`database.kind: 'create'`). */
export type CreatedClusterEnvironment = EnvironmentConfig & { readonly database: CreatedDatabaseSectionConfig };

/** The committed environments whose stack creates its cluster: the ones the cluster's own tests apply to. */
export function createdClusterEnvironmentNames(): string[] {
  return environmentNames().filter((name) => loadConfig(name).database.kind === 'create');
}

/** The committed environments built around an existing cluster (`database.kind: 'existing'`). */
export function existingClusterEnvironmentNames(): string[] {
  return environmentNames().filter((name) => loadConfig(name).database.kind === 'existing');
}

/** A committed environment that creates its cluster; throws for one built around an existing cluster. */
export function loadCreatedClusterConfig(name: string): CreatedClusterEnvironment {
  const config = loadConfig(name);
  if (config.database.kind !== 'create') throw new Error(`${name} does not create its cluster (database.kind "${config.database.kind}")`);
  return config as CreatedClusterEnvironment;
}
