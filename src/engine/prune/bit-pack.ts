/** Pack 0/1 bytes into bits, least significant bit first: bit i of the stream is byte ⌊i/8⌋, bit i mod 8. */
export function packBits(bits: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) if (bits[i]) out[i >> 3] |= 1 << (i & 7);
  return out;
}

/** Inverse of {@link packBits}; `length` is the number of bits. */
export function unpackBits(packed: Uint8Array, length: number): Uint8Array {
  if (packed.length !== Math.ceil(length / 8)) {
    throw new Error(`${packed.length} packed bytes cannot hold exactly ${length} bits`);
  }
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (packed[i >> 3] >> (i & 7)) & 1;
  return out;
}
