import { requireSpec } from '../config/instance-classes';
import type { Engine } from '../config/schema/database';
import type { WriterCapacity } from '../lambda/pre-scaler/core/settings';

export type { Engine, WriterCapacity };

const GIB = 1024 ** 3;
/** Aurora Serverless v2: one ACU is about 2 GiB of memory. */
const GIB_PER_ACU = 2;
/** Aurora PostgreSQL Serverless v2 with a minimum of 0.5 ACU or less caps max_connections at 2,000. */
const SERVERLESS_PG_LOW_MIN_CAP = 2000;

/**
 * Aurora MySQL's default `max_connections` by instance memory, from the AWS table (it is a log formula
 * rounded by AWS; the table is what instances get).
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Managing.Performance.html#AuroraMySQL.Managing.MaxConnections
 */
const MYSQL_MAX_CONNECTIONS_BY_MEMORY_GIB: Readonly<Record<number, number>> = {
  4: 90,
  8: 135,
  16: 1000,
  32: 2000,
  64: 3000,
  128: 4000,
  256: 5000,
  384: 6000,
  512: 6000,
  768: 7000,
};

/**
 * The engine's default `max_connections` for a writer of this capacity.
 *
 * - Aurora PostgreSQL: `LEAST(DBInstanceClassMemory / 9531392, 5000)`. AWS's own worked example counts
 *   memory in decimal gigabytes (15.25 GiB → 1600), which is also the lower, safer estimate; we follow it.
 * - Aurora MySQL: the AWS table above; for Serverless v2, the same log formula over the memory of the max ACU:
 *   `GREATEST(log2(mem/805306368)*45, log2(mem/8187281408)*1000)`.
 * - Serverless v2: the memory of the **maximum** ACU (2 GiB per ACU), as Aurora does; Aurora PostgreSQL
 *   caps it at 2,000 when the minimum is 0.5 ACU or less.
 *
 * These are estimates of the defaults (AWS reserves some memory, so the smallest capacities get ~10 %
 * fewer); they are for sizing the pool and alarm thresholds, not an exact figure.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.Managing.html#AuroraPostgreSQL.Managing.MaxConnections
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html#aurora-serverless-v2.max-connections
 */
export function engineMaxConnections(engine: Engine, capacity: WriterCapacity): number {
  const memoryGiB = capacity.kind === 'provisioned' ? requireSpec(capacity.instanceClass).memoryGiB : capacity.maxCapacity * GIB_PER_ACU;
  return MAX_CONNECTIONS[engine](capacity, memoryGiB);
}

/** `max_connections` by engine: a new engine is a compile error here until it has its rule. */
const MAX_CONNECTIONS: Record<Engine, (capacity: WriterCapacity, memoryGiB: number) => number> = {
  'aurora-postgresql': (capacity, memoryGiB) => {
    const byMemory = Math.min(Math.floor((memoryGiB * 1e9) / 9_531_392), 5000);
    return capacity.kind === 'serverless-v2' && capacity.minCapacity <= 0.5 ? Math.min(byMemory, SERVERLESS_PG_LOW_MIN_CAP) : byMemory;
  },
  'aurora-mysql': (capacity, memoryGiB) => {
    if (capacity.kind === 'provisioned') {
      const fromTable = MYSQL_MAX_CONNECTIONS_BY_MEMORY_GIB[memoryGiB];
      if (fromTable === undefined)
        throw new Error(`No Aurora MySQL max_connections known for ${capacity.instanceClass} (${memoryGiB} GiB)`);
      return fromTable;
    }
    const bytes = memoryGiB * GIB;
    return Math.floor(Math.max(Math.log2(bytes / 805_306_368) * 45, Math.log2(bytes / 8_187_281_408) * 1000));
  },
};

export interface PoolSettings {
  readonly maxConnectionsPercent: number;
  readonly assumedMultiplexingRatio: number;
}

/** The figures of one budget check, all shown in its message. */
export interface ConnectionBudget {
  /** What the figures are for: `baseline` or `campaign "<id>"`. */
  readonly scope: string;
  readonly capacity: string;
  readonly maxConnections: number;
  /** Backend connections the proxy may open to the writer: `floor(max_connections × percent)`. */
  readonly proxyPool: number;
  readonly expectedPeakClientConnections: number;
  /** Backend connections the peak needs: `ceil(clients / multiplexing ratio)`. */
  readonly backendConnectionsNeeded: number;
  readonly fits: boolean;
}

export function describeCapacity(capacity: WriterCapacity): string {
  return capacity.kind === 'provisioned' ? capacity.instanceClass : `Serverless v2 max ${capacity.maxCapacity} ACU`;
}

/** Checks that the proxy's backend pool on the writer can serve the expected peak of client connections. */
export function connectionBudget(
  scope: string,
  engine: Engine,
  capacity: WriterCapacity,
  pool: PoolSettings,
  expectedPeakClientConnections: number,
): ConnectionBudget {
  const maxConnections = engineMaxConnections(engine, capacity);
  const proxyPool = Math.floor((maxConnections * pool.maxConnectionsPercent) / 100);
  const backendConnectionsNeeded = Math.ceil(expectedPeakClientConnections / pool.assumedMultiplexingRatio);
  return {
    scope,
    capacity: describeCapacity(capacity),
    maxConnections,
    proxyPool,
    expectedPeakClientConnections,
    backendConnectionsNeeded,
    fits: backendConnectionsNeeded <= proxyPool,
  };
}

/** The budget in one sentence, with every number, and what to change when it does not fit. */
export function formatBudget(b: ConnectionBudget): string {
  const figures =
    `${b.scope}: writer ${b.capacity} allows max_connections ${b.maxConnections}; the proxy pool is ${b.proxyPool}` +
    ` (maxConnectionsPercent); the expected peak of ${b.expectedPeakClientConnections} client connections needs ${b.backendConnectionsNeeded} backend connections`;
  return b.fits
    ? `${figures} — fits with ${b.proxyPool - b.backendConnectionsNeeded} to spare.`
    : `${figures} — short by ${b.backendConnectionsNeeded - b.proxyPool}. Fix: a larger writer class (or campaign writer target), a higher proxy.maxConnectionsPercent, or a lower expected peak.`;
}
