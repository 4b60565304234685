import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { AddTagsToResourceCommand, type RDSClient, RemoveTagsFromResourceCommand } from '@aws-sdk/client-rds';
import type { STSClient } from '@aws-sdk/client-sts';
import { decodeOverride, encodeOverrideTags, OVERRIDE_TAG_KEYS } from '../../lambda/pre-scaler/contract/surge-tags';
import type { Campaign, OverrideTarget, PlannerSettings } from '../../lambda/pre-scaler/core';
import { resolveCaller } from '../aws-checks/caller';
import { describeError, isAccessDenied } from '../aws-checks/run-check';
import type { SurgeArgs } from './args';
import { estimateReadiness } from './estimate-readiness';
import { ClusterNotFoundError, type FoundCluster, findCluster } from './find-cluster';
import { operatorsRoleNameFor } from '../../lib/operators-role';
import { renderCleared, renderExistingOverride, renderOverrideSet } from './render-surge';
import { validateOverrideRequest } from './validate-override';

/** The environment as `npm run surge` needs it (built from config by `surgeEnvironmentFor`, literal in tests). */
export interface SurgeEnvironment {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly settings: PlannerSettings;
  /** `readerAutoScaling.maxReplicas`. */
  readonly readerMaxReplicas: number;
  /** `preScaler.scheduleRateMinutes`. */
  readonly scheduleRateMinutes: number;
  /** `preScaler.dryRun`: the pre-scaler would only log the override's steps. */
  readonly preScalerDryRun: boolean;
  /** The environment's campaigns (a live one holds a provisioned writer's change, see `render-surge.ts`). @default - none */
  readonly calendar?: readonly Campaign[];
}

export interface SurgeClients {
  readonly sts: STSClient;
  readonly cloudFormation: CloudFormationClient;
  readonly rds: RDSClient;
}

export interface SurgeOptions {
  readonly env: SurgeEnvironment;
  readonly args: SurgeArgs;
  readonly clients: SurgeClients;
  readonly now: () => Date;
}

/** Exit code and what to print: 0 done, 1 AWS refused or the cluster was not found, 2 invalid request. */
export interface SurgeOutcome {
  readonly exitCode: 0 | 1 | 2;
  readonly text: string;
}

const MINUTE = 60_000;

/**
 * `npm run surge`: validates the request against the environment before any AWS call, finds the
 * cluster of the deployed stack, then records the override with ONE `AddTagsToResource` (all of its
 * tags, so it is never half-written) or removes it with ONE `RemoveTagsFromResource`. With
 * `--dry-run` it reads and prints, and writes nothing. The pre-scaler's next run reads the tags.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_AddTagsToResource.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RemoveTagsFromResource.html
 */
export async function runSurge(options: SurgeOptions): Promise<SurgeOutcome> {
  const { env, args, clients } = options;
  const validation = validateOverrideRequest(args, { settings: env.settings, readerMaxReplicas: env.readerMaxReplicas });
  if (!validation.ok)
    return {
      exitCode: 2,
      text: `surge: ${validation.problems.length} problem(s), nothing was changed:\n${validation.problems.map((p) => `  - ${p}`).join('\n')}\n`,
    };
  const request = validation.request;

  const caller = await resolveCaller(clients.sts, env.name);
  if ('check' in caller) return { exitCode: 1, text: problemsText(caller.check.problems) };
  const identity = caller.identity;
  if (identity.account !== env.account)
    return {
      exitCode: 1,
      text: `surge: [${env.name}] the credentials are for account ${identity.account} (${identity.arn}), the config says ${env.account}; nothing was changed.\n  Fix: use the ${env.name} account's credentials (the operators' role ${operatorsRoleNameFor(env.name)}), then run again.\n`,
    };

  let cluster: FoundCluster;
  try {
    cluster = await findCluster(clients, env.name, env.region);
  } catch (err) {
    return refused(err, env.name, 'reading the stack and the cluster');
  }
  const existing = decodeOverride(cluster.tags);

  if (request.kind === 'clear') {
    const present = cluster.tags.some((t) => t.Key !== undefined && OVERRIDE_TAG_KEYS.includes(t.Key));
    if (!present) return { exitCode: 0, text: `surge: [${env.name}] ${cluster.identifier} has no override; nothing to clear.\n` };
    if (!args.dryRun) {
      try {
        await clients.rds.send(new RemoveTagsFromResourceCommand({ ResourceName: cluster.arn, TagKeys: [...OVERRIDE_TAG_KEYS] }));
      } catch (err) {
        return refused(err, env.name, `RemoveTagsFromResource on ${cluster.identifier}`);
      }
    }
    return { exitCode: 0, text: renderCleared(env, cluster, existing, args.dryRun) };
  }

  const nowMs = options.now().getTime();
  const target: OverrideTarget = {
    ...(request.writer ? { writer: request.writer } : {}),
    ...(request.readerFloor !== undefined ? { readerFloor: request.readerFloor } : {}),
    setAtMs: nowMs,
    untilMs: nowMs + request.durationMinutes * MINUTE,
    by: identity.arn || identity.account,
    reason: request.reason,
  };
  if (!args.dryRun) {
    try {
      await clients.rds.send(new AddTagsToResourceCommand({ ResourceName: cluster.arn, Tags: encodeOverrideTags(target) }));
    } catch (err) {
      return refused(err, env.name, `AddTagsToResource on ${cluster.identifier}`);
    }
  }
  const estimate = estimateReadiness({
    settings: env.settings,
    scheduleRateMinutes: env.scheduleRateMinutes,
    nowMs,
    observed: { ...(cluster.writer ? { writer: cluster.writer } : {}), readers: cluster.readers },
    ...(target.writer ? { writer: target.writer } : {}),
    ...(target.readerFloor !== undefined ? { readerFloor: target.readerFloor } : {}),
  });
  const replaced = existing.ok && existing.value ? renderExistingOverride(existing.value) : undefined;
  return { exitCode: 0, text: renderOverrideSet(env, cluster, target, estimate, replaced, args.dryRun) };
}

function problemsText(problems: readonly { problem: string; fix: string }[]): string {
  return `${problems.map((p) => `surge: ${p.problem}\n  ${p.fix}`).join('\n')}\n`;
}

/** An AWS refusal or a missing cluster, as the operator reads it: what failed, and what to do. */
function refused(err: unknown, environment: string, what: string): SurgeOutcome {
  if (err instanceof ClusterNotFoundError) return { exitCode: 1, text: `surge: ${err.message}\n` };
  const fix = isAccessDenied(err)
    ? `Fix: run it with the operators' role ${operatorsRoleNameFor(environment)} (docs/surge-override.md, "Who may run it"), e.g. AWS_PROFILE=<profile that assumes it>.`
    : 'Fix: run again; if it fails the same way, the error names what AWS refused.';
  return { exitCode: 1, text: `surge: [${environment}] ${what} failed: ${describeError(err)}; nothing was changed.\n  ${fix}\n` };
}
