import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { Campaign } from '../../lambda/pre-scaler/core';
import type { Severity } from './alarm-naming';
import type { AlarmDefinition, AlarmDefinitionInputs, AlarmKey, DatabaseAlarms } from './alarms';
import { runbookAnchor } from './alarms';
import { campaignBands, isoInstant, type CampaignBand, type CampaignBandPlan, type CampaignBandWindow } from './campaign-bands';
import { CampaignGraphWidget } from './campaign-graph-widget';
import type { ExpectedPeakLine, MonitoringSegment, WidgetKit } from './segments/segment';

const SEVERITY_COLORS: Record<Severity, string> = { warning: cloudwatch.Color.ORANGE, critical: cloudwatch.Color.RED };
const GRAPH_WIDTH = 8;
const GRAPH_HEIGHT = 6;

/**
 * The time zone the dashboard states its times in. Band instants are UTC in the dashboard body, and
 * the header lists every campaign in UTC with its own time zone beside it.
 */
export const DASHBOARD_TIME_ZONE = 'UTC';

export interface DatabaseDashboardProps {
  readonly environmentName: string;
  /** What the segments' widgets are drawn from (metrics, thresholds, the running writer). */
  readonly inputs: AlarmDefinitionInputs;
  /** The segments, in dashboard order. */
  readonly segments: readonly MonitoringSegment[];
  readonly alarms: DatabaseAlarms;
  /** The alarm definitions, for the runbook links (in the order the runbook lists them). */
  readonly definitions: readonly AlarmDefinition[];
  readonly compositeAlarm: cloudwatch.IAlarm;
  /** Every campaign of the environment's calendar; only those in the band window are drawn. */
  readonly campaigns: readonly Campaign[];
  /** The band window: the synth instant and the scale-up lead time. */
  readonly bandWindow: CampaignBandWindow;
  readonly runbookUrl: string;
}

/** The dashboard and the kit later segments (the pre-scaler's) draw their widgets with. */
export interface DatabaseDashboard {
  readonly dashboard: cloudwatch.Dashboard;
  readonly kit: WidgetKit;
  readonly plan: CampaignBandPlan;
}

/**
 * One dashboard per environment: a header (runbook links, campaigns drawn, the time zone) with the
 * alarm states, then each segment's rows. Every graph draws its alarms' thresholds as horizontal lines
 * and the current and upcoming campaigns as shaded bands, each preceded by its scale-up band.
 */
export function createDatabaseDashboard(scope: Construct, id: string, props: DatabaseDashboardProps): DatabaseDashboard {
  const plan = campaignBands(props.campaigns, props.bandWindow);
  const kit = widgetKit(plan.bands, props.alarms, expectedPeaks(props.campaigns, plan));

  const allAlarms = [
    props.compositeAlarm,
    ...[...props.alarms.values()].flatMap((pair) => [pair.critical, pair.warning].filter((a): a is cloudwatch.Alarm => a !== undefined)),
  ];
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
  const rows = props.segments.flatMap((segment) => segment.widgets(props.inputs, kit));
  const dashboard = new cloudwatch.Dashboard(scope, id, {
    dashboardName: `aurora-surge-${props.environmentName}`,
    defaultInterval: Duration.days(1),
    widgets: [header, ...rows],
  });
  return { dashboard, kit, plan };
}

function widgetKit(bands: readonly CampaignBand[], alarms: DatabaseAlarms, peaks: WidgetKit['expectedPeaks']): WidgetKit {
  const graph = (props: cloudwatch.GraphWidgetProps) =>
    new CampaignGraphWidget({ width: GRAPH_WIDTH, height: GRAPH_HEIGHT, period: Duration.minutes(1), ...props, campaignBands: bands });
  return {
    graph,
    narrow: (props) => graph({ width: 6, ...props }),
    lines: (key) => thresholdLines(alarms, key),
    bands,
    expectedPeaks: peaks,
  };
}

