import { z } from 'zod';
import type { databaseSchema } from './database';
import { databaseSectionSchema } from './database-section';
import { monitoringSchema } from './monitoring';
import { networkSchema } from './network';
import { preScalerSchema } from './pre-scaler';
import { proxySchema } from './proxy';
import { readerAutoScalingSchema } from './reader-auto-scaling';
import { rehearsalSchema } from './rehearsal';

/**
 * One deployment environment. Each section lives in its own file beside this one; cross-section rules
 * live in `rules.ts`, as data.
 */
export const environmentSchema = z.strictObject({
  /** Short name used in stack and resource names: `dev`, `staging`, `prod`. */
  name: z.string().regex(/^[a-z][a-z0-9-]{1,14}$/, { error: 'must be 2–15 lower-case letters, digits or dashes, starting with a letter' }),
  /** Production rules apply (stricter validation, failing budget checks, rehearsal refused without a flag). */
  production: z.boolean(),
  /** Target AWS account (12 digits). */
  account: z.string().regex(/^\d{12}$/, { error: 'must be a 12-digit AWS account id' }),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'must be an AWS region such as "eu-west-1"' }),
  tags: z.strictObject({
    environment: z.string().min(1),
    costCentre: z.string().min(1, { error: 'must name the cost centre that pays for this environment' }),
    owner: z.string().min(1, { error: 'must name the owning team or person' }),
  }),
  network: networkSchema,
  /** The cluster the stack creates (`kind: 'create'`, the default) or an existing one it builds around (`kind: 'existing'`). */
  database: databaseSectionSchema,
  proxy: proxySchema,
  readerAutoScaling: readerAutoScalingSchema,
  preScaler: preScalerSchema,
  rehearsal: rehearsalSchema,
  monitoring: monitoringSchema,
});

/** What an environment file declares (before defaults are applied). */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** A validated environment, with defaults applied. */
export type EnvironmentConfig = z.output<typeof environmentSchema>;

/**
 * An environment whose stack creates the cluster: what the rules over the created cluster's fields
 * (backups, fixed readers, removal policy…) read. `validateEnvironment` runs them only for such an environment.
 */
export type CreatedClusterEnvironmentInput = Omit<EnvironmentInput, 'database'> & { readonly database: z.input<typeof databaseSchema> };
