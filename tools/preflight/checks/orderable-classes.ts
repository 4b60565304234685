import { paginateDescribeOrderableDBInstanceOptions, type RDSClient } from '@aws-sdk/client-rds';
import type { EnvironmentConfig } from '../../../config/schema/environment';
import type { Campaign } from '../../../lambda/pre-scaler/core';
import { type CheckResult, type Problem, verdict } from '../../aws-checks/check-result';

export const ORDERABLE_CLASSES_CHECK = { id: 'orderable-classes', title: 'Instance classes orderable in the region and zones' } as const;

/** The instance class Aurora uses for Serverless v2 instances. */
export const SERVERLESS_V2_CLASS = 'db.serverless';

/** One class the environment needs, and who needs it. */
export interface NeededClass {
  readonly instanceClass: string;
  /** `database.writer.instanceClass`, `campaigns["black-friday"].writer.instanceClass`, … */
  readonly neededBy: readonly string[];
}

/**
 * Every instance class the environment can run: the baseline writer, the fixed readers, and every
 * campaign's writer target for this environment (the pre-scaler resizes to it on campaign day).
 */
export function neededClasses(env: EnvironmentConfig, campaigns: readonly Campaign[]): NeededClass[] {
  const byClass = new Map<string, string[]>();
  const need = (cls: string, by: string) => byClass.set(cls, [...(byClass.get(cls) ?? []), by]);
  const writer = env.database.writer;
  if (writer.kind === 'serverless-v2') {
    need(SERVERLESS_V2_CLASS, 'database.writer (Serverless v2) and its readers');
  } else {
    need(writer.instanceClass, 'database.writer.instanceClass');
    env.database.fixedReaders.forEach((r, i) => {
      need(
        r.instanceClass ?? writer.instanceClass,
        `database.fixedReaders[${i}] (${r.name})${r.instanceClass ? '' : ', the writer’s class'}`,
      );
    });
    for (const c of campaigns) {
      if (c.environments.includes(env.name) && c.writer.kind === 'provisioned')
        need(c.writer.instanceClass, `campaigns[${JSON.stringify(c.id)}].writer.instanceClass`);
    }
  }
  return [...byClass].map(([instanceClass, neededBy]) => ({ instanceClass, neededBy }));
}

/** The engine and version as RDS names them (`aurora-postgresql` `16.6`, `aurora-mysql` `8.0.mysql_aurora.3.08.0`). */
export interface EngineVersion {
  readonly engine: string;
  readonly version: string;
}

/**
 * Each needed class can be ordered with the engine version in the region, in every configured zone
 * (the subnet group spans them, and Aurora may place an instance in any of them).
 * `DescribeOrderableDBInstanceOptions` lists, per engine, version and class, the zones that offer it.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeOrderableDBInstanceOptions.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html
 */
export async function checkOrderableClasses(
  rds: RDSClient,
  environment: string,
  region: string,
  engine: EngineVersion,
  classes: readonly NeededClass[],
  zones: readonly string[],
): Promise<CheckResult> {
  const problems: Problem[] = [];
  const details: string[] = [];
  for (const needed of classes) {
    const offered = new Set<string>();
    let orderable = false;
    const pages = paginateDescribeOrderableDBInstanceOptions(
      { client: rds },
      { Engine: engine.engine, EngineVersion: engine.version, DBInstanceClass: needed.instanceClass },
    );
    for await (const page of pages) {
      for (const option of page.OrderableDBInstanceOptions ?? []) {
        orderable = true;
        for (const az of option.AvailabilityZones ?? []) if (az.Name) offered.add(az.Name);
      }
    }
    const who = needed.neededBy.join(', ');
    if (!orderable) {
      problems.push({
        problem: `[${environment}] ${who}: ${needed.instanceClass} cannot be ordered with ${engine.engine} ${engine.version} in ${region}.`,
        fix: `choose a class that \`aws rds describe-orderable-db-instance-options --engine ${engine.engine} --engine-version ${engine.version} --region ${region}\` lists, or another engine version.`,
      });
      continue;
    }
    const missing = zones.filter((z) => !offered.has(z));
    if (missing.length > 0) {
      problems.push({
        problem: `[${environment}] ${who}: ${needed.instanceClass} is not offered in ${missing.join(', ')} (offered in ${[...offered].sort().join(', ') || 'no zone'}).`,
        fix: `choose a class offered in every configured zone, or use zones that offer ${needed.instanceClass}.`,
      });
      continue;
    }
    details.push(`${needed.instanceClass} (${who}): orderable${zones.length > 0 ? ` in ${zones.join(', ')}` : ` in ${region}`}.`);
  }
  return verdict(ORDERABLE_CLASSES_CHECK.id, ORDERABLE_CLASSES_CHECK.title, problems, [`${engine.engine} ${engine.version}:`, ...details]);
}
