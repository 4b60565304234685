import { performance } from 'node:perf_hooks';
import { ConnectionFleet, type FleetConnection } from './connection-fleet';
import type { DatabaseDriver, DatabaseSession, StatementResult } from './driver/driver';
import type { LiveFigures, RunMeasurements, RunMetrics } from './metrics';
import { weightedPicker, type WeightedPicker } from './mix';
import { fleetFor, loadAt, transactionsDueBy, type LoadProfile } from './profile';
import type { EndpointRole, PhaseName } from './types';
import { readShareOf, type WorkloadStatement } from './workload/workload';

/** Everything the workload engine needs; it does no set-up or clean-up of the schema itself. */
export interface WorkloadOptions {
  readonly profile: LoadProfile;
  /** The statements to run, with their weights and endpoints. */
  readonly statements: readonly WorkloadStatement[];
  readonly connectionsPerAppInstance: number;
  /** A transaction that waits longer than this for a free connection fails as `pool-timeout`. */
  readonly acquireTimeoutMs: number;
  readonly driver: DatabaseDriver;
  /** Opens a connection to the read-only endpoint (product reads). */
  readonly connectReader: () => Promise<DatabaseSession>;
  /** Opens a connection to the read/write endpoint (cart and order writes). */
  readonly connectWriter: () => Promise<DatabaseSession>;
  readonly metrics: RunMetrics;
  /** Aborting stops the run early (Ctrl-C); what was measured so far is still returned. */
  readonly signal?: AbortSignal;
  /** Called about once a second with live figures. @default - no live figures */
  readonly onLive?: (figures: LiveFigures) => void;
  /**
   * Benchmark mode: ignore the profile's rate and run transactions back to back on this many connections
   * to the read/write endpoint (each picks its statement from the whole mix, as pgbench's clients do), to find
   * the most the tool can drive. @default - follow the profile
   */
  readonly saturateConnections?: number;
  /** Random numbers in [0, 1). @default Math.random */
  readonly random?: () => number;
}

export interface WorkloadOutcome {
  readonly measurements: RunMeasurements;
  /** How long the load ran, in milliseconds. */
  readonly elapsedMs: number;
  /** True when stopped by the signal before the profile's end. */
  readonly interrupted: boolean;
  /** Set when the run stopped because connecting cannot succeed (wrong password, unknown host…). */
  readonly fatalError?: string;
}

interface QueuedTransaction {
  readonly statement: WorkloadStatement;
  /** When the profile wanted it started, in ms since the run began. */
  readonly dueAtMs: number;
}

/** A FIFO with amortised O(1) shift. */
class Queue<T> {
  private items: T[] = [];
  private head = 0;
  get length(): number {
    return this.items.length - this.head;
  }
  push(item: T): void {
    this.items.push(item);
  }
  peek(): T | undefined {
    return this.items[this.head];
  }
  shift(): T | undefined {
    const item = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
  clear(): number {
    const n = this.length;
    this.items = [];
    this.head = 0;
    return n;
  }
}

const TICK_MS = 5;
const FLEET_UPDATE_MS = 250;
const LIVE_EVERY_MS = 1000;
const DRAIN_TIMEOUT_MS = 5000;

/**
 * Drives the mixed shop workload against the two endpoints for the profile's duration and returns what it
 * measured. Open loop: transactions are due at the profile's rate whether or not earlier ones finished,
 * and latency is measured from when each was due, so a saturated database shows up as latency and
 * `pool-timeout` failures instead of silently lowering the rate (no coordinated omission).
 */
export async function runWorkload(options: WorkloadOptions): Promise<WorkloadOutcome> {
  const engine = new WorkloadEngine(options);
  return engine.run();
}

class WorkloadEngine {
  private readonly started = performance.now();
  private readonly fleets: Record<EndpointRole, ConnectionFleet>;
  private readonly queues: Record<EndpointRole, Queue<QueuedTransaction>> = { reader: new Queue(), writer: new Queue() };
  private readonly picker: WeightedPicker<WorkloadStatement>;
  /** Weak: a connection the fleet closed takes its slot with it. */
  private readonly slots = new WeakMap<FleetConnection, TransactionSlot>();
  private readonly random: () => number;
  private readonly readShare: number;
  private generated = 0;
  private lastTickMs = 0;
  private lastFleetUpdateMs = -Infinity;
  private lastLiveMs = 0;
  private inFlight = 0;
  private running = true;
  private fatalError: string | undefined;
  private phase: PhaseName = 'warm-up';
  private targetRate = 0;
  private targetConnections = 0;

