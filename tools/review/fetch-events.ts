import { paginateDescribeEvents, type RDSClient, type SourceType } from '@aws-sdk/client-rds';
import type { RdsEvent } from './review-data';

/** RDS returns events of the past 14 days only. @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeEvents.html */
export const RDS_EVENT_RETENTION_DAYS = 14;

/** Identifiers start with this for replicas Aurora Auto Scaling creates (Aurora User Guide, Aurora Auto Scaling). */
const AUTO_SCALED_PREFIX = 'application-autoscaling-';

/**
 * The cluster's and its instances' RDS events in the range (failovers, class changes, reboots, replicas
 * added and removed), paginated with `Marker`. Instance events are kept when the instance belongs to this
 * cluster by name: `<cluster>-…` for the stack's instances, `application-autoscaling-…` for auto-scaled
 * replicas (DescribeEvents cannot filter instances by cluster).
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeEvents.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_Events.Messages.html
 */
export async function fetchEvents(
  client: RDSClient,
  clusterIdentifier: string,
  range: { fromMs: number; toMs: number },
): Promise<RdsEvent[]> {
  const out: RdsEvent[] = [];
  const sources: { type: SourceType; id?: string }[] = [{ type: 'db-cluster', id: clusterIdentifier }, { type: 'db-instance' }];
  for (const source of sources) {
    const pages = paginateDescribeEvents(
      { client },
      {
        SourceType: source.type,
        ...(source.id ? { SourceIdentifier: source.id } : {}),
        StartTime: new Date(range.fromMs),
        EndTime: new Date(range.toMs),
      },
    );
    for await (const page of pages) {
      for (const e of page.Events ?? []) {
        const sourceId = e.SourceIdentifier ?? '';
        if (source.type === 'db-instance' && !sourceId.startsWith(`${clusterIdentifier}-`) && !sourceId.startsWith(AUTO_SCALED_PREFIX))
          continue;
        out.push({
          atMs: e.Date?.getTime() ?? 0,
          sourceId,
          sourceType: source.type,
          message: e.Message ?? '',
          categories: e.EventCategories ?? [],
        });
      }
    }
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}
