import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { Campaign } from '../../lambda/pre-scaler/core';
import type { Severity } from './alarm-naming';
import type { WriterFigures } from './alarm-thresholds';
import { runbookAnchor, type AlarmDefinition, type AlarmKey, type DatabaseAlarms } from './alarms';
import { campaignBands, isoInstant, type CampaignBand, type CampaignBandPlan } from './campaign-bands';
import { CampaignGraphWidget } from './campaign-graph-widget';
import type { DatabaseMetrics } from './metrics';
import { PRE_SCALER_METRICS } from './pre-scaler-metrics';

const SEVERITY_COLORS: Record<Severity, string> = { warning: cloudwatch.Color.ORANGE, critical: cloudwatch.Color.RED };
const GRAPH_WIDTH = 8;
const GRAPH_HEIGHT = 6;

export interface DatabaseDashboardProps {
  readonly environmentName: string;
  readonly metrics: DatabaseMetrics;
  readonly alarms: DatabaseAlarms;
  /** The alarm definitions, for the runbook links (in the order the runbook lists them). */
  readonly definitions: readonly AlarmDefinition[];
  readonly compositeAlarm: cloudwatch.IAlarm;
  readonly writer: WriterFigures;
  readonly serverlessWriter: boolean;
  readonly readerMaxReplicas: number;
  /** Every campaign of the environment's calendar. */
  readonly campaigns: readonly Campaign[];
  readonly runbookUrl: string;
}

/**
 * One dashboard per environment: a header with runbook links and the campaign list, the alarm
 * states, then a row each for the writer, the readers, the proxy and the pre-scaler. Every graph
 * draws its alarms' thresholds as horizontal lines and every campaign window as a shaded band.
 */
