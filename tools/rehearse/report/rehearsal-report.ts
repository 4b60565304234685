import type { ConsistencyLine } from '../consistency';
import type { QueryInsights } from '../insights/query-insights';
import type { RunMeasurements } from '../metrics';
import type { RehearsalPlan } from '../plan';
import type { EndpointRole } from '../types';
import type { PeakComparison, Verdict } from '../verdict';

/** A statement of the workload, as the report lists it. */
export interface ReportedStatement {
  readonly name: string;
  readonly endpoint: EndpointRole;
  readonly weight: number;
  readonly text: string;
}

/** Everything a report shows; rendered to Markdown and HTML by pure functions. */
export interface RehearsalReport {
  readonly plan: RehearsalPlan;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** How long the load ran, in milliseconds. */
  readonly elapsedMs: number;
  readonly interrupted: boolean;
  readonly endpoints: { readonly writer: string; readonly reader: string; readonly tls: string };
  readonly schema: { readonly name: string; readonly kept: boolean };
  /** Scratch schemas of earlier runs found at start, and the command that drops them. @default - none found */
  readonly leftoverSchemas?: { readonly names: readonly string[]; readonly dropCommand: string };
  /** The rehearsed peak beside the campaign's expected one. */
  readonly peak: PeakComparison;
  readonly workload: { readonly description: string; readonly statements: readonly ReportedStatement[] };
  readonly measurements: RunMeasurements;
  readonly verdict: Verdict;
  /** Undefined when the rows could not be counted, or the workload does not include the shop. */
  readonly consistency?: readonly ConsistencyLine[];
  readonly queryInsights: QueryInsights;
}
