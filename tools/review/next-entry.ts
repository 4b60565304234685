import { compareInstanceClasses, INSTANCE_CLASSES, requireSpec } from '../../config/instance-classes';

/** What the sizing model needs from the measurements. */
/** A peak at or above this CPU percent was capped by the instance: the demand behind it is unknown. */
const SATURATED_PERCENT = 95;

export interface SizingInput {
  /** Highest writer CPU in the window, percent. */
  readonly peakWriterCpuPercent: number;
  /** The writer's class when that peak was measured. */
  readonly writerClassAtPeak: string;
  /** Highest average reader CPU in the window, percent, and the readers there were then. */
  readonly peakReaderCpuPercent?: number;
  readonly readersAtPeak?: number;
  /** The readers' class at the peak (the standby and auto-scaled replicas follow the writer's class). */
  readonly readerClassAtPeak: string;
  /** Writer CPU warning threshold (monitoring.thresholds.writerCpuPercent.warning): the line to stay under. */
  readonly writerCpuTargetPercent: number;
  /** Reader CPU warning threshold (monitoring.thresholds.readerCpuPercent.warning). */
  readonly readerCpuTargetPercent: number;
  /** The floor may not go below the baseline (readerAutoScaling.minReplicas) nor above maxReplicas. */
  readonly minReaders: number;
  readonly maxReaders: number;
}

export interface SizingAdvice {
  readonly writerClass: string;
  /** The writer CPU the model predicts at that class for the same load. */
  readonly predictedWriterCpuPercent: number;
  readonly readerFloor: number;
  readonly predictedReaderCpuPercent?: number;
  /** How the figures were reached, one sentence each. */
  readonly explanation: readonly string[];
}

/**
 * The smallest writer class and reader floor that would have kept CPU under the warning thresholds.
 *
 * Model: the campaign's CPU work is fixed; CPU percent scales inversely with the vCPUs serving it. So a
 * writer that peaked at `c %` on `v` vCPUs peaks at `c × v / v'` on `v'` vCPUs (same family, same
 * generation: a different family's per-vCPU speed differs and the model does not know by how much). Reader
 * load spreads evenly over readers of one class: `n` readers at `r %` need `⌈r × n × v / (v' × target)⌉`.
 * It ignores what does not scale with vCPUs (locks, I/O waits, a single hot row); a rehearsal at the new
 * size (npm run rehearse) is the check.
 */
export function sizeNextEntry(input: SizingInput): SizingAdvice {
  const at = requireSpec(input.writerClassAtPeak);
  const family = input.writerClassAtPeak.split('.')[1];
  const ladder = [...INSTANCE_CLASSES.values()]
    .filter((s) => s.name.split('.')[1] === family && !s.burstable)
    .sort((a, b) => compareInstanceClasses(a.name, b.name));
  const cpuOn = (vcpus: number) => (input.peakWriterCpuPercent * at.vcpus) / vcpus;
  const fits = ladder.find((s) => cpuOn(s.vcpus) <= input.writerCpuTargetPercent);
  const chosen = fits ?? ladder[ladder.length - 1] ?? at;
  const explanation = [
    `The writer peaked at ${round1(input.peakWriterCpuPercent)} % CPU on ${at.name} (${at.vcpus} vCPUs). CPU is taken to scale inversely with vCPUs within the ${family} family, so ${chosen.name} (${chosen.vcpus} vCPUs) would have peaked near ${round1(cpuOn(chosen.vcpus))} %, ${fits ? 'under' : '**still over**'} the ${input.writerCpuTargetPercent} % warning threshold${fits ? '' : ` (the largest ${family} class; the load needs more than one writer can give, or query work)`}; ${fits ? 'it is the smallest class that is.' : ''}`.trim(),
  ];
  if (input.peakWriterCpuPercent >= SATURATED_PERCENT)
    explanation.push(
      `At ${round1(input.peakWriterCpuPercent)} % the writer was saturated: the load it was asked for may have been higher than it could show, so treat ${chosen.name} as a minimum and rehearse it.`,
    );
  let readerFloor = input.minReaders;
  let predictedReaderCpuPercent: number | undefined;
  if (input.peakReaderCpuPercent !== undefined && input.readersAtPeak !== undefined && input.readersAtPeak > 0) {
    const readerAt = requireSpec(input.readerClassAtPeak);
    const work = input.peakReaderCpuPercent * input.readersAtPeak * readerAt.vcpus;
    const needed = Math.ceil(work / (chosen.vcpus * input.readerCpuTargetPercent));
    readerFloor = Math.min(input.maxReaders, Math.max(input.minReaders, needed));
    predictedReaderCpuPercent = work / (chosen.vcpus * readerFloor);
    explanation.push(
      `Readers averaged ${round1(input.peakReaderCpuPercent)} % CPU at the peak with ${input.readersAtPeak} ${readerAt.name} readers; spread over ${readerFloor} ${chosen.name} readers that is about ${round1(predictedReaderCpuPercent)} % (warning ${input.readerCpuTargetPercent} %)${needed > input.maxReaders ? `, capped at readerAutoScaling.maxReplicas ${input.maxReaders}: raise it` : ''}.`,
    );
  } else {
    explanation.push('No reader CPU or reader count was measured at the peak: the reader floor is kept at the baseline.');
  }
  return {
    writerClass: chosen.name,
    predictedWriterCpuPercent: cpuOn(chosen.vcpus),
    readerFloor,
    ...(predictedReaderCpuPercent !== undefined ? { predictedReaderCpuPercent } : {}),
    explanation,
  };
}

function round1(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}
