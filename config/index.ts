export { ConfigError, environmentNames, loadConfig, validateEnvironment } from './load-config';
export type { EnvironmentConfig, EnvironmentInput } from './schema/environment';
