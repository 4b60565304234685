import type { Direction } from './action';
import { findFailoverPair } from './cluster-roles';
import type { DesiredState } from './desired-state';
import { AVAILABLE, type InstanceObservation, type Observation } from './observation';
import { compareClasses, type PlannerSettings } from './settings';
import { blockedStop, type Candidate, campaignOf, DOWN_GUARDS, type Guard, type Step, waitStop } from './step-candidates';
import { guardHold } from './step-guards';
import { downPurpose, upPurpose } from './step-purpose';

/** The phases of a provisioned writer change, each a place in the planner's step order. */
export type ProvisionedPhase = 'writer-up' | 'standby-match' | 'writer-down';

/** Where an instance stands against the desired class. */
type Position = 'below' | 'at' | 'above';

interface ProvisionedCase {
  readonly phase: ProvisionedPhase;
  /** Resize the standby (to the target class) or fail over to it. */
  readonly move: 'resize' | 'failover';
  readonly direction: Direction;
  readonly guards: readonly Guard[];
  /** Which campaign the step serves: the one being scaled up for, or the one that ended last. */
  readonly serves: 'up' | 'down';
  /** The end of the reason sentence. */
  readonly why: (p: { writerId: string; target: string; up: string; down: string }) => string;
}

/**
 * What to do with a provisioned writer, by where the writer and its tier-0 standby stand against the
 * class the calendar wants (`writer/standby`). The live writer is never resized: the standby is
 * resized, then the cluster fails over to it, then the old writer (now the standby) is matched.
 */
const PROVISIONED_CASES: Readonly<Record<`${Position}/${Position}`, ProvisionedCase | undefined>> = {
  'at/at': undefined,
  // The writer is right; bring the standby (usually the old writer) to the same class so a failover lands on equal capacity.
  'at/below': {
    phase: 'standby-match',
    move: 'resize',
    direction: 'up',
    guards: [],
    serves: 'up',
    why: (p) => `to match writer ${p.writerId} ${p.up}`,
  },
  'at/above': {
    phase: 'standby-match',
    move: 'resize',
    direction: 'down',
    guards: ['campaign-in-force', 'pressure'],
    serves: 'down',
    why: (p) => `to match writer ${p.writerId}, ${p.down}`,
  },
  // Scale-up: grow the standby, then fail over to it.
  'below/below': {
    phase: 'writer-up',
    move: 'resize',
    direction: 'up',
    guards: [],
    serves: 'up',
    why: (p) => `before failing over to it, ${p.up}`,
  },
  'below/at': { phase: 'writer-up', move: 'failover', direction: 'up', guards: [], serves: 'up', why: (p) => p.up },
  'below/above': {
    phase: 'writer-up',
    move: 'failover',
    direction: 'up',
    guards: [],
    serves: 'up',
    why: (p) => `(the standby is already above ${p.target}) ${p.up}`,
  },
  // Scale-down: the same steps in reverse, behind the scale-down guards.
  'above/above': {
    phase: 'writer-down',
    move: 'resize',
    direction: 'down',
    guards: DOWN_GUARDS,
    serves: 'down',
    why: (p) => `before failing over to it, ${p.down}`,
  },
  'above/at': { phase: 'writer-down', move: 'failover', direction: 'down', guards: DOWN_GUARDS, serves: 'down', why: (p) => p.down },
  // A standby below the target while the writer is above it: grow the standby first, then fail over down to it.
  'above/below': {
    phase: 'writer-down',
    move: 'resize',
    direction: 'up',
    guards: [],
    serves: 'down',
    why: (p) => `before failing over to it, ${p.down}`,
  },
};

function position(cmp: number): Position {
  return cmp < 0 ? 'below' : cmp > 0 ? 'above' : 'at';
}

/** The candidate of a provisioned writer in one phase of the step order (undefined: nothing in this phase). */
export function provisionedWriterStep(
  phase: ProvisionedPhase,
  desired: DesiredState,
  settings: PlannerSettings,
  observation: Observation,
): Candidate | undefined {
  if (desired.writer.kind !== 'provisioned') return undefined;
  const target = desired.writer.instanceClass;
  const { writer, standby } = findFailoverPair(observation, target);
  // What stops every provisioned step is reported in the first phase.
  if (!writer)
    return phase === 'writer-up'
      ? waitStop('cluster-busy', `cluster ${observation.clusterId} reports no writer (a failover is probably in progress).`)
      : undefined;
  // No closure here: this runs on every tick of a simulated year.
  for (const instance of [writer, standby]) {
    if (instance && compareClasses(settings, instance.instanceClass, target) === undefined) {
      return phase === 'writer-up'
        ? blockedStop(
            `instance ${instance.id} is ${instance.instanceClass}, a class the planner cannot order. Fix: add it to config/instance-classes.ts, or resize it to ${target} by hand.`,
          )
        : undefined;
    }
  }
  const writerAt = position(compareClasses(settings, writer.instanceClass, target) as number);
  if (!standby) {
    return writerAt === 'at' || phase !== 'writer-up'
      ? undefined
      : blockedStop(
          `writer ${writer.id} is ${writer.instanceClass}, the calendar wants ${target}, but there is no tier-0 reader to resize (the writer is never resized in place). Fix: add a fixed reader with promotionTier 0 (database.fixedReaders).`,
          desired.writer.campaignId,
        );
  }
  const found = PROVISIONED_CASES[`${writerAt}/${position(compareClasses(settings, standby.instanceClass, target) as number)}`];
  if (!found || found.phase !== phase) return undefined;
  const campaignId = found.serves === 'up' ? desired.writer.campaignId : desired.lastEnded?.campaignId;
  const why = found.why({
    writerId: writer.id,
    target,
    up: upPurpose(desired, desired.writer.campaignId),
    down: downPurpose(desired),
  });
  if (found.move === 'failover') return failoverTo(standby, writer, found, why, campaignId);
  const resize = resizeStandby(standby, target, found, why, campaignId);
  // A held resize stays held (the planner reports the guard); otherwise a reader must stay available meanwhile.
  if (guardHold(resize, desired, settings, observation)) return resize;
  return spareReaderFor(standby, observation, why, campaignId) ?? resize;
}