  constructor(private readonly o: WorkloadOptions) {
    this.random = o.random ?? Math.random;
    this.picker = weightedPicker(o.statements, (s) => s.weight, this.random);
    this.readShare = o.saturateConnections ? 0 : readShareOf(o.statements);
    const fleet = (role: EndpointRole, connect: () => Promise<DatabaseSession>) =>
      new ConnectionFleet({
        role,
        connect,
        classifyConnectError: (e) => o.driver.classifyConnectError(e),
        metrics: o.metrics,
        now: () => this.elapsed(),
        onConnectionReady: () => this.drain(role),
        onFatal: (reason) => this.stop(reason),
      });
    this.fleets = { reader: fleet('reader', o.connectReader), writer: fleet('writer', o.connectWriter) };
  }

  async run(): Promise<WorkloadOutcome> {
    const onAbort = () => this.stop();
    this.o.signal?.addEventListener('abort', onAbort);
    if (this.o.signal?.aborted) this.stop();
    try {
      while (this.running) {
        this.tick();
        if (!this.running) break;
        await delay(TICK_MS);
      }
      const elapsedMs = Math.min(this.elapsed(), this.o.profile.durationMs);
      await this.drainInFlight();
      this.o.metrics.recordAbandoned(this.queues.reader.clear() + this.queues.writer.clear() + this.inFlight);
      await Promise.all([this.fleets.reader.closeAll(), this.fleets.writer.closeAll()]);
      return {
        measurements: this.o.metrics.finish(elapsedMs),
        elapsedMs,
        interrupted: (this.o.signal?.aborted ?? false) && elapsedMs < this.o.profile.durationMs,
        ...(this.fatalError ? { fatalError: this.fatalError } : {}),
      };
    } finally {
      this.o.signal?.removeEventListener('abort', onAbort);
    }
  }

  private elapsed(): number {
    return performance.now() - this.started;
  }

  private stop(fatalError?: string): void {
    if (fatalError && !this.fatalError) this.fatalError = fatalError;
    this.running = false;
  }

  private tick(): void {
    const now = this.elapsed();
    if (now >= this.o.profile.durationMs) {
      this.stop();
      return;
    }
    const target = loadAt(this.o.profile, now);
    this.phase = target.phase;
    if (now - this.lastFleetUpdateMs >= FLEET_UPDATE_MS) {
      this.lastFleetUpdateMs = now;
      this.resizeFleets(target.connections);
    }
    if (this.o.saturateConnections) {
      this.targetRate = 0;
      this.saturate('writer');
    } else {
      this.targetRate = target.transactionsPerSecond;
      this.schedule(now);
      this.expire(now);
      this.drain('reader');
      this.drain('writer');
    }
    // A tick is asked for every TICK_MS; running much later means the event loop (this tool) is busy.
    if (this.lastTickMs > 0) this.o.metrics.recordScheduleSlip(now - this.lastTickMs - TICK_MS);
    this.lastTickMs = now;
    this.o.metrics.tick(
      now,
      {
        phase: this.phase,
        targetConnections: this.targetConnections,
        openConnections: this.fleets.reader.openCount + this.fleets.writer.openCount,
      },
      this.targetRate,
    );
    if (this.o.onLive && now - this.lastLiveMs >= LIVE_EVERY_MS) {
      this.lastLiveMs = now;
      this.o.onLive(this.o.metrics.takeLive(now));
    }
  }

