import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { isoInstant, type CampaignBand } from './campaign-bands';

/** Colour of the campaign bands (CloudWatch shades the band with a light tint of it). */
export const CAMPAIGN_BAND_COLOR = '#9467bd';
/** Colour of the scale-up bands: the lead time before a campaign, when the pre-scaler grows capacity. */
export const SCALE_UP_BAND_COLOR = '#17becf';

/** The part of a graph widget's dashboard-body JSON that the bands are added to. */
export interface GraphWidgetJson {
  readonly properties: {
    readonly annotations?: { readonly vertical?: readonly unknown[]; readonly [key: string]: unknown };
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

export interface CampaignGraphWidgetProps extends cloudwatch.GraphWidgetProps {
  /**
   * Campaign windows drawn as shaded vertical bands.
   * @default []
   */
  readonly campaignBands?: readonly CampaignBand[];
}

/**
 * A graph widget that also draws campaign windows as shaded vertical bands.
 *
 * The dashboard body describes a vertical band as an array of two annotations, the start (with
 * label and colour) and the end; aws-cdk-lib's `VerticalAnnotation` can only express a single line
 * shaded before or after it (aws/aws-cdk#29070), so this adds the bands to the widget's JSON.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html#CloudWatch-Dashboard-Properties-Annotation-Format
 * @see https://github.com/aws/aws-cdk/issues/29070
 */
export class CampaignGraphWidget extends cloudwatch.GraphWidget {
  private readonly bands: readonly CampaignBand[];

  constructor(props: CampaignGraphWidgetProps) {
    const { campaignBands, ...graph } = props;
    super(graph);
    this.bands = campaignBands ?? [];
  }

  override toJson(): GraphWidgetJson[] {
    return super.toJson().map((widget: GraphWidgetJson) => {
      if (this.bands.length === 0) return widget;
      const annotations = widget.properties.annotations ?? {};
      return {
        ...widget,
        properties: {
          ...widget.properties,
          annotations: { ...annotations, vertical: [...(annotations.vertical ?? []), ...this.bands.map(bandJson)] },
        },
      };
    });
  }
}

/**
 * One band in dashboard-body form: `[{ value: start, label, color }, { value: end }]`. A scale-up band
 * is labelled `<id>: scale-up` and drawn in its own colour, so the on-call sees where capacity starts to grow.
 */
export function bandJson(band: CampaignBand): [{ value: string; label: string; color: string }, { value: string }] {
  const scaleUp = band.kind === 'scale-up';
  return [
    {
      value: isoInstant(band.startMs),
      label: scaleUp ? `${band.campaignId}: scale-up` : band.campaignId,
      color: scaleUp ? SCALE_UP_BAND_COLOR : CAMPAIGN_BAND_COLOR,
    },
    { value: isoInstant(band.endMs) },
  ];
}