/** The expected peaks of the campaigns drawn, by unit. */
function expectedPeaks(campaigns: readonly Campaign[], plan: CampaignBandPlan): WidgetKit['expectedPeaks'] {
  const drawn = campaigns.filter((c) => plan.drawnCampaignIds.includes(c.id));
  const of = (pick: (c: Campaign) => number | undefined): ExpectedPeakLine[] =>
    drawn.flatMap((c) => {
      const value = pick(c);
      return value === undefined ? [] : [{ campaignId: c.id, value }];
    });
  return {
    transactionsPerSecond: of((c) => c.expectedPeak?.transactionsPerSecond),
    clientConnections: of((c) => c.expectedPeak?.clientConnections),
  };
}

/** An alarm's warning and critical thresholds as horizontal lines, in the alarms' colours. */
function thresholdLines(alarms: DatabaseAlarms, key: AlarmKey): cloudwatch.HorizontalAnnotation[] {
  const pair = alarms.get(key);
  if (!pair) return [];
  return (['warning', 'critical'] as const).flatMap((severity) => {
    const alarm = pair[severity];
    return alarm ? [{ value: alarm.toAnnotation().value, label: severity, color: SEVERITY_COLORS[severity] }] : [];
  });
}

function utcDay(ms: number): string {
  return isoInstant(ms).slice(0, 10);
}

/** The header: what this environment is, where the runbook is, which campaigns are drawn, in which time zone. */
export function headerMarkdown(
  props: Pick<DatabaseDashboardProps, 'environmentName' | 'inputs' | 'definitions' | 'campaigns' | 'runbookUrl' | 'bandWindow'>,
  plan: CampaignBandPlan,
): string {
  const w = props.inputs.writer;
  const links = props.definitions
    .filter((d, i, all) => all.findIndex((x) => runbookAnchor(x) === runbookAnchor(d)) === i)
    .map((d) => `[${d.title}](${props.runbookUrl}#${runbookAnchor(d)})`);
  const lead = props.bandWindow.leadTimeMinutes;
  const lines = [
    `# aurora-surge ${props.environmentName}`,
    `Baseline writer **${w.capacity}** · max_connections ≈ ${w.maxConnections} · proxy pool ${w.proxyPool} · readers up to ${props.inputs.readerMaxReplicas}. Connection and memory percentages are of the writer running now.`,
    '',
    `**Runbook:** [all alarms](${props.runbookUrl}) · [database at risk](${props.runbookUrl}#database-at-risk) · ${links.join(' · ')}`,
    '',
    `**Time zone: ${DASHBOARD_TIME_ZONE}.** Times below are ${DASHBOARD_TIME_ZONE}; set the console's time zone to UTC to read the graphs the same way.`,
    '',
    `**Campaigns from ${utcDay(plan.fromMs)} to ${utcDay(plan.toMs)}** (drawn for the synth date ${utcDay(props.bandWindow.now.getTime())}; re-deploy to move the window). Purple: the campaign; teal before it: the ${lead}-minute scale-up lead (start − lead time), when the pre-scaler grows capacity.`,
    '',
  ];
  if (plan.drawnCampaignIds.length === 0 && plan.undrawn.length === 0) lines.push('No campaign in this window for this environment.');
  const bandsOf = new Map<string, CampaignBand[]>();
  for (const band of plan.bands.filter((b) => b.kind === 'campaign'))
    bandsOf.set(band.campaignId, [...(bandsOf.get(band.campaignId) ?? []), band]);
  for (const c of props.campaigns) {
    const undrawn = plan.undrawn.find((u) => u.campaignId === c.id);
    if (undrawn) {
      lines.push(`- **${c.id}**: ${undrawn.schedule} — not drawn (${undrawn.reason})`);
      continue;
    }
    const bands = bandsOf.get(c.id) ?? [];
    const first = bands[0];
    const last = bands[bands.length - 1];
    if (!first || !last) continue;
    const zone = c.schedule.kind === 'weekly' ? c.schedule.timeZone : undefined;
    if (c.schedule.kind === 'once') lines.push(`- **${c.id}**: ${isoInstant(first.startMs)} → ${isoInstant(first.endMs)}`);
    else
      lines.push(
        `- **${c.id}**: weekly (${zone}), ${bands.length} windows drawn, ${isoInstant(first.startMs)} … ${isoInstant(last.endMs)}`,
      );
  }
  return lines.join('\n');
}
