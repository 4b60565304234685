/**
 * How the writer answers load (issue 15): the figures the reactive scale-up watches, as a function of
 * the traffic and of the capacity serving it. Deliberately simple and stated here, so a scenario's
 * result can be checked by hand:
 * - writer CPU ∝ load / vCPUs: `baselineCpuPercent × load × baselineVcpus / writerVcpus`, at most 100 %;
 * - connections ∝ load: `baselineConnections × load`, at most the writer's `max_connections` (new
 *   connections are refused beyond it);
 * - Serverless v2: the writer takes the ACU the load needs (`baselineAcu × load`) within the range
 *   (scaling inside the range is taken as immediate, AWS scales in seconds), and CPU ∝ needed / current.
 * Proxy figures: client connections follow the load (the proxy queues them), borrow latency grows
 * when the writer's connections are at their limit.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.how-it-works.html
 */
export interface TrafficModel {
  /** Load at an instant, in multiples of the baseline's (1 = a normal day). */
  readonly load: (atMs: number) => number;
  /** Writer CPU at load 1 on the baseline writer. */
  readonly baselineCpuPercent: number;
  /** vCPUs of the baseline writer (provisioned). */
  readonly baselineVcpus: number;
  /** Writer connections at load 1. */
  readonly baselineConnections: number;
  /** Serverless v2: ACU the writer needs at load 1. @default 2 */
  readonly baselineAcu?: number;
  /** `max_connections` of a writer, by its class (`db.serverless` for Serverless v2). */
  readonly maxConnections: (instanceClass: string) => number;
  /** vCPUs of a provisioned class. */
  readonly vcpus: (instanceClass: string) => number;
  /** Proxy client connections at load 1. @default - no proxy figures */
  readonly baselineProxyClientConnections?: number;
  /** Proxy borrow latency when the writer has connections to spare (µs). @default 50 */
  readonly idleBorrowLatencyMicros?: number;
}

/** The writer's figures in one minute. */
export interface WriterFigures {
  readonly cpuPercent: number;
  readonly connections: number;
  /** Serverless v2 only. */
  readonly capacityAcu?: number;
  readonly proxyClientConnections?: number;
  readonly proxyBorrowLatencyMicros?: number;
}

/** The figures of a writer at `atMs`: a provisioned class, or a Serverless v2 range. */
export function writerFigures(
  traffic: TrafficModel,
  atMs: number,
  writer: { readonly instanceClass: string; readonly serverlessRange?: { minCapacity: number; maxCapacity: number } },
): WriterFigures {
  const load = traffic.load(atMs);
  const maxConnections = traffic.maxConnections(writer.instanceClass);
  const wanted = traffic.baselineConnections * load;
  const connections = Math.min(maxConnections, wanted);
  let cpuPercent: number;
  let capacityAcu: number | undefined;
  if (writer.serverlessRange) {
    const needed = (traffic.baselineAcu ?? 2) * load;
    capacityAcu = Math.min(writer.serverlessRange.maxCapacity, Math.max(writer.serverlessRange.minCapacity, needed));
    cpuPercent = Math.min(100, (traffic.baselineCpuPercent * needed) / capacityAcu);
  } else {
    cpuPercent = Math.min(100, (traffic.baselineCpuPercent * load * traffic.baselineVcpus) / traffic.vcpus(writer.instanceClass));
  }
  const proxy =
    traffic.baselineProxyClientConnections !== undefined
      ? {
          proxyClientConnections: traffic.baselineProxyClientConnections * load,
          proxyBorrowLatencyMicros: (traffic.idleBorrowLatencyMicros ?? 50) * (wanted > maxConnections ? 1000 : 1),
        }
      : {};
  return { cpuPercent, connections, ...(capacityAcu !== undefined ? { capacityAcu } : {}), ...proxy };
}