/**
 * The replicas that guarantee a reader other than the standby: the standby and one more. With the
 * floor at `readerAutoScaling.minReplicas: 1` the standby is the only reader, and an instance-class
 * change is an outage of that instance, so the READ_ONLY proxy endpoint would have no reader.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Modifying.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-endpoints.html
 */
export const SPARE_READER_FLOOR = 2;

/**
 * Before a standby is resized, another reader must be available: raise the reader floor to
 * {@link SPARE_READER_FLOOR} (Aurora Auto Scaling adds the reader), then wait until it is available.
 * Undefined when such a reader is there.
 */
function spareReaderFor(standby: InstanceObservation, observation: Observation, why: string, campaignId?: string): Candidate | undefined {
  const others = observation.instances.filter((i) => !i.isWriter && i.id !== standby.id);
  if (others.some((i) => i.status === AVAILABLE)) return undefined;
  const target = observation.readerTarget;
  const resizing = `resizing standby ${standby.id}`;
  if (!target || target.maxCapacity < SPARE_READER_FLOOR) {
    return blockedStop(
      `${resizing} would leave no available reader (an instance-class change is an outage of that instance), and the reader scalable target ${target ? `allows at most ${target.maxCapacity} replica` : 'is not registered'}. Fix: set readerAutoScaling.maxReplicas to ${SPARE_READER_FLOOR} or more and deploy.`,
      campaignId,
    );
  }
  if (target.minCapacity < SPARE_READER_FLOOR) {
    return {
      kind: 'step',
      touches: [],
      guards: [],
      action: {
        kind: 'set-reader-floor',
        minCapacity: SPARE_READER_FLOOR,
        direction: 'up',
        reason: `set the reader floor from ${target.minCapacity} to ${SPARE_READER_FLOOR} so another reader serves reads while standby ${standby.id} is resized ${why}.`,
        ...campaignOf(campaignId),
      },
    };
  }
  const coming = others.filter((i) => i.status === 'creating').length;
  return waitStop(
    'spare-reader',
    `${resizing} waits for another reader to be available (${coming > 0 ? `${coming} being created` : 'none yet'}), so reads keep a reader while it is resized.`,
    campaignId,
  );
}

/**
 * Whether the provisioned writer and its standby are both at the desired class. Until they are, the
 * reader floor does not go below {@link SPARE_READER_FLOOR}, so the resizes still to come keep a reader.
 */
export function provisionedPairSettled(desired: DesiredState, settings: PlannerSettings, observation: Observation): boolean {
  if (desired.writer.kind !== 'provisioned') return true;
  const target = desired.writer.instanceClass;
  const { writer, standby } = findFailoverPair(observation, target);
  return [writer, standby].every((i) => i === undefined || compareClasses(settings, i.instanceClass, target) === 0);
}

function resizeStandby(standby: InstanceObservation, target: string, c: ProvisionedCase, why: string, campaignId?: string): Step {
  return {
    kind: 'step',
    guards: c.guards,
    touches: [standby],
    action: {
      kind: 'modify-instance',
      instanceId: standby.id,
      fromClass: standby.instanceClass,
      toClass: target,
      direction: c.direction,
      reason: `resize standby ${standby.id} from ${standby.instanceClass} to ${target} ${why}.`,
      ...campaignOf(campaignId),
    },
  };
}

function failoverTo(standby: InstanceObservation, writer: InstanceObservation, c: ProvisionedCase, why: string, campaignId?: string): Step {
  return {
    kind: 'step',
    guards: c.guards,
    touches: [standby, writer],
    lagOf: standby,
    action: {
      kind: 'failover',
      targetInstanceId: standby.id,
      fromInstanceId: writer.id,
      fromClass: writer.instanceClass,
      toClass: standby.instanceClass,
      direction: c.direction,
      reason: `fail over from ${writer.id} (${writer.instanceClass}) to ${standby.id} (${standby.instanceClass}) ${why}.`,
      ...campaignOf(campaignId),
    },
  };
}
