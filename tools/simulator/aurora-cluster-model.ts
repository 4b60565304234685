import { AUTOSCALED_INSTANCE_PREFIX } from '../../lambda/pre-scaler/core/observation';
import { SimulatedClock } from './clock';
import { AWS_LIKE_DURATIONS, type MinuteRange, type SimulatedDurations } from './durations';
import { FaultInjector, type ApiVerb } from './faults';
import { type TrafficModel, type WriterFigures, writerFigures } from './traffic-model';

/** Who called an API: the pre-scaler under test, a human at the console, or Aurora Auto Scaling. */
export type Actor = 'pre-scaler' | 'human' | 'autoscaling';

/** An error shaped like the AWS SDK's: `name` is the AWS error code. */
export class SimulatedAwsError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export interface ModelInstance {
  readonly id: string;
  instanceClass: string;
  status: string;
  promotionTier: number;
  readonly createdByAutoScaling: boolean;
  /** When the instance last became `available` (replica lag is high for a moment after). */
  availableSinceMs: number;
}

/** One accepted operation, with when it started and (for the slow ones) when it finished. */
export interface OperationRecord {
  readonly actor: Actor;
  readonly verb: ApiVerb | 'CreateDBInstance' | 'DeleteDBInstance';
  readonly target: string;
  readonly detail: string;
  readonly startedMs: number;
  /** Equal to startedMs for an instantaneous change. */
  endsMs: number;
  /** A resize of the instance that was the writer at the time (minutes of downtime). */
  readonly writerResizedInPlace?: boolean;
  /** For a failover: the writer's class before and after. */
  readonly writerClassBefore?: string;
  readonly writerClassAfter?: string;
}

export interface ModelInstanceSpec {
  readonly id: string;
  readonly instanceClass: string;
  readonly promotionTier: number;
  /** @default false */
  readonly isWriter?: boolean;
  /** @default false */
  readonly createdByAutoScaling?: boolean;
}

export interface AuroraClusterModelOptions {
  readonly clusterId: string;
  /** Simulated start time (epoch ms). */
  readonly startMs: number;
  /** Exactly one must be the writer. */
  readonly instances: readonly ModelInstanceSpec[];
  /** @default - a provisioned cluster */
  readonly serverlessV2?: { minCapacity: number; maxCapacity: number };
  /** The reader scalable target. @default - none registered */
  readonly readerTarget?: { minCapacity: number; maxCapacity: number };
  /** @default AWS_LIKE_DURATIONS */
  readonly durations?: SimulatedDurations;
  /** @default Math.random */
  readonly random?: () => number;
  /** @default - no faults */
  readonly faults?: FaultInjector;
  /** The writer's average CPU at an instant. @default - 20% */
  readonly writerCpuPercent?: (atMs: number) => number | undefined;
  /** Readers the load asks Aurora Auto Scaling for (it stays within the target's min/max). @default - none beyond the minimum */
  readonly readerDemand?: (atMs: number) => number;
  /** Minutes between two scale-ins by Aurora Auto Scaling. @default 15 */
  readonly scaleInCooldownMinutes?: number;
  /**
   * The traffic and how the writer answers it: the writer's CPU, connections and (Serverless v2)
   * capacity follow the load and the capacity serving it, minute by minute. Replaces `writerCpuPercent`.
   * @default - none (CPU from `writerCpuPercent`, no pressure figures)
   */
  readonly traffic?: TrafficModel;
  /** Minutes after a minute ends before CloudWatch returns its datapoint. @default 1 */
  readonly metricDelayMinutes?: number;
  /** The cluster's tags at the start. @default - none */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The writer's figures of one minute, as CloudWatch would hold them. */
export interface MinuteFigures extends WriterFigures {
  readonly atMs: number;
}

interface ScheduledEvent {
  readonly atMs: number;
  readonly seq: number;
  readonly run: () => void;
}

const MINUTE = 60_000;
/** `AuroraReplicaLag` right after a reader (re)starts, and the normal value. */
const CATCH_UP_LAG_MS = 2500;
const STEADY_LAG_MS = 20;

/**
 * An in-memory Aurora cluster with AWS-like behaviour and durations, driven by a simulated clock.
 *
 * Its methods mirror the AWS API verbs (and answer in the APIs' shapes) so the next issue can answer
 * mocked SDK calls from it; {@link SimulatedClusterPort} adapts it to the pre-scaler's `ClusterPort`.
 * What it enforces, as AWS does: instance modifications need the instance `available`; failovers and
 * cluster modifications need the cluster `available`; a failover target must be a reader. It also
 * plays Aurora Auto Scaling (readers at the primary's class, tier 15, added only while the cluster
 * is `available`, removed only if it created them).
 */
export class AuroraClusterModel {
  readonly clock: SimulatedClock;
  readonly clusterId: string;
  /** Every accepted operation, in order. */
  readonly operations: OperationRecord[] = [];
  /** What humans tried and what happened, for scenario assertions. */
  readonly humanLog: string[] = [];
  private readonly instances = new Map<string, ModelInstance>();
  private writerId: string;
  private clusterStatus = 'available';
  private serverlessV2?: { minCapacity: number; maxCapacity: number };
  private readerTarget?: { minCapacity: number; maxCapacity: number };
  private events: ScheduledEvent[] = [];
  private seq = 0;
  private autoscaledCount = 0;
  private lastScaleInMs = Number.NEGATIVE_INFINITY;
  private readonly durations: SimulatedDurations;
  private readonly random: () => number;
  private readonly faults: FaultInjector;
  private readonly cpu: (atMs: number) => number | undefined;
  private readonly demand: (atMs: number) => number;
  private readonly scaleInCooldownMs: number;
  private readonly traffic?: TrafficModel;
  private readonly metricDelayMs: number;
  /** Per-minute figures (only with a traffic model), oldest first. */
  readonly minutes: MinuteFigures[] = [];
  private nextMinuteMs = Number.NaN;
  private readonly tags = new Map<string, string>();

