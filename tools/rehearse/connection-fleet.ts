import type { ConnectFailure, DatabaseSession } from './driver/driver';
import type { RunMetrics } from './metrics';
import type { EndpointRole } from './types';

/** One client connection of the fleet. */
export interface FleetConnection {
  readonly session: DatabaseSession;
}

/** What a fleet needs from the rest of the tool. */
export interface ConnectionFleetOptions {
  readonly role: EndpointRole;
  readonly connect: () => Promise<DatabaseSession>;
  readonly classifyConnectError: (error: unknown) => ConnectFailure;
  readonly metrics: RunMetrics;
  /** Milliseconds on a monotonic clock. */
  readonly now: () => number;
  /** Called when a new connection is ready for work. */
  readonly onConnectionReady: () => void;
  /** Called when a connection attempt fails in a way no retry can fix (wrong password, unknown host…). */
  readonly onFatal: (reason: string) => void;
  /**
   * After a refused attempt, wait this long before opening more connections (a web app retries on the
   * next request, not in a tight loop).
   * @default 1000
   */
  readonly retryAfterRefusalMs?: number;
}

/**
 * The client connections to one endpoint, grown and shrunk to a target the way a web fleet does: when
 * the target rises, every missing connection is opened at once, concurrently — the burst of new
 * connections a scaling web fleet throws at the database (what failed in the outage). When it falls,
 * idle connections are closed and busy ones are closed as they come back.
 */
export class ConnectionFleet {
  private readonly idle: FleetConnection[] = [];
  private readonly open = new Set<FleetConnection>();
  private opening = 0;
  private target = 0;
  private retryAt = 0;
  private stopped = false;

  constructor(private readonly options: ConnectionFleetOptions) {}

  get role(): EndpointRole {
    return this.options.role;
  }

  /** Connections open now (busy or idle). */
  get openCount(): number {
    return this.open.size;
  }

  get targetCount(): number {
    return this.target;
  }

  /** Sets how many connections the fleet should hold, opening the shortfall at once or closing idle surplus. */
  setTarget(connections: number): void {
    if (this.stopped) return;
    this.target = Math.max(0, Math.round(connections));
    const missing = this.target - this.open.size - this.opening;
    if (missing > 0 && this.options.now() >= this.retryAt) {
      for (let i = 0; i < missing; i++) this.openOne();
    }
    while (this.open.size > this.target) {
      const surplus = this.idle.pop();
      if (!surplus) break;
      this.discard(surplus);
    }
  }

  /** An idle, healthy connection, or undefined when all are busy. */
  acquire(): FleetConnection | undefined {
    for (let c = this.idle.pop(); c; c = this.idle.pop()) {
      if (!c.session.broken) return c;
      this.discard(c);
    }
    return undefined;
  }

  /** Returns a connection after a transaction; broken or surplus connections are closed. */
  release(connection: FleetConnection): void {
    if (this.stopped || connection.session.broken || this.open.size > this.target) {
      this.discard(connection);
      return;
    }
    this.idle.push(connection);
  }

  /** Closes every connection and opens no more. */
  async closeAll(): Promise<void> {
    this.stopped = true;
    const closing = [...this.open].map((c) => c.session.close());
    this.open.clear();
    this.idle.length = 0;
    await Promise.all(closing);
  }

  private openOne(): void {
    this.opening++;
    const startedAt = this.options.now();
    this.options.connect().then(
      (session) => {
        this.opening--;
        if (this.stopped) {
          void session.close();
          return;
        }
        this.options.metrics.recordConnected(this.options.now() - startedAt);
        const connection = { session };
        this.open.add(connection);
        this.idle.push(connection);
        this.options.onConnectionReady();
      },
      (error: unknown) => {
        this.opening--;
        if (this.stopped) return;
        const failure = this.options.classifyConnectError(error);
        if (failure.kind === 'fatal') {
          this.options.onFatal(`${this.options.role} endpoint: ${failure.reason}`);
          return;
        }
        this.options.metrics.recordRefused(failure.reason);
        this.retryAt = this.options.now() + (this.options.retryAfterRefusalMs ?? 1000);
      },
    );
  }

  private discard(connection: FleetConnection): void {
    this.open.delete(connection);
    const at = this.idle.indexOf(connection);
    if (at >= 0) this.idle.splice(at, 1);
    void connection.session.close();
  }
}