export function createDatabaseDashboard(scope: Construct, id: string, props: DatabaseDashboardProps): cloudwatch.Dashboard {
  const plan = campaignBands(props.campaigns);
  const graph = graphFactory(plan.bands);
  /** Four a line: the writer and proxy rows have four graphs (five with Serverless v2). */
  const narrow = (p: cloudwatch.GraphWidgetProps) => graph({ width: 6, ...p });
  const m = props.metrics;
  const lines = (key: AlarmKey) => thresholdLines(props.alarms, key);

  const allAlarms = [props.compositeAlarm, ...[...props.alarms.values()].flatMap((pair) => [pair.critical, pair.warning])];
  const header: cloudwatch.IWidget[] = [
    new cloudwatch.TextWidget({ markdown: headerMarkdown(props, plan), width: 12, height: 10 }),
    new cloudwatch.AlarmStatusWidget({
      title: 'Alarms (critical pages, warning informs)',
      alarms: allAlarms,
      width: 12,
      height: 10,
      sortBy: cloudwatch.AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
    }),
  ];

  const writerRow: cloudwatch.IWidget[] = [
    narrow({
      title: 'Writer CPU %',
      left: [m.writerCpuUtilizationAveragePercent()],
      leftAnnotations: lines('writerCpu'),
      leftYAxis: { min: 0, max: 100 },
    }),
    narrow({
      title: `Writer connections (max_connections ≈ ${props.writer.maxConnections})`,
      left: [m.writerDatabaseConnectionsMaximum()],
      leftAnnotations: [
        ...lines('writerConnections'),
        { value: props.writer.maxConnections, label: 'max_connections (estimate)', color: cloudwatch.Color.GREY },
      ],
      leftYAxis: { min: 0 },
    }),
    narrow({
      title: 'Writer freeable memory (bytes)',
      left: [m.writerFreeableMemoryMinimumBytes()],
      leftAnnotations: lines('writerFreeableMemory'),
      leftYAxis: { min: 0 },
    }),
    narrow({
      title: 'Writer commit latency (ms) and deadlocks / s',
      left: [m.writerCommitLatencyAverageMs()],
      right: [m.writerDeadlocksAveragePerSecond()],
      leftAnnotations: lines('writerCommitLatency'),
      rightAnnotations: lines('writerDeadlocks'),
      leftYAxis: { min: 0 },
      rightYAxis: { min: 0 },
    }),
  ];
  if (props.serverlessWriter) {
    writerRow.push(
      narrow({
        title: 'Writer Serverless v2 capacity',
        left: [m.writerAcuUtilizationAveragePercent()],
        right: [m.writerServerlessCapacityAverageAcu()],
        leftAnnotations: lines('writerAcuUtilization'),
        leftYAxis: { min: 0, max: 100 },
        rightYAxis: { min: 0 },
      }),
    );
  }

  const readersRow: cloudwatch.IWidget[] = [
    graph({
      title: 'Readers average CPU %',
      left: [m.readerCpuUtilizationAveragePercent()],
      leftAnnotations: lines('readerCpu'),
      leftYAxis: { min: 0, max: 100 },
    }),
    graph({
      title: 'Worst replica lag (ms)',
      left: [m.readerReplicaLagMaximumMs()],
      leftAnnotations: lines('replicaLag'),
      leftYAxis: { min: 0 },
    }),
    graph({
      title: `Readers: count vs floor (max ${props.readerMaxReplicas})`,
      left: [
        m.preScalerReaderCountMinimum(),
        m.preScalerLatest(PRE_SCALER_METRICS.DesiredReaderFloor, 'Floor wanted'),
        m.preScalerLatest(PRE_SCALER_METRICS.ActualReaderFloor, 'Floor set'),
      ],
      leftAnnotations: [{ value: props.readerMaxReplicas, label: 'readerAutoScaling.maxReplicas', color: SEVERITY_COLORS.warning }],
      leftYAxis: { min: 0 },
    }),
  ];

  const proxyRow: cloudwatch.IWidget[] = [
    narrow({
      title: 'Proxy client connections',
      left: [m.proxyClientConnectionsSum()],
      leftAnnotations: lines('proxyClientConnections'),
      leftYAxis: { min: 0 },
    }),
    narrow({
      title: 'Proxy borrow latency (µs)',
      left: [m.proxyBorrowLatencyAverageMicros()],
      leftAnnotations: lines('proxyBorrowLatency'),
      leftYAxis: { min: 0 },
    }),
    narrow({
      title: 'Proxy backend connections and session pinning',
      left: [m.proxySessionPinnedConnectionsSum(), m.proxyDatabaseConnectionsSum(), m.proxyMaxDatabaseConnectionsAllowedSum()],
      leftAnnotations: lines('proxyPinnedConnections'),
      leftYAxis: { min: 0 },
    }),
    narrow({
      title: 'Proxy query response latency (µs)',
      left: [m.proxyQueryResponseLatencyAverageMicros()],
      leftAnnotations: lines('proxyQueryLatency'),
      leftYAxis: { min: 0 },
    }),
  ];

  const preScalerRow: cloudwatch.IWidget[] = [
    graph({
      title: `Pre-scaler: writer capacity wanted vs actual (${props.serverlessWriter ? 'minimum ACU' : 'class memory, GiB'})`,
      left: [
        m.preScalerLatest(PRE_SCALER_METRICS.DesiredWriterCapacity, 'Wanted'),
        m.preScalerLatest(PRE_SCALER_METRICS.ActualWriterCapacity, 'Actual'),
      ],
      leftYAxis: { min: 0 },
    }),
    graph({
      title: 'Pre-scaler: reader floor wanted vs actual',
      left: [
        m.preScalerLatest(PRE_SCALER_METRICS.DesiredReaderFloor, 'Wanted'),
        m.preScalerLatest(PRE_SCALER_METRICS.ActualReaderFloor, 'Actual'),
      ],
      leftYAxis: { min: 0 },
    }),
    graph({
      title: 'Pre-scaler: actions, readiness, calendar',
      left: [
        m.preScalerSum(PRE_SCALER_METRICS.ActionsTaken, 'Actions taken'),
        m.preScalerSum(PRE_SCALER_METRICS.PlannedActions, 'Actions planned (dry run included)'),
        m.preScalerSum(PRE_SCALER_METRICS.ActionRejected, 'Actions rejected by AWS'),
      ],
      right: [
        m.preScalerLatest(PRE_SCALER_METRICS.Ready, 'Ready (1 = at target)').with({ statistic: cloudwatch.Stats.MINIMUM }),
        m.preScalerLatest(PRE_SCALER_METRICS.CampaignStartingSoonNotReady, 'Campaign soon, not ready (1)'),
        m.preScalerLatest(PRE_SCALER_METRICS.InvalidCalendar, 'Invalid calendar (1 = acting on nothing)'),
      ],
      leftYAxis: { min: 0 },
      rightYAxis: { min: 0, max: 1 },
    }),
  ];

  return new cloudwatch.Dashboard(scope, id, {
    dashboardName: `aurora-surge-${props.environmentName}`,
    defaultInterval: Duration.days(1),
    widgets: [header, writerRow, readersRow, proxyRow, preScalerRow],
  });
}