  constructor(options: AuroraClusterModelOptions) {
    this.clock = new SimulatedClock(options.startMs);
    this.clusterId = options.clusterId;
    const writers = options.instances.filter((i) => i.isWriter);
    const [writer] = writers;
    if (!writer || writers.length !== 1) throw new Error(`a cluster needs exactly one writer, got ${writers.length}`);
    this.writerId = writer.id;
    for (const spec of options.instances) {
      this.instances.set(spec.id, {
        id: spec.id,
        instanceClass: spec.instanceClass,
        status: 'available',
        promotionTier: spec.promotionTier,
        createdByAutoScaling: spec.createdByAutoScaling ?? false,
        availableSinceMs: Number.NEGATIVE_INFINITY,
      });
    }
    if (options.serverlessV2) this.serverlessV2 = { ...options.serverlessV2 };
    if (options.readerTarget) this.readerTarget = { ...options.readerTarget };
    this.durations = options.durations ?? AWS_LIKE_DURATIONS;
    this.random = options.random ?? Math.random;
    this.faults = options.faults ?? new FaultInjector();
    this.cpu = options.writerCpuPercent ?? (() => 20);
    this.demand = options.readerDemand ?? (() => 0);
    this.scaleInCooldownMs = (options.scaleInCooldownMinutes ?? 15) * MINUTE;
    if (options.traffic) this.traffic = options.traffic;
    this.metricDelayMs = (options.metricDelayMinutes ?? 1) * MINUTE;
    this.nextMinuteMs = Math.ceil(options.startMs / MINUTE) * MINUTE;
    for (const [k, v] of Object.entries(options.tags ?? {})) this.tags.set(k, v);
    this.autoscale();
  }

  now(): number {
    return this.clock.now();
  }

  /** Runs every scheduled change up to `ms` in order (Aurora Auto Scaling reacts after each), then moves the clock to `ms`. */
  advanceTo(ms: number): void {
    for (;;) {
      const event = this.events[0];
      const nextEventMs = event !== undefined && event.atMs <= ms ? event.atMs : Number.POSITIVE_INFINITY;
      // Each minute's figures are taken from the cluster as it stands in that minute.
      if (this.traffic && this.nextMinuteMs <= ms && this.nextMinuteMs < nextEventMs) {
        this.clock.moveTo(this.nextMinuteMs);
        this.recordMinute();
        continue;
      }
      if (event === undefined || nextEventMs === Number.POSITIVE_INFINITY) break;
      this.events.shift();
      this.clock.moveTo(event.atMs);
      event.run();
      this.autoscale();
    }
    this.clock.moveTo(ms);
    this.autoscale();
  }

