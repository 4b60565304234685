import * as fs from 'node:fs';

/**
 * CPU seconds (user + system) of this process's children that have ended and been waited for, with
 * their own waited-for children: Linux's `/proc/self/stat` fields 16 and 17 (`cutime`, `cstime`), in
 * clock ticks of 1/100 s (`getconf CLK_TCK`). Node has no API for `getrusage(RUSAGE_CHILDREN)`.
 * `undefined` where /proc is missing (not Linux). Used by benchmarks and the CPU-measuring test
 * environment, never by a test verdict.
 * @see https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html
 */
export function childCpuSeconds(): number | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return undefined;
  }
  // Field 2, the command name, is in parentheses and may hold spaces: fields are counted after the last ')'.
  // What follows starts at field 3, so field n is at index n - 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cutime = Number(fields[16 - 3]);
  const cstime = Number(fields[17 - 3]);
  return Number.isFinite(cutime) && Number.isFinite(cstime) ? (cutime + cstime) / 100 : undefined;
}

/** CPU seconds (user + system) this process has used itself. */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
