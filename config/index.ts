export { ConfigError, environmentNames, loadConfig, validateEnvironment } from './load-config';
export type { EnvironmentConfig, EnvironmentInput } from './schema/environment';
export { CAMPAIGNS } from './campaigns';
export { loadCalendar, plannerSettingsFor, type LoadCalendarOptions, type LoadedCalendar } from './load-calendar';
export type { Campaign, CampaignInput } from './schema/campaign';
