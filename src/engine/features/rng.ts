import { SeededRandom } from '../model/random';

/** Seeded pseudo-random generator (the engine's mulberry32): a function yielding uniform numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

/** Uniform integer in [lo, hi) (hi > lo). */
export function randomInt(rng: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo));
}

/** Standard normal deviate by the Box–Muller transform. */
export function gaussian(rng: () => number): number {
  const u = 1 - rng(); // (0, 1]
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
