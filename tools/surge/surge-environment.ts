import { loadCalendar, plannerSettingsFor } from '../../config/load-calendar';
import type { CampaignInput } from '../../config/schema/campaign';
import type { EnvironmentConfig } from '../../config/schema/environment';
import type { SurgeEnvironment } from './run-surge';

/** Where the environment's calendar comes from: the committed `config/campaigns.ts` unless given. */
export interface SurgeEnvironmentOptions {
  /** @default - the committed calendar */
  readonly campaigns?: readonly CampaignInput[];
  /** @default - now */
  readonly now?: Date;
}

/** The environment's facts the command needs, from its validated config and its calendar. */
export function surgeEnvironmentFor(env: EnvironmentConfig, options: SurgeEnvironmentOptions = {}): SurgeEnvironment {
  const now = options.now ?? new Date();
  return {
    name: env.name,
    account: env.account,
    region: env.region,
    settings: plannerSettingsFor(env),
    readerMaxReplicas: env.readerAutoScaling.maxReplicas,
    scheduleRateMinutes: env.preScaler.scheduleRateMinutes,
    preScalerDryRun: env.preScaler.dryRun,
    calendar: loadCalendar(env, { now, ...(options.campaigns ? { campaigns: options.campaigns } : {}) }).campaigns,
  };
}
