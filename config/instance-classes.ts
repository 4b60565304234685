/**
 * The Aurora DB instance classes this project knows, with the figures the stack needs from them:
 * memory (for `max_connections` and the proxy pool), vCPUs, and an ordering for "bigger than".
 *
 * Only classes that Aurora PostgreSQL and Aurora MySQL both offer are listed. Adding a class is one
 * line here; an unknown class in config is a synth error that names the nearest known ones.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.Summary.html
 */
import { knownClassesHint as coreKnownClassesHint } from '../lambda/pre-scaler/core/calendar-rules';

export interface InstanceClassSpec {
  /** e.g. `db.r6g.large` */
  readonly name: string;
  readonly vcpus: number;
  /** Nominal memory in GiB, as in the AWS instance class table. */
  readonly memoryGiB: number;
  /** Burstable classes (db.t*) are for dev/test only. */
  readonly burstable: boolean;
}

/** vCPUs and memory (GiB) of each memory-optimised size: the r-families share the 8 GiB per vCPU ratio. */
const SIZE_SPECS: Readonly<Record<string, readonly [vcpus: number, memoryGiB: number]>> = {
  large: [2, 16],
  xlarge: [4, 32],
  '2xlarge': [8, 64],
  '4xlarge': [16, 128],
  '8xlarge': [32, 256],
  '12xlarge': [48, 384],
  '16xlarge': [64, 512],
  '24xlarge': [96, 768],
};

const UP_TO_16XLARGE = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'] as const;

/**
 * The sizes each memory-optimised family really has in Aurora (the "Supported DB engines for DB
 * instance classes" tables): the Graviton2/3 families (db.r6g, db.r7g) stop at 16xlarge; db.r5,
 * db.r6i, db.r7i and db.r8g have 24xlarge. A size a family lacks would pass validation and fail at
 * deploy, so it is not listed. (db.r6i.32xlarge and the 48xlarge sizes exist but are left out: the
 * Aurora MySQL max_connections table in lib/connection-budget.ts stops at 768 GiB.)
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html
 */
const MEMORY_OPTIMISED_SIZES: Readonly<Record<string, readonly string[]>> = {
  r5: [...UP_TO_16XLARGE, '24xlarge'],
  r6g: UP_TO_16XLARGE,
  r6i: [...UP_TO_16XLARGE, '24xlarge'],
  r7g: UP_TO_16XLARGE,
  r7i: [...UP_TO_16XLARGE, '24xlarge'],
  r8g: [...UP_TO_16XLARGE, '24xlarge'],
};

function memoryOptimised(): InstanceClassSpec[] {
  return Object.entries(MEMORY_OPTIMISED_SIZES).flatMap(([family, sizes]) =>
    sizes.map((size) => {
      const spec = SIZE_SPECS[size];
      if (spec === undefined) throw new Error(`config/instance-classes.ts: size "${size}" of db.${family} has no vCPU/memory entry`);
      return { name: `db.${family}.${size}`, vcpus: spec[0], memoryGiB: spec[1], burstable: false };
    }),
  );
}

const BURSTABLE: InstanceClassSpec[] = [
  { name: 'db.t3.medium', vcpus: 2, memoryGiB: 4, burstable: true },
  { name: 'db.t3.large', vcpus: 2, memoryGiB: 8, burstable: true },
  { name: 'db.t4g.medium', vcpus: 2, memoryGiB: 4, burstable: true },
  { name: 'db.t4g.large', vcpus: 2, memoryGiB: 8, burstable: true },
];

export const INSTANCE_CLASSES: ReadonlyMap<string, InstanceClassSpec> = new Map(
  [...BURSTABLE, ...memoryOptimised()].map((spec) => [spec.name, spec]),
);

/** Shape of an RDS instance class name: `db.<family>.<size>` (defined once, in the pre-scaler's core, which the Lambda bundles). */
export { INSTANCE_CLASS_NAME_PATTERN as INSTANCE_CLASS_PATTERN } from '../lambda/pre-scaler/core/campaign-schema';

export function instanceClassSpec(name: string): InstanceClassSpec | undefined {
  return INSTANCE_CLASSES.get(name);
}

/**
 * Compares two known classes by capacity: memory first (it drives `max_connections` and the buffer
 * cache), then vCPUs. Negative when `a` is smaller. Throws on an unknown class: callers validate first.
 */
export function compareInstanceClasses(a: string, b: string): number {
  const sa = requireSpec(a);
  const sb = requireSpec(b);
  return sa.memoryGiB - sb.memoryGiB || sa.vcpus - sb.vcpus;
}

export function requireSpec(name: string): InstanceClassSpec {
  const spec = INSTANCE_CLASSES.get(name);
  if (!spec) {
    throw new Error(`Unknown instance class "${name}". Known classes: ${knownClassesHint(name)}`);
  }
  return spec;
}

/** A short list of known classes to print in an error: the same family first (the rule lives in the core, which the Lambda shares). */
export function knownClassesHint(name: string): string {
  return coreKnownClassesHint(name, Object.fromEntries(INSTANCE_CLASSES));
}
