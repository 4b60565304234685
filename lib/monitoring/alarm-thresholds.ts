import { requireSpec } from '../../config/instance-classes';
import type { MonitoringThresholds, SeverityThresholds } from '../../config/schema/monitoring';
import { describeCapacity, engineMaxConnections, type Engine, type PoolSettings, type WriterCapacity } from '../connection-budget';

const GIB = 1024 ** 3;
/** Aurora Serverless v2: one ACU is about 2 GiB of memory. */
const GIB_PER_ACU = 2;

/** The writer's figures that relative thresholds (percent of memory, of connections) are taken of. */
export interface WriterFigures {
  /** `db.r6g.large`, or `Serverless v2 max 8 ACU`. */
  readonly capacity: string;
  /** The engine's default `max_connections` for the writer (see {@link engineMaxConnections}). */
  readonly maxConnections: number;
  /**
   * Memory `FreeableMemory` is measured against, in bytes: the class's memory, or for Serverless v2
   * the memory of the maximum ACU (Aurora reports freeable memory as if scaled to the maximum).
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html
   */
  readonly memoryBytes: number;
  /** Backend connections the proxy may open to the writer: `floor(max_connections × maxConnectionsPercent)`. */
  readonly proxyPool: number;
  /** Client connections that pool serves at the assumed multiplexing ratio. */
  readonly servableClientConnections: number;
}

export function writerFigures(engine: Engine, writer: WriterCapacity, pool: PoolSettings): WriterFigures {
  const maxConnections = engineMaxConnections(engine, writer);
  const memoryGiB = writer.kind === 'provisioned' ? requireSpec(writer.instanceClass).memoryGiB : writer.maxCapacity * GIB_PER_ACU;
  const proxyPool = Math.floor((maxConnections * pool.maxConnectionsPercent) / 100);
  return {
    capacity: describeCapacity(writer),
    maxConnections,
    memoryBytes: memoryGiB * GIB,
    proxyPool,
    servableClientConnections: Math.floor(proxyPool * pool.assumedMultiplexingRatio),
  };
}

/** A warning/critical pair in the metric's own unit, ready for an alarm. */
export interface AbsoluteThresholds {
  readonly warning: number;
  readonly critical: number;
}

/**
 * Every alarm threshold in the unit CloudWatch reports the metric in. Percent-of-capacity settings
 * become absolute numbers here, so they follow the writer class: a larger writer means higher
 * connection thresholds. Milliseconds become microseconds for the proxy's latency metrics.
 */
export interface ResolvedThresholds {
  readonly writerCpuPercent: AbsoluteThresholds;
  /** Bytes of `FreeableMemory`; the alarm fires below. */
  readonly writerFreeableMemoryBytes: AbsoluteThresholds;
  /** Connections (`DatabaseConnections`). */
  readonly writerConnections: AbsoluteThresholds;
  readonly writerCommitLatencyMs: AbsoluteThresholds;
  readonly writerDeadlocksPerSecond: AbsoluteThresholds;
  readonly writerAcuUtilizationPercent: AbsoluteThresholds;
  readonly readerCpuPercent: AbsoluteThresholds;
  readonly replicaLagMs: AbsoluteThresholds;
  /** Minutes at the maximum reader count. */
  readonly readerCapacityExhaustedMinutes: AbsoluteThresholds;
  /** Client connections (`ClientConnections`). */
  readonly proxyClientConnections: AbsoluteThresholds;
  /** Microseconds (`DatabaseConnectionsBorrowLatency`). */
  readonly proxyBorrowLatencyMicros: AbsoluteThresholds;
  /** Connections (`DatabaseConnectionsCurrentlySessionPinned`). */
  readonly proxyPinnedConnections: AbsoluteThresholds;
  /** Microseconds (`QueryResponseLatency`). */
  readonly proxyQueryLatencyMicros: AbsoluteThresholds;
}

/** `percent` of `base`, rounded down so the alarm fires at the percentage or just before it; at least 1. */
function percentOf(base: number, t: SeverityThresholds): AbsoluteThresholds {
  const at = (p: number) => Math.max(1, Math.floor((base * p) / 100));
  return { warning: at(t.warning), critical: at(t.critical) };
}

function scaled(t: SeverityThresholds, factor: number): AbsoluteThresholds {
  return { warning: t.warning * factor, critical: t.critical * factor };
}

/** Turns the configured thresholds into the absolute figures the alarms compare with. */
export function resolveThresholds(t: MonitoringThresholds, writer: WriterFigures): ResolvedThresholds {
  return {
    writerCpuPercent: t.writerCpuPercent,
    writerFreeableMemoryBytes: percentOf(writer.memoryBytes, t.writerFreeableMemoryPercent),
    writerConnections: percentOf(writer.maxConnections, t.writerConnectionsPercent),
    writerCommitLatencyMs: t.writerCommitLatencyMs,
    writerDeadlocksPerSecond: t.writerDeadlocksPerSecond,
    writerAcuUtilizationPercent: t.writerAcuUtilizationPercent,
    readerCpuPercent: t.readerCpuPercent,
    replicaLagMs: t.replicaLagMs,
    readerCapacityExhaustedMinutes: t.readerCapacityExhaustedMinutes,
    proxyClientConnections: percentOf(writer.servableClientConnections, t.proxyClientConnectionsPercent),
    proxyBorrowLatencyMicros: scaled(t.proxyBorrowLatencyMs, 1000),
    proxyPinnedConnections: percentOf(writer.proxyPool, t.proxyPinnedConnectionsPercent),
    proxyQueryLatencyMicros: scaled(t.proxyQueryLatencyMs, 1000),
  };
}