  /** The writer's figures now (traffic model only). */
  writerFiguresNow(): WriterFigures | undefined {
    if (!this.traffic) return undefined;
    const writer = this.requireInstance(this.writerId);
    return writerFigures(this.traffic, this.now(), {
      instanceClass: writer.instanceClass,
      ...(this.serverlessV2 && writer.instanceClass === 'db.serverless' ? { serverlessRange: this.serverlessV2 } : {}),
    });
  }

  /** One minute of a traffic simulation: Aurora Auto Scaling looks at its target (as it does continuously), then the figures are taken. */
  private recordMinute(): void {
    this.autoscale();
    const figures = this.writerFiguresNow();
    if (figures) this.minutes.push({ atMs: this.nextMinuteMs, ...figures });
    this.nextMinuteMs += MINUTE;
  }

  /** The 1-minute datapoints CloudWatch returns now for the last `minutes` minutes (published `metricDelayMinutes` after each minute ends). */
  minuteFigures(minutes: number): MinuteFigures[] {
    const publishedBefore = this.now() - this.metricDelayMs - MINUTE;
    const from = this.now() - minutes * MINUTE;
    const out: MinuteFigures[] = [];
    for (let i = this.minutes.length - 1; i >= 0; i--) {
      const m = this.minutes[i] as MinuteFigures;
      if (m.atMs < from) break;
      if (m.atMs <= publishedBefore) out.push(m);
    }
    return out.reverse();
  }

  /** True while an operation is in progress (something is scheduled to change). */
  get busy(): boolean {
    return this.events.length > 0;
  }

  /** Schedules something outside the pre-scaler (a human at the console, say) at `atMs`. */
  schedule(atMs: number, run: (model: this) => void): void {
    this.at(atMs, () => run(this));
  }

  // ---- RDS: reads ---------------------------------------------------------------------------------

  describeDBClusters(): {
    DBClusters: Array<{
      DBClusterIdentifier: string;
      Status: string;
      DBClusterMembers: Array<{ DBInstanceIdentifier: string; IsClusterWriter: boolean; PromotionTier: number }>;
      ServerlessV2ScalingConfiguration?: { MinCapacity: number; MaxCapacity: number };
      DBClusterArn: string;
      TagList: Array<{ Key: string; Value: string }>;
    }>;
  } {
    this.callFaults('DescribeDBClusters', 'pre-scaler');
    return {
      DBClusters: [
        {
          DBClusterIdentifier: this.clusterId,
          DBClusterArn: this.clusterArn,
          TagList: [...this.tags].map(([Key, Value]) => ({ Key, Value })),
          Status: this.clusterStatus,
          DBClusterMembers: [...this.instances.values()].map((i) => ({
            DBInstanceIdentifier: i.id,
            IsClusterWriter: i.id === this.writerId,
            PromotionTier: i.promotionTier,
          })),
          ...(this.serverlessV2
            ? {
                ServerlessV2ScalingConfiguration: {
                  MinCapacity: this.serverlessV2.minCapacity,
                  MaxCapacity: this.serverlessV2.maxCapacity,
                },
              }
            : {}),
        },
      ],
    };
  }

  describeDBInstances(): {
    DBInstances: Array<{
      DBInstanceIdentifier: string;
      DBInstanceClass: string;
      DBInstanceStatus: string;
      DBClusterIdentifier: string;
      PromotionTier: number;
    }>;
  } {
    this.callFaults('DescribeDBInstances', 'pre-scaler');
    return {
      DBInstances: [...this.instances.values()].map((i) => ({
        DBInstanceIdentifier: i.id,
        DBInstanceClass: i.instanceClass,
        DBInstanceStatus: i.status,
        DBClusterIdentifier: this.clusterId,
        PromotionTier: i.promotionTier,
      })),
    };
  }

  // ---- RDS: changes -------------------------------------------------------------------------------

