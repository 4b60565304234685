/**
 * A writer's capacity: a provisioned instance class, or a Serverless v2 range in ACU. The one
 * writer-capacity type of the project: the environment's writer (`config`), the baseline, the desired
 * writer (`DesiredWriter` adds the campaign behind it) and the connection budget (`lib`) all use it.
 */
export type WriterCapacity =
  | { readonly kind: 'provisioned'; readonly instanceClass: string }
  | { readonly kind: 'serverless-v2'; readonly minCapacity: number; readonly maxCapacity: number };
