import type { PlannerSettings, ReactiveSettings } from '../../../lambda/pre-scaler/core';
import type { SurgeEnvironment } from '../../../tools/surge/run-surge';

/** Literal settings (no committed environment): a provisioned db.r6g.xlarge writer, floor 1, up to 6 readers. */
const SIZES = {
  'db.r6g.large': { memoryGiB: 16, vcpus: 2 },
  'db.r6g.xlarge': { memoryGiB: 32, vcpus: 4 },
  'db.r6g.2xlarge': { memoryGiB: 64, vcpus: 8 },
  'db.r6g.4xlarge': { memoryGiB: 128, vcpus: 16 },
  'db.r6g.8xlarge': { memoryGiB: 256, vcpus: 32 },
  'db.r7g.4xlarge': { memoryGiB: 128, vcpus: 16 },
};

export const REACTIVE: ReactiveSettings = {
  enabled: true,
  sustainedMinutes: 5,
  writerCpuPercent: 80,
  writerConnectionsPercent: 85,
  ceiling: { kind: 'provisioned', instanceClass: 'db.r6g.4xlarge' },
  readerFloorStep: 1,
  cooldownMinutes: 30,
  quietMinutes: 60,
};

export function provisionedSettings(reactive: ReactiveSettings | null = REACTIVE): PlannerSettings {
  return {
    environment: 'shop',
    baseline: { writer: { kind: 'provisioned', instanceClass: 'db.r6g.xlarge' }, readerFloor: 1 },
    leadTimeMinutes: 90,
    coolDownMinutes: 60,
    scaleDownCpuGuardPercent: 40,
    ...(reactive ? { reactive } : {}),
    instanceClassSizes: SIZES,
  };
}

export function serverlessSettings(ceilingAcu: number | null = 64): PlannerSettings {
  return {
    environment: 'shop',
    baseline: { writer: { kind: 'serverless-v2', minCapacity: 2, maxCapacity: 16 }, readerFloor: 1 },
    leadTimeMinutes: 30,
    coolDownMinutes: 60,
    scaleDownCpuGuardPercent: 40,
    ...(ceilingAcu !== null ? { reactive: { ...REACTIVE, ceiling: { kind: 'serverless-v2', maxCapacity: ceilingAcu } } } : {}),
    instanceClassSizes: SIZES,
  };
}

export const ACCOUNT = '480912375566';
export const REGION = 'eu-central-1';

export function surgeEnvironment(settings: PlannerSettings = provisionedSettings()): SurgeEnvironment {
  return {
    name: 'shop',
    account: ACCOUNT,
    region: REGION,
    settings,
    readerMaxReplicas: 6,
    scheduleRateMinutes: 5,
    preScalerDryRun: false,
  };
}
