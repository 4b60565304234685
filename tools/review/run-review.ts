import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { RDSClient } from '@aws-sdk/client-rds';
import { CAMPAIGNS } from '../../config/campaigns';
import { loadCalendar } from '../../config/load-calendar';
import type { EnvironmentConfig } from '../../config/schema/environment';
import type { CampaignInput } from '../../lambda/pre-scaler/core';
import { analyzeReview, type Review } from './analyze';
import type { ReviewArgs } from './args';
import { pastWindow, ReviewWindowError } from './campaign-window';
import { collectReviewData, type ReviewClients } from './collect';
import type { Sleep } from './fetch-decisions';
import { type InstancePrice, PRICE_TABLE } from './prices';
import { renderReviewHtml } from './render-html';
import { renderReviewMarkdown } from './render-markdown';
import { parseSnapshot, type ReviewData, SnapshotError } from './review-data';

export interface RunReviewDeps {
  /** The calendar entries as written. @default - the committed calendar */
  readonly calendar?: readonly CampaignInput[];
  /** @default - SDK clients for the environment's region, default credential chain */
  readonly clients?: ReviewClients;
  readonly sleep?: Sleep;
  /** @default - the wall clock */
  readonly nowMs?: number;
  /** @default - the committed table, tools/review/prices.ts */
  readonly prices?: readonly InstancePrice[];
}

export interface ReviewResult {
  readonly review: Review;
  readonly files: readonly string[];
}

/**
 * The review command without the process around it: finds the campaign, reads AWS (or the snapshot),
 * analyses, writes the Markdown, the HTML and, with `--snapshot`, the data.
 */
export async function runReview(args: ReviewArgs, env: EnvironmentConfig, deps: RunReviewDeps = {}): Promise<ReviewResult> {
  const nowMs = args.nowMs ?? deps.nowMs ?? Date.now();
  const { campaigns } = loadCalendar(env, { now: new Date(nowMs), ...(deps.calendar ? { campaigns: deps.calendar } : {}) });
  const campaign = campaigns.find((c) => c.id === args.campaign);
  if (!campaign)
    throw new ReviewWindowError(
      `[${env.name}] --campaign ${args.campaign}: no such campaign for ${env.name} in the calendar. Fix: use one of ${campaigns.map((c) => c.id).join(', ') || '(none)'}.`,
    );
  const entry = ((deps.calendar ?? CAMPAIGNS) as readonly CampaignInput[]).find((e) => e.id === campaign.id) as CampaignInput;

  let data: ReviewData;
  if (args.fromSnapshot) {
    data = parseSnapshot(readSnapshotFile(args.fromSnapshot), args.fromSnapshot);
    if (data.environment !== env.name || data.campaignId !== campaign.id)
      throw new SnapshotError(
        `${args.fromSnapshot}: holds ${data.campaignId} in ${data.environment}, not ${campaign.id} in ${env.name}. Fix: pass --env ${data.environment} --campaign ${data.campaignId}.`,
      );
  } else {
    const window = pastWindow(campaign, env.name, nowMs, args.atMs);
    const clients = deps.clients ?? defaultClients(env.region);
    data = await collectReviewData(
      clients,
      {
        environment: env.name,
        region: env.region,
        campaignId: campaign.id,
        // Names as the stack gives them: lib/surge-database-cluster.ts, lib/connection-proxy.ts, lib/pre-scaler.ts.
        clusterIdentifier: `aurora-surge-${env.name}`,
        proxyName: `aurora-surge-${env.name}`,
        logGroupName: `/aws/lambda/aurora-surge-${env.name}-pre-scaler`,
        leadTimeMinutes: env.preScaler.leadTimeMinutes,
        coolDownMinutes: env.preScaler.coolDownMinutes,
      },
      window,
      nowMs,
      deps.sleep ? { sleep: deps.sleep } : {},
    );
  }
  const review = analyzeReview(data, env, campaign, deps.prices ?? PRICE_TABLE);
  fs.mkdirSync(args.outDir, { recursive: true });
  const base = path.join(args.outDir, `${env.name}-${campaign.id}-${new Date(data.window.startMs).toISOString().slice(0, 10)}`);
  const files = [`${base}.md`, `${base}.html`];
  fs.writeFileSync(`${base}.md`, renderReviewMarkdown(review, entry));
  fs.writeFileSync(`${base}.html`, renderReviewHtml(review, entry, data));
  if (args.snapshot) {
    fs.writeFileSync(`${base}.json`, `${JSON.stringify(data, null, 2)}\n`);
    files.push(`${base}.json`);
  }
  return { review, files };
}

function defaultClients(region: string): ReviewClients {
  return { cloudWatch: new CloudWatchClient({ region }), logs: new CloudWatchLogsClient({ region }), rds: new RDSClient({ region }) };
}

function readSnapshotFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new SnapshotError(
      `--from-snapshot ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Fix: pass the path of a .json written by npm run review -- --snapshot.`,
    );
  }
}
