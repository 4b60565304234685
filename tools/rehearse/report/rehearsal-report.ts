import type { ConsistencyLine } from '../consistency';
import type { RunMeasurements } from '../metrics';
import type { RehearsalPlan } from '../plan';
import type { Verdict } from '../verdict';

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
  readonly measurements: RunMeasurements;
  readonly verdict: Verdict;
  /** Undefined when the rows could not be counted (e.g. the run stopped before the schema existed). */
  readonly consistency?: readonly ConsistencyLine[];
}
