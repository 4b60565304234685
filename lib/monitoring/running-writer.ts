import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { INSTANCE_CLASSES, requireSpec } from '../../config/instance-classes';
import type { Engine, PoolSettings, WriterCapacity } from '../connection-budget';
import { writerFigures, type WriterFigures } from './alarm-thresholds';

/** The writer figures an alarm or a graph can be relative to. */
export type WriterFigureName = 'maxConnections' | 'memoryBytes' | 'proxyPool' | 'servableClientConnections' | 'vcpus';

/** A writer's figures, its vCPU count included (0 for Serverless v2, which has none to state). */
export type RunningWriterFigures = WriterFigures & { readonly vcpus: number };

/** The figures of every writer size the running writer can be, keyed by the memory the pre-scaler reports. */
export interface WriterSize {
  /** Memory in GiB: the value of the pre-scaler's `ActualWriterCapacity` for a provisioned writer. */
  readonly memoryGiB: number;
  /** The classes of that memory (`db.r6g.4xlarge`, `db.r7g.4xlarge`, …), for descriptions. */
  readonly classes: readonly string[];
  readonly figures: RunningWriterFigures;
}

export interface RunningWriterProps {
  readonly engine: Engine;
  /** The writer config states: its figures are the fallback while the pre-scaler has reported nothing. */
  readonly baseline: WriterCapacity;
  readonly pool: PoolSettings;
  /**
   * The pre-scaler's `ActualWriterCapacity` (provisioned: the running writer's class memory in GiB), at
   * one-minute period so it can be combined with the RDS metrics it divides.
   */
  readonly writerMemoryGiB: cloudwatch.IMetric;
}

/**
 * The figures of the writer **actually running** (its `max_connections`, memory, proxy pool), as
 * metric math, so that percent-of-capacity alarms hold at every class the writer can be: the
 * baseline class and each campaign's class alike.
 *
 * How it works, provisioned writer: the pre-scaler publishes the running writer's class memory on
 * every run (`ActualWriterCapacity`, GiB, observed with `DescribeDBInstances`). Every class the stack
 * knows (config/instance-classes.ts) maps memory to figures with the same formula the connection
 * budget uses, so a lookup `IF(mem == 32, 3357, IF(mem == 128, 5000, …))` turns the reported memory into
 * the running writer's figure. The pre-scaler publishes once per run (every few minutes) and the
 * RDS metrics every minute: `FILL(…, REPEAT)` carries its last value over the minutes between runs,
 * and `FILL(…, <baseline memory>)` stands in before its first datapoint in the evaluated window (or
 * when it is silent, which its own "no successful run" alarm pages on): the alarm then falls back to
 * the baseline writer's figures, what it used before.
 *
 * Serverless v2 writer: the figures stay those of the configured maximum ACU. `max_connections`
 * follows the maximum ACU only after a reboot, so the configured one is what runs.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html (IF, FILL with REPEAT)
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create-alarm-on-metric-math-expression.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html#aurora-serverless-v2.max-connections
 */
export class RunningWriter {
  /** The figures of the configured writer (and of the fallback). */
  readonly baseline: RunningWriterFigures;
  /** Every size a provisioned writer can run at, smallest first; empty for Serverless v2. */
  readonly sizes: readonly WriterSize[];
  private readonly baselineMemoryGiB: number | undefined;

  constructor(private readonly props: RunningWriterProps) {
    const b = props.baseline;
    this.baseline = {
      ...writerFigures(props.engine, b, props.pool),
      vcpus: b.kind === 'provisioned' ? requireSpec(b.instanceClass).vcpus : 0,
    };
    this.sizes = props.baseline.kind === 'provisioned' ? sizesOf(props.engine, props.pool) : [];
    this.baselineMemoryGiB = props.baseline.kind === 'provisioned' ? this.baseline.memoryBytes / GIB : undefined;
  }

  /** Whether the figures follow the running writer (provisioned) or are fixed (Serverless v2). */
  get followsRunningWriter(): boolean {
    return this.sizes.length > 0;
  }

  /**
   * `100 × metric / figure`: the metric as a percent of the running writer's figure, at the metric's
   * period (one minute).
   */
  percentOf(metric: cloudwatch.Metric, figure: WriterFigureName, label: string): cloudwatch.MathExpression {
    // The id names the metric, so two expressions of one graph never give one id to two metrics.
    const id = `${metric.metricName.charAt(0).toLowerCase()}${metric.metricName.slice(1)}`;
    return new cloudwatch.MathExpression({
      expression: `100 * ${id} / ${this.figureExpression(figure)}`,
      usingMetrics: this.followsRunningWriter ? { [id]: metric, mem: this.memoryGiBFilled() } : { [id]: metric },
      label,
      period: Duration.minutes(1),
    });
  }

  /** The running writer's figure as a time series (for the dashboard). */
  figure(figure: WriterFigureName, label: string): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: this.followsRunningWriter ? this.figureExpression(figure) : `0 * FILL(reported, 0) + ${this.baseline[figure]}`,
      usingMetrics: this.followsRunningWriter ? { mem: this.memoryGiBFilled() } : { reported: this.props.writerMemoryGiB },
      label,
      period: Duration.minutes(1),
    });
  }

  /** The lookup from the reported memory (`mem`) to a figure; the baseline's figure for any other value. */
  figureExpression(figure: WriterFigureName): string {
    if (!this.followsRunningWriter) return String(this.baseline[figure]);
    let expression = String(this.baseline[figure]);
    for (const size of [...this.sizes].reverse()) expression = `IF(mem == ${size.memoryGiB}, ${size.figures[figure]}, ${expression})`;
    return `(${expression})`;
  }

  /** The figure of a figure name, in words, over the sizes a campaign is likely to use: for descriptions. */
  describe(figure: WriterFigureName, format: (n: number) => string): string {
    if (!this.followsRunningWriter) return `${format(this.baseline[figure])} (${this.baseline.capacity})`;
    return `${format(this.baseline[figure])} on the baseline ${this.baseline.capacity}, following the class the writer runs as the pre-scaler reports it`;
  }

  private memoryGiBFilled(): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: `FILL(FILL(reported, REPEAT), ${this.baselineMemoryGiB})`,
      usingMetrics: { reported: this.props.writerMemoryGiB },
      label: 'Running writer memory (GiB)',
      period: Duration.minutes(1),
    });
  }
}

const GIB = 1024 ** 3;

/** One entry per distinct memory size of the known classes, with that size's figures. */
function sizesOf(engine: Engine, pool: PoolSettings): WriterSize[] {
  const byMemory = new Map<number, string[]>();
  for (const spec of INSTANCE_CLASSES.values()) byMemory.set(spec.memoryGiB, [...(byMemory.get(spec.memoryGiB) ?? []), spec.name]);
  return [...byMemory.entries()]
    .sort(([a], [b]) => a - b)
    .map(([memoryGiB, classes]) => {
      const first = classes[0];
      if (first === undefined) throw new Error(`no instance class of ${memoryGiB} GiB`);
      const figures = writerFigures(engine, { kind: 'provisioned', instanceClass: first }, pool);
      return { memoryGiB, classes, figures: { ...figures, vcpus: requireSpec(first).vcpus } };
    });
}
