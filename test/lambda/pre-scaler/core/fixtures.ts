import { INSTANCE_CLASSES } from '../../../../config/instance-classes';
import {
  validateCampaignInputs,
  type PlannerSettings,
  type Campaign,
  type CampaignInput,
  type InstanceObservation,
  type Observation,
} from '../../../../lambda/pre-scaler/core';

/** Sizes of the instance class catalogue (code, not an environment's setting). */
const instanceClassSizes = Object.fromEntries([...INSTANCE_CLASSES].map(([name, s]) => [name, { memoryGiB: s.memoryGiB, vcpus: s.vcpus }]));

/**
 * A prod-like environment, as literal settings (never the committed config/environments/prod.ts, so a
 * change there does not move the planner's tests): provisioned db.r6g.xlarge, reader floor 1 (max 6),
 * lead 120 min, cool-down 120 min, CPU guard 40%, window 01:00-06:00 Europe/Paris.
 */
export const PROD: PlannerSettings = {
  environment: 'prod',
  baseline: { writer: { kind: 'provisioned', instanceClass: 'db.r6g.xlarge' }, readerFloor: 1 },
  leadTimeMinutes: 120,
  coolDownMinutes: 120,
  scaleDownCpuGuardPercent: 40,
  lowTrafficWindow: { daily: '01:00-06:00', timeZone: 'Europe/Paris' },
  instanceClassSizes,
};
/** A dev-like environment, as literal settings: Serverless v2 0.5–8 ACU, reader floor 1 (max 3), lead 60 min, cool-down 30 min, CPU guard 50%, no window. */
export const DEV: PlannerSettings = {
  environment: 'dev',
  baseline: { writer: { kind: 'serverless-v2', minCapacity: 0.5, maxCapacity: 8 }, readerFloor: 1 },
  leadTimeMinutes: 60,
  coolDownMinutes: 30,
  scaleDownCpuGuardPercent: 50,
  instanceClassSizes,
};

export function campaigns(...inputs: CampaignInput[]): Campaign[] {
  const { campaigns: out, problems } = validateCampaignInputs(inputs);
  if (problems.length > 0) throw new Error(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return out;
}

/** Black Friday in prod: 2027-11-26 00:00–24:00 UTC, db.r6g.4xlarge, 4 readers. In force 22:00 the day before to 02:00 the day after. */
export const BLACK_FRIDAY = campaigns({
  id: 'black-friday',
  environments: ['prod'],
  start: '2027-11-26T00:00Z',
  end: '2027-11-27T00:00Z',
  writer: { instanceClass: 'db.r6g.4xlarge' },
  readerFloor: 4,
})[0]!;

/**
 * Fields to override in a fixture. An explicit `undefined` removes a default (no lag figure, no reader
 * target, no CPU figure), so the fixtures below assert the result back to the exact type.
 */
export type Overrides<T> = { [K in keyof T]?: T[K] | undefined };

export function instance(id: string, instanceClass: string, extra: Overrides<InstanceObservation> = {}): InstanceObservation {
  return {
    id,
    instanceClass,
    status: 'available',
    isWriter: false,
    promotionTier: 0,
    createdByAutoScaling: false,
    replicaLagMs: 20,
    ...extra,
  } as InstanceObservation;
}

/** A provisioned cluster: writer `a`, tier-0 standby `b`, reader target 1..6, writer CPU 10%. */
export function provisioned(
  writerClass: string,
  standbyClass: string,
  extra: Overrides<Observation> & { floor?: number; writerId?: 'a' | 'b'; more?: InstanceObservation[] } = {},
): Observation {
  const { floor = 1, writerId = 'a', more = [], ...rest } = extra;
  const standbyId = writerId === 'a' ? 'b' : 'a';
  return {
    clusterId: 'prod-cluster',
    clusterStatus: 'available',
    instances: [instance(writerId, writerClass, { isWriter: true, replicaLagMs: undefined }), instance(standbyId, standbyClass), ...more],
    readerTarget: { minCapacity: floor, maxCapacity: 6 },
    writerCpuPercent: 10,
    ...rest,
  } as Observation;
}

/** A Serverless v2 cluster with the given range, reader target 1..3. */
export function serverless(minCapacity: number, maxCapacity: number, extra: Overrides<Observation> & { floor?: number } = {}): Observation {
  const { floor = 1, ...rest } = extra;
  return {
    clusterId: 'dev-cluster',
    clusterStatus: 'available',
    instances: [instance('w', 'db.serverless', { isWriter: true, replicaLagMs: undefined }), instance('s', 'db.serverless')],
    serverlessV2: { minCapacity, maxCapacity },
    readerTarget: { minCapacity: floor, maxCapacity: 3 },
    writerCpuPercent: 10,
    ...rest,
  } as Observation;
}

export const at = (iso: string) => new Date(iso);
