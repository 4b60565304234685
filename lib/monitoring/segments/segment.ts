import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { AlarmDefinition, AlarmDefinitionInputs, AlarmKey } from '../alarms';
import type { CampaignBand } from '../campaign-bands';

/** One campaign's expected peak, drawn as a horizontal line on the graph of the same unit. */
export interface ExpectedPeakLine {
  readonly campaignId: string;
  readonly value: number;
}

/** What a segment draws its widgets with: the graph factory (campaign bands included) and the alarm lines. */
export interface WidgetKit {
  /** A graph 8 units wide (a third of the dashboard), campaign bands drawn, one-minute period. */
  graph(props: cloudwatch.GraphWidgetProps): cloudwatch.GraphWidget;
  /** The same, 6 units wide (a quarter). */
  narrow(props: cloudwatch.GraphWidgetProps): cloudwatch.GraphWidget;
  /** An alarm's warning and critical thresholds as horizontal lines. */
  lines(key: AlarmKey): cloudwatch.HorizontalAnnotation[];
  /** The bands drawn on every graph (current and upcoming campaigns, and their scale-up lead). */
  readonly bands: readonly CampaignBand[];
  /** Expected peaks of the campaigns drawn, by unit. */
  readonly expectedPeaks: {
    readonly transactionsPerSecond: readonly ExpectedPeakLine[];
    readonly clientConnections: readonly ExpectedPeakLine[];
  };
}

/**
 * One part of the monitoring, as cdk-monitoring-constructs splits it: a segment owns its metrics (it
 * reads them from {@link DatabaseMetrics} and nowhere else), its alarm definitions and its dashboard
 * widgets. The monitoring construct creates every segment's alarms with one alarm model
 * (`createAlarms`) and lays out every segment's rows on the dashboard.
 */
export interface MonitoringSegment {
  /** `writer`, `readers`, `proxy`, `pre-scaler`. */
  readonly name: string;
  alarmDefinitions(inputs: AlarmDefinitionInputs): AlarmDefinition[];
  /** The segment's dashboard rows, top to bottom. */
  widgets(inputs: AlarmDefinitionInputs, kit: WidgetKit): cloudwatch.IWidget[][];
}
