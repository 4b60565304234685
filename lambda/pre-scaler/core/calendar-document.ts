import type { Campaign, CampaignProblem } from './campaign';
import { validateCampaignInputs } from './campaign';
import type { CampaignInput } from './campaign-schema';
import type { PlannerSettings } from './settings';

/**
 * What synth hands the pre-scaler Lambda (as JSON): the environment's planner settings and its
 * calendar entries, as written. The Lambda validates the entries with the same rules as synth.
 */
export interface CalendarDocument {
  readonly settings: PlannerSettings;
  readonly campaigns: readonly CampaignInput[];
}

/** Validates a calendar document's campaigns; throws one error listing every problem. */
export function parseCalendarDocument(document: CalendarDocument): { settings: PlannerSettings; campaigns: Campaign[] } {
  const { campaigns, problems } = validateCampaignInputs(document.campaigns);
  if (problems.length > 0) throw new CalendarDocumentError(problems);
  return { settings: document.settings, campaigns };
}

export class CalendarDocumentError extends Error {
  constructor(readonly problems: readonly CampaignProblem[]) {
    super(
      `Invalid calendar document (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n')}`,
    );
    this.name = 'CalendarDocumentError';
  }
}