function graphFactory(bands: readonly CampaignBand[]) {
  return (props: cloudwatch.GraphWidgetProps) =>
    new CampaignGraphWidget({
      width: GRAPH_WIDTH,
      height: GRAPH_HEIGHT,
      period: Duration.minutes(1),
      ...props,
      campaignBands: bands,
    });
}

/** An alarm's warning and critical thresholds as horizontal lines, in the alarms' colours. */
function thresholdLines(alarms: DatabaseAlarms, key: AlarmKey): cloudwatch.HorizontalAnnotation[] {
  const pair = alarms.get(key);
  if (!pair) return [];
  return (['warning', 'critical'] as const).map((severity) => ({
    value: pair[severity].toAnnotation().value,
    label: severity,
    color: SEVERITY_COLORS[severity],
  }));
}

/** The header: what this environment is, where the runbook is, and which campaigns are drawn. */
export function headerMarkdown(
  props: Pick<DatabaseDashboardProps, 'environmentName' | 'writer' | 'readerMaxReplicas' | 'definitions' | 'campaigns' | 'runbookUrl'>,
  plan: CampaignBandPlan,
): string {
  const w = props.writer;
  const links = props.definitions
    .filter((d, i, all) => all.findIndex((x) => runbookAnchor(x) === runbookAnchor(d)) === i)
    .map((d) => `[${d.title}](${props.runbookUrl}#${runbookAnchor(d)})`);
  const lines = [
    `# aurora-surge ${props.environmentName}`,
    `Writer **${w.capacity}** · max_connections ≈ ${w.maxConnections} · proxy pool ${w.proxyPool} · readers up to ${props.readerMaxReplicas}`,
    '',
    `**Runbook:** [all alarms](${props.runbookUrl}) · [database at risk](${props.runbookUrl}#database-at-risk) · ${links.join(' · ')}`,
    '',
    '**Campaigns** (shaded bands on every graph; times UTC):',
    '',
  ];
  if (props.campaigns.length === 0) lines.push('No campaign in the calendar for this environment.');
  const drawn = new Map<string, CampaignBand[]>();
  for (const band of plan.bands) drawn.set(band.campaignId, [...(drawn.get(band.campaignId) ?? []), band]);
  for (const c of props.campaigns) {
    const bands = drawn.get(c.id) ?? [];
    const undrawn = plan.undrawn.find((u) => u.campaignId === c.id);
    const first = bands[0];
    const last = bands[bands.length - 1];
    if (undrawn) lines.push(`- **${c.id}**: ${undrawn.schedule} — not drawn (${undrawn.reason})`);
    else if (c.schedule.kind === 'once') {
      if (!first) throw new Error(`Dashboard plan has neither a band nor an undrawn entry for campaign ${c.id}`);
      lines.push(`- **${c.id}**: ${isoInstant(first.startMs)} → ${isoInstant(first.endMs)}`);
    } else
      lines.push(
        `- **${c.id}**: weekly, ${bands.length} windows drawn, ${first && last ? `${isoInstant(first.startMs)} … ${isoInstant(last.endMs)}` : 'none in its validity range'}`,
      );
  }
  return lines.join('\n');
}