  /** `ModifyDBInstance` with `DBInstanceClass` and `ApplyImmediately: true`. */
  modifyDBInstance(params: { DBInstanceIdentifier: string; DBInstanceClass: string }, actor: Actor = 'pre-scaler'): void {
    this.mutate('ModifyDBInstance', actor, () => {
      const instance = this.requireInstance(params.DBInstanceIdentifier);
      if (instance.status !== 'available') {
        throw new SimulatedAwsError(
          'InvalidDBInstanceStateFault',
          `DB instance ${instance.id} is not in available state (it is ${instance.status}).`,
        );
      }
      if (instance.instanceClass === 'db.serverless' || params.DBInstanceClass === 'db.serverless') {
        throw new SimulatedAwsError(
          'InvalidParameterCombination',
          'the simulator does not model moving instances between provisioned and Serverless v2.',
        );
      }
      const isWriter = instance.id === this.writerId;
      const minutes = this.draw(this.durations.resizeInstance) + this.faults.extraModifyingMinutes(instance.id, this.now());
      instance.status = 'modifying';
      const record = this.record({
        actor,
        verb: 'ModifyDBInstance',
        target: instance.id,
        detail: `${instance.instanceClass} → ${params.DBInstanceClass}`,
        startedMs: this.now(),
        endsMs: this.now() + minutes * MINUTE,
        ...(isWriter ? { writerResizedInPlace: true } : {}),
      });
      this.at(record.endsMs, () => {
        instance.instanceClass = params.DBInstanceClass;
        instance.status = 'available';
        instance.availableSinceMs = this.now();
      });
    });
  }

  /** `FailoverDBCluster` with `TargetDBInstanceIdentifier`. */
  failoverDBCluster(params: { TargetDBInstanceIdentifier: string }, actor: Actor = 'pre-scaler'): void {
    this.mutate('FailoverDBCluster', actor, () => {
      if (this.clusterStatus !== 'available')
        throw new SimulatedAwsError('InvalidDBClusterStateFault', `DB cluster ${this.clusterId} is ${this.clusterStatus}.`);
      const target = this.requireInstance(params.TargetDBInstanceIdentifier);
      if (target.id === this.writerId) throw new SimulatedAwsError('InvalidDBInstanceStateFault', `${target.id} is already the writer.`);
      if (target.status !== 'available')
        throw new SimulatedAwsError(
          'InvalidDBInstanceStateFault',
          `DB instance ${target.id} is not in available state (it is ${target.status}).`,
        );
      const writer = this.requireInstance(this.writerId);
      this.clusterStatus = 'failing-over';
      const record = this.record({
        actor,
        verb: 'FailoverDBCluster',
        target: target.id,
        detail: `${writer.id} (${writer.instanceClass}) → ${target.id} (${target.instanceClass})`,
        startedMs: this.now(),
        endsMs: this.now() + this.draw(this.durations.failover) * MINUTE,
        writerClassBefore: writer.instanceClass,
        writerClassAfter: target.instanceClass,
      });
      this.at(record.endsMs, () => {
        this.writerId = target.id;
        this.clusterStatus = 'available';
        writer.availableSinceMs = this.now();
      });
    });
  }

  /** `ModifyDBCluster` with `ServerlessV2ScalingConfiguration` (applied immediately). */
  modifyDBCluster(
    params: { ServerlessV2ScalingConfiguration: { MinCapacity: number; MaxCapacity: number } },
    actor: Actor = 'pre-scaler',
  ): void {
    this.mutate('ModifyDBCluster', actor, () => {
      const { MinCapacity: min, MaxCapacity: max } = params.ServerlessV2ScalingConfiguration;
      if (!this.serverlessV2)
        throw new SimulatedAwsError('InvalidParameterCombination', `DB cluster ${this.clusterId} has no Serverless v2 instances.`);
      if (this.clusterStatus !== 'available')
        throw new SimulatedAwsError('InvalidDBClusterStateFault', `DB cluster ${this.clusterId} is ${this.clusterStatus}.`);
      if (!(min >= 0.5 && max <= 256 && min <= max))
        throw new SimulatedAwsError('InvalidParameterValue', `invalid Serverless v2 range ${min}–${max} ACU.`);
      this.clusterStatus = 'modifying';
      const record = this.record({
        actor,
        verb: 'ModifyDBCluster',
        target: this.clusterId,
        detail: `Serverless v2 ${this.serverlessV2.minCapacity}–${this.serverlessV2.maxCapacity} → ${min}–${max} ACU`,
        startedMs: this.now(),
        endsMs: this.now() + this.draw(this.durations.serverlessRangeChange) * MINUTE,
      });
      this.at(record.endsMs, () => {
        this.serverlessV2 = { minCapacity: min, maxCapacity: max };
        this.clusterStatus = 'available';
      });
    });
  }

  /** The cluster's ARN (a fixed account and region: the simulator has no account). */
  get clusterArn(): string {
    return `arn:aws:rds:eu-west-1:111111111111:cluster:${this.clusterId}`;
  }

