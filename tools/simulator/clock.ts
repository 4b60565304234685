/** Simulated time, in epoch milliseconds. Only the model moves it forward. */
export class SimulatedClock {
  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  /** Moves to `ms`; time never goes back. */
  moveTo(ms: number): void {
    if (ms < this.current)
      throw new Error(`simulated time cannot go back (from ${new Date(this.current).toISOString()} to ${new Date(ms).toISOString()})`);
    this.current = ms;
  }
}

/** A small seeded generator (mulberry32): the same seed gives the same simulation. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
