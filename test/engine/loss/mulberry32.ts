import { mulberry32 } from '../../../src/engine/features/rng';

export { mulberry32 };

/** Integers in [0, n) from a seed. */
export function randomInts(seed: number): (n: number) => number {
  const next = mulberry32(seed);
  return (n) => Math.floor(next() * n);
}