  /** `AddTagsToResource` on the cluster; instantaneous. */
  addTagsToResource(
    params: { ResourceName: string; Tags: ReadonlyArray<{ Key: string; Value: string }> },
    actor: Actor = 'pre-scaler',
  ): void {
    this.mutate('AddTagsToResource', actor, () => {
      this.requireClusterArn(params.ResourceName);
      for (const t of params.Tags) this.tags.set(t.Key, t.Value);
      this.record({
        actor,
        verb: 'AddTagsToResource',
        target: this.clusterId,
        detail: params.Tags.map((t) => `${t.Key}=${t.Value}`).join(', '),
        startedMs: this.now(),
        endsMs: this.now(),
      });
    });
  }

  /** `RemoveTagsFromResource` on the cluster; instantaneous. */
  removeTagsFromResource(params: { ResourceName: string; TagKeys: readonly string[] }, actor: Actor = 'pre-scaler'): void {
    this.mutate('RemoveTagsFromResource', actor, () => {
      this.requireClusterArn(params.ResourceName);
      for (const k of params.TagKeys) this.tags.delete(k);
      this.record({
        actor,
        verb: 'RemoveTagsFromResource',
        target: this.clusterId,
        detail: params.TagKeys.join(', '),
        startedMs: this.now(),
        endsMs: this.now(),
      });
    });
  }

  /** The cluster's tags now. */
  tagsNow(): Record<string, string> {
    return Object.fromEntries(this.tags);
  }

  private requireClusterArn(arn: string): void {
    if (arn !== this.clusterArn) throw new SimulatedAwsError('DBClusterNotFoundFault', `DBCluster ${arn} not found.`);
  }

  // ---- Application Auto Scaling -------------------------------------------------------------------

  describeScalableTargets(): {
    ScalableTargets: Array<{ ResourceId: string; ScalableDimension: string; MinCapacity: number; MaxCapacity: number }>;
  } {
    this.callFaults('DescribeScalableTargets', 'pre-scaler');
    return {
      ScalableTargets: this.readerTarget
        ? [
            {
              ResourceId: `cluster:${this.clusterId}`,
              ScalableDimension: 'rds:cluster:ReadReplicaCount',
              MinCapacity: this.readerTarget.minCapacity,
              MaxCapacity: this.readerTarget.maxCapacity,
            },
          ]
        : [],
    };
  }

  /** `RegisterScalableTarget` on the cluster's `rds:cluster:ReadReplicaCount`; instantaneous. */
  registerScalableTarget(params: { MinCapacity?: number; MaxCapacity?: number }, actor: Actor = 'pre-scaler'): void {
    this.mutate('RegisterScalableTarget', actor, () => {
      const current = this.readerTarget ?? { minCapacity: 0, maxCapacity: 0 };
      const next = { minCapacity: params.MinCapacity ?? current.minCapacity, maxCapacity: params.MaxCapacity ?? current.maxCapacity };
      if (next.minCapacity > next.maxCapacity)
        throw new SimulatedAwsError(
          'ValidationException',
          `Minimum capacity ${next.minCapacity} cannot be greater than maximum capacity ${next.maxCapacity}.`,
        );
      this.record({
        actor,
        verb: 'RegisterScalableTarget',
        target: `cluster:${this.clusterId}`,
        detail: `min ${current.minCapacity} → ${next.minCapacity}, max ${next.maxCapacity}`,
        startedMs: this.now(),
        endsMs: this.now(),
      });
      this.readerTarget = next;
    });
  }

  // ---- CloudWatch ---------------------------------------------------------------------------------

  /** The writer's `CPUUtilization` (average of the last minutes). */
  writerCpuPercent(): number | undefined {
    if (this.traffic) {
      const recent = this.minuteFigures(15);
      return recent.length > 0 ? recent.reduce((a, m) => a + m.cpuPercent, 0) / recent.length : undefined;
    }
    return this.cpu(this.now());
  }

  /** A reader's `AuroraReplicaLag`: high for a minute after it (re)starts, then low. */
  replicaLagMs(instanceId: string): number | undefined {
    const instance = this.instances.get(instanceId);
    if (!instance || instance.id === this.writerId || instance.status !== 'available') return undefined;
    return this.now() - instance.availableSinceMs < MINUTE ? CATCH_UP_LAG_MS : STEADY_LAG_MS;
  }

  // ---- Inspection (for tests and the plan) ---------------------------------------------------------

