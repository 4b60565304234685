import type { MonitoringThresholds } from '../../../config/schema/monitoring';
import { monitoringThresholdsSchema } from '../../../config/schema/monitoring';
import type { Engine, WriterCapacity } from '../../../lib/connection-budget';
import { resolveThresholds, writerFigures } from '../../../lib/monitoring/alarm-thresholds';

const DEFAULTS: MonitoringThresholds = monitoringThresholdsSchema.parse({});
const POOL = { maxConnectionsPercent: 90, assumedMultiplexingRatio: 1 };
const GIB = 1024 ** 3;

// Worked by hand: PostgreSQL max_connections = min(floor(GiB × 1e9 / 9531392), 5000) (Serverless v2 with
// min ≤ 0.5 ACU capped at 2000); MySQL from the AWS table. Writer connections at 80/95 %, pool at 90 %.
test.each<[string, Engine, WriterCapacity, number, number, [number, number]]>([
  ['db.t4g.medium (4 GiB)', 'aurora-postgresql', { kind: 'provisioned', instanceClass: 'db.t4g.medium' }, 419, 4, [335, 398]],
  ['db.r6g.large (16 GiB)', 'aurora-postgresql', { kind: 'provisioned', instanceClass: 'db.r6g.large' }, 1678, 16, [1342, 1594]],
  ['db.r7g.xlarge (32 GiB)', 'aurora-postgresql', { kind: 'provisioned', instanceClass: 'db.r7g.xlarge' }, 3357, 32, [2685, 3189]],
  [
    'db.r6g.4xlarge (128 GiB, capped)',
    'aurora-postgresql',
    { kind: 'provisioned', instanceClass: 'db.r6g.4xlarge' },
    5000,
    128,
    [4000, 4750],
  ],
  ['Serverless v2 0.5–8 ACU', 'aurora-postgresql', { kind: 'serverless-v2', minCapacity: 0.5, maxCapacity: 8 }, 1678, 16, [1342, 1594]],
  [
    'Serverless v2 0.5–64 ACU (low-minimum cap)',
    'aurora-postgresql',
    { kind: 'serverless-v2', minCapacity: 0.5, maxCapacity: 64 },
    2000,
    128,
    [1600, 1900],
  ],
  ['Serverless v2 2–64 ACU', 'aurora-postgresql', { kind: 'serverless-v2', minCapacity: 2, maxCapacity: 64 }, 5000, 128, [4000, 4750]],
  ['MySQL db.r6g.large', 'aurora-mysql', { kind: 'provisioned', instanceClass: 'db.r6g.large' }, 1000, 16, [800, 950]],
  ['MySQL db.r6g.2xlarge', 'aurora-mysql', { kind: 'provisioned', instanceClass: 'db.r6g.2xlarge' }, 3000, 64, [2400, 2850]],
])(
  '%s: max_connections %d, memory %d GiB, writer connection thresholds %j',
  (_label, engine, writer, maxConnections, memoryGiB, connections) => {
    const figures = writerFigures(engine, writer, POOL);
    expect(figures.maxConnections).toBe(maxConnections);
    expect(figures.memoryBytes).toBe(memoryGiB * GIB);
    const resolved = resolveThresholds(DEFAULTS, figures);
    expect([resolved.writerConnections.warning, resolved.writerConnections.critical]).toEqual(connections);
  },
);

test('the proxy pool and the clients it serves follow maxConnectionsPercent and the multiplexing ratio', () => {
  const figures = writerFigures(
    'aurora-postgresql',
    { kind: 'provisioned', instanceClass: 'db.r6g.large' },
    { maxConnectionsPercent: 50, assumedMultiplexingRatio: 3 },
  );
  expect(figures.proxyPool).toBe(839); // floor(1678 × 0.5)
  expect(figures.servableClientConnections).toBe(2517); // 839 × 3
  const resolved = resolveThresholds(DEFAULTS, figures);
  expect(resolved.proxyClientConnections).toEqual({ warning: 1887, critical: 2265 }); // 75 / 90 % of 2517
  expect(resolved.proxyPinnedConnections).toEqual({ warning: 251, critical: 503 }); // 30 / 60 % of 839
});

test('latencies in milliseconds become the microseconds RDS Proxy reports; fixed thresholds pass through', () => {
  const resolved = resolveThresholds(
    DEFAULTS,
    writerFigures('aurora-postgresql', { kind: 'provisioned', instanceClass: 'db.r6g.large' }, POOL),
  );
  expect(resolved.proxyBorrowLatencyMicros).toEqual({ warning: 100_000, critical: 1_000_000 });
  expect(resolved.proxyQueryLatencyMicros).toEqual({ warning: 200_000, critical: 1_000_000 });
  expect(resolved.writerCpuPercent).toEqual({ warning: 70, critical: 90 });
  expect(resolved.replicaLagMs).toEqual({ warning: 1000, critical: 5000 });
});

test('a percentage of a tiny base never resolves to a threshold of 0 (an alarm that would always fire)', () => {
  const resolved = resolveThresholds(
    { ...DEFAULTS, proxyPinnedConnectionsPercent: { warning: 1, critical: 2 } },
    { capacity: 'test', maxConnections: 10, memoryBytes: GIB, proxyPool: 9, servableClientConnections: 9 },
  );
  expect(resolved.proxyPinnedConnections).toEqual({ warning: 1, critical: 1 });
});
