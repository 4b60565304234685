import { loadCalendar, plannerSettingsFor } from '../../config/load-calendar';
import type { EnvironmentConfig } from '../../config/schema/environment';
import type { SurgeEnvironment } from './run-surge';

/** The environment's facts the command needs, from its validated config and the committed calendar. */
export function surgeEnvironmentFor(env: EnvironmentConfig, now: Date = new Date()): SurgeEnvironment {
  return {
    name: env.name,
    account: env.account,
    region: env.region,
    settings: plannerSettingsFor(env),
    readerMaxReplicas: env.readerAutoScaling.maxReplicas,
    scheduleRateMinutes: env.preScaler.scheduleRateMinutes,
    preScalerDryRun: env.preScaler.dryRun,
    calendar: loadCalendar(env, { now }).campaigns,
  };
}