  /** A copy of the current state. */
  snapshot(): {
    writerId: string;
    clusterStatus: string;
    instances: ModelInstance[];
    serverlessV2?: { minCapacity: number; maxCapacity: number };
    readerTarget?: { minCapacity: number; maxCapacity: number };
  } {
    return {
      writerId: this.writerId,
      clusterStatus: this.clusterStatus,
      instances: [...this.instances.values()].map((i) => ({ ...i })),
      ...(this.serverlessV2 ? { serverlessV2: { ...this.serverlessV2 } } : {}),
      ...(this.readerTarget ? { readerTarget: { ...this.readerTarget } } : {}),
    };
  }

  writerClass(): string {
    return this.requireInstance(this.writerId).instanceClass;
  }

  // ---- internals ----------------------------------------------------------------------------------

  private at(atMs: number, run: () => void): void {
    this.events.push({ atMs, seq: this.seq++, run });
    this.events.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
  }

  private draw(range: MinuteRange): number {
    return range.min + (range.max - range.min) * this.random();
  }

  private record(op: OperationRecord): OperationRecord {
    this.operations.push(op);
    return op;
  }

  private requireInstance(id: string): ModelInstance {
    const instance = this.instances.get(id);
    if (!instance) throw new SimulatedAwsError('DBInstanceNotFoundFault', `DB instance ${id} not found.`);
    return instance;
  }

  /** Faults apply to the pre-scaler's calls only (humans and Auto Scaling are not under test). */
  private callFaults(verb: ApiVerb, actor: Actor): 'lost-reply' | undefined {
    if (actor !== 'pre-scaler') return undefined;
    const fault = this.faults.onCall(verb, this.now());
    if (fault === 'throttle') throw new SimulatedAwsError('Throttling', `Rate exceeded (${verb}).`);
    if (fault === 'fail') throw new SimulatedAwsError('InternalFailure', `${verb} failed; try again.`);
    return fault;
  }

  private mutate(verb: ApiVerb, actor: Actor, apply: () => void): void {
    const fault = this.callFaults(verb, actor);
    apply();
    if (fault === 'lost-reply') throw new SimulatedAwsError('TimeoutError', `${verb}: no reply (the request may have been applied).`);
  }

  /** Aurora Auto Scaling: keeps the reader count within the target, only while the cluster is `available`. */
  private autoscale(): void {
    const target = this.readerTarget;
    if (!target || this.clusterStatus !== 'available') return;
    const readers = [...this.instances.values()].filter((i) => i.id !== this.writerId && i.status !== 'deleting');
    const wanted = Math.min(target.maxCapacity, Math.max(target.minCapacity, this.demand(this.now())));
    if (readers.length < wanted) {
      const writer = this.requireInstance(this.writerId);
      for (let n = readers.length; n < wanted; n++) this.addAutoscaledReader(writer.instanceClass);
    } else if (readers.length > wanted && this.now() - this.lastScaleInMs >= this.scaleInCooldownMs) {
      const removable = readers.filter((i) => i.createdByAutoScaling && i.status === 'available').reverse();
      const victims = removable.slice(0, readers.length - wanted);
      if (victims.length > 0) this.lastScaleInMs = this.now();
      for (const victim of victims) this.removeAutoscaledReader(victim);
    }
  }

  private addAutoscaledReader(instanceClass: string): void {
    this.autoscaledCount++;
    const id = `${AUTOSCALED_INSTANCE_PREFIX}${String(this.autoscaledCount).padStart(8, '0')}-0000-4000-8000-000000000000`;
    const instance: ModelInstance = {
      id,
      instanceClass,
      status: 'creating',
      promotionTier: 15,
      createdByAutoScaling: true,
      availableSinceMs: Number.NEGATIVE_INFINITY,
    };
    this.instances.set(id, instance);
    const op = this.record({
      actor: 'autoscaling',
      verb: 'CreateDBInstance',
      target: id,
      detail: instanceClass,
      startedMs: this.now(),
      endsMs: this.now() + this.draw(this.durations.addReader) * MINUTE,
    });
    this.at(op.endsMs, () => {
      instance.status = 'available';
      instance.availableSinceMs = this.now();
    });
  }

  private removeAutoscaledReader(instance: ModelInstance): void {
    instance.status = 'deleting';
    const op = this.record({
      actor: 'autoscaling',
      verb: 'DeleteDBInstance',
      target: instance.id,
      detail: instance.instanceClass,
      startedMs: this.now(),
      endsMs: this.now() + this.draw(this.durations.removeReader) * MINUTE,
    });
    this.at(op.endsMs, () => this.instances.delete(instance.id));
  }
}