  private resizeFleets(connections: number): void {
    if (this.o.saturateConnections) {
      this.targetConnections = this.o.saturateConnections;
      this.fleets.writer.setTarget(this.o.saturateConnections);
      return;
    }
    const size = fleetFor(connections, this.o.connectionsPerAppInstance, this.readShare);
    this.targetConnections = size.reader + size.writer;
    this.fleets.reader.setTarget(size.reader);
    this.fleets.writer.setTarget(size.writer);
  }

  /** Queues the transactions that fell due since the last tick, spreading their due times over it. */
  private schedule(now: number): void {
    const due = Math.floor(transactionsDueBy(this.o.profile, now));
    const count = due - this.generated;
    if (count <= 0) return;
    const span = now - this.lastTickMs;
    for (let i = 1; i <= count; i++) {
      const statement = this.picker.pick();
      this.queues[statement.endpoint].push({ statement, dueAtMs: this.lastTickMs + (span * i) / count });
    }
    this.generated = due;
    this.o.metrics.addScheduled(count);
  }

  /** Fails transactions that waited longer than the acquire timeout for a connection. */
  private expire(now: number): void {
    const oldest = now - this.o.acquireTimeoutMs;
    for (const queue of Object.values(this.queues)) {
      for (let head = queue.peek(); head && head.dueAtMs < oldest; head = queue.peek()) {
        queue.shift();
        this.o.metrics.recordFailed('pool-timeout');
      }
    }
  }

  private drain(role: EndpointRole): void {
    if (!this.running) return;
    if (this.o.saturateConnections) {
      this.saturate(role);
      return;
    }
    const queue = this.queues[role];
    const fleet = this.fleets[role];
    for (let next = queue.peek(); next; next = queue.peek()) {
      const connection = fleet.acquire();
      if (!connection) return;
      queue.shift();
      this.start(fleet, connection, next.statement, next.dueAtMs);
    }
  }

  private saturate(role: EndpointRole): void {
    const fleet = this.fleets[role];
    for (let c = fleet.acquire(); c && this.running; c = fleet.acquire()) {
      this.o.metrics.addScheduled(1);
      this.start(fleet, c, this.picker.pick(), this.elapsed());
    }
  }

  private start(fleet: ConnectionFleet, connection: FleetConnection, statement: WorkloadStatement, dueAtMs: number): void {
    this.inFlight++;
    let slot = this.slots.get(connection);
    if (!slot) {
      slot = new TransactionSlot(this, fleet, connection);
      this.slots.set(connection, slot);
    }
    slot.statement = statement;
    slot.dueAtMs = dueAtMs;
    connection.session.execute(statement.text, statement.values(this.random), slot.done);
  }

  /** A transaction's outcome, from its connection's slot. */
  completed(slot: TransactionSlot, error: unknown, result: StatementResult | undefined): void {
    const statement = slot.statement;
    if (result && statement) {
      this.o.metrics.recordCompleted(
        statement.name,
        this.elapsed() - slot.dueAtMs,
        statement.zeroRowsMeans === 'out-of-stock' && result.rowCount === 0,
      );
    } else {
      this.o.metrics.recordFailed(this.o.driver.classifyQueryError(error));
    }
    slot.statement = undefined;
    this.inFlight--;
    slot.fleet.release(slot.connection);
    this.drain(slot.fleet.role);
  }

  private async drainInFlight(): Promise<void> {
    const deadline = performance.now() + DRAIN_TIMEOUT_MS;
    while (this.inFlight > 0 && performance.now() < deadline) await delay(10);
  }
}

/**
 * A connection's transaction in flight: made once per connection and reused for each of its transactions,
 * so starting one allocates no closure (profiling bench:rehearse: per-transaction closures and their
 * garbage were a visible share of the tool's CPU).
 */
class TransactionSlot {
  statement: WorkloadStatement | undefined;
  dueAtMs = 0;
  readonly done: (error: unknown, result: StatementResult | undefined) => void;

  constructor(
    engine: WorkloadEngine,
    readonly fleet: ConnectionFleet,
    readonly connection: FleetConnection,
  ) {
    this.done = (error, result) => engine.completed(this, error, result);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
