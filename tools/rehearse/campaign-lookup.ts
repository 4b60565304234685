import { z } from 'zod';
import { CAMPAIGNS } from '../../config/campaigns';
import type { CampaignInput } from '../../config/schema/campaign';

/**
 * What the rehearsal reads from a campaign entry of the calendar (`config/campaigns.ts`, exported
 * `CAMPAIGNS`): its id, the environments it is planned for and, when it states one, its expected peak.
 */
export interface RehearsalCampaign {
  readonly id: string;
  /** Environments the campaign is planned for. @default - not stated */
  readonly environments?: readonly string[] | undefined;
  /** The traffic the campaign is expected to bring. @default - the rehearsal config's default multiple of baseline */
  readonly expectedPeak?: ExpectedPeak | undefined;
}

/** A campaign's expected peak; any of the three may be given. */
export interface ExpectedPeak {
  /** Client connections at the peak, across both endpoints. */
  readonly clientConnections?: number | undefined;
  /** Transactions per second at the peak. */
  readonly transactionsPerSecond?: number | undefined;
  /** The peak as a multiple of the environment's baseline (used for what is not given explicitly). */
  readonly multipleOfBaseline?: number | undefined;
}

/** Raised when a campaign id is unknown or the calendar cannot be read. */
export class CampaignLookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CampaignLookupError';
  }
}

const positive = z.number().positive().optional();
const entrySchema = z.object({
  id: z.string(),
  environments: z.array(z.string()).readonly().optional(),
  expectedPeak: z.object({ clientConnections: positive, transactionsPerSecond: positive, multipleOfBaseline: positive }).optional(),
});

/** Loads the calendar's entries (injectable for tests). */
export type CampaignSource = () => Promise<unknown>;

/**
 * Compile-time check that every calendar entry (`CampaignInput`, config/schema/campaign.ts) can be read as
 * a {@link RehearsalCampaign}: if the calendar's shape drifts, type-checking fails here. Entries are also
 * checked at run time, so a malformed one gets a clear message.
 */
const calendarEntriesFit: CampaignInput extends RehearsalCampaign ? true : never = true;
void calendarEntriesFit;

/** The committed calendar, `CAMPAIGNS` from config/campaigns.ts. */
export const calendarSource: CampaignSource = async () => CAMPAIGNS;

/** Finds a campaign by id in the calendar. */
export async function findCampaign(id: string, source: CampaignSource = calendarSource): Promise<RehearsalCampaign> {
  const raw = await source();
  const entries: unknown[] = Array.isArray(raw) ? raw : typeof raw === 'object' && raw !== null ? Object.values(raw) : [];
  const ids: string[] = [];
  for (const [i, entry] of entries.entries()) {
    const parsed = entrySchema.safeParse(entry);
    if (!parsed.success) {
      const entryId = (entry as { id?: unknown } | null)?.id;
      if (entryId === id) {
        throw new CampaignLookupError(
          `--campaign ${id}: the calendar entry (CAMPAIGNS[${i}]) cannot be read: ${parsed.error.issues.map((x) => `${x.path.join('.') || '(entry)'} ${x.message}`).join('; ')}. Fix: correct the entry in config/campaigns.ts.`,
        );
      }
      continue;
    }
    ids.push(parsed.data.id);
    if (parsed.data.id === id) return parsed.data;
  }
  throw new CampaignLookupError(
    `--campaign ${id}: no campaign with this id in config/campaigns.ts. Fix: use one of ${ids.length ? ids.join(', ') : '(the calendar is empty)'}, or add the campaign to the calendar.`,
  );
}
