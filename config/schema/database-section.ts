import * as z from 'zod';
import { databaseSchema } from './database';
import { existingDatabaseSchema } from './existing-database';

/** A cluster the stack creates: `kind` may be left out (the committed environments before `existing` existed). */
export const createdDatabaseSchema = databaseSchema.extend({
  /** @default 'create' */
  kind: z.literal('create').default('create'),
});

/** The `database` section: a cluster the stack creates, or an existing one it builds around. */
export const databaseSectionSchema = z.discriminatedUnion('kind', [createdDatabaseSchema, existingDatabaseSchema], {
  error:
    'is not a database kind. Fix: set kind to "create" (the stack creates the cluster; the default) or "existing" (the stack builds around a cluster you run)',
});

export type DatabaseSectionConfig = z.output<typeof databaseSectionSchema>;
export type CreatedDatabaseSectionConfig = z.output<typeof createdDatabaseSchema>;
