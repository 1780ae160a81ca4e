/**
 * In-place iterative radix-2 complex FFT (decimation in time) for a fixed power-of-two size,
 * with the bit-reversal permutation and twiddle factors precomputed. Forward transform, no scaling:
 * X[k] = Σ_n x[n]·e^(−2πi·kn/N).
 */
export class Fft {
  private readonly reversed: Uint32Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 2 || (size & (size - 1)) !== 0) {
      throw new RangeError(`FFT size must be a power of two ≥ 2, got ${size}`);
    }
    const bits = Math.log2(size);
    this.reversed = new Uint32Array(size);
    for (let i = 0; i < size; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.reversed[i] = r;
    }
    this.cos = new Float64Array(size / 2);
    this.sin = new Float64Array(size / 2);
    for (let k = 0; k < size / 2; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / size);
      this.sin[k] = -Math.sin((2 * Math.PI * k) / size);
    }
  }

  /** Transforms (re, im) in place; both must have length `size`. */
  transform(re: Float64Array, im: Float64Array): void {
    const { reversed } = this;
    for (let i = 0; i < this.size; i++) {
      const j = reversed[i];
      if (j > i) {
        const r = re[i];
        re[i] = re[j];
        re[j] = r;
        const m = im[i];
        im[i] = im[j];
        im[j] = m;
      }
    }
    this.butterflies(re, im);
  }

  /** Input index that belongs at position i before the butterflies (the bit reversal of i). */
  reversedIndex(i: number): number {
    return this.reversed[i];
  }

  /** The butterfly stages over input already in bit-reversed order (see reversedIndex). */
  butterflies(re: Float64Array, im: Float64Array): void {
    const n = this.size;
    const { cos, sin } = this;
    if (n === 2) {
      const r = re[1];
      const m = im[1];
      re[1] = re[0] - r;
      im[1] = im[0] - m;
      re[0] += r;
      im[0] += m;
      return;
    }
    // The first two stages as one radix-4 butterfly per 4 points: their twiddles are 1 and −i, no products.
    for (let a = 0; a < n; a += 4) {
      const r0 = re[a] + re[a + 1];
      const i0 = im[a] + im[a + 1];
      const r1 = re[a] - re[a + 1];
      const i1 = im[a] - im[a + 1];
      const r2 = re[a + 2] + re[a + 3];
      const i2 = im[a + 2] + im[a + 3];
      const r3 = re[a + 2] - re[a + 3];
      const i3 = im[a + 2] - im[a + 3];
      re[a] = r0 + r2;
      im[a] = i0 + i2;
      re[a + 2] = r0 - r2;
      im[a + 2] = i0 - i2;
      re[a + 1] = r1 + i3;
      im[a + 1] = i1 - r3;
      re[a + 3] = r1 - i3;
      im[a + 3] = i1 + r3;
    }
    // Later stages: one twiddle per k, applied to every block.
    for (let len = 8; len <= n; len <<= 1) {
      const halfLen = len >> 1;
      const step = n / len;
      for (let k = 0; k < halfLen; k++) {
        const wr = cos[k * step];
        const wi = sin[k * step];
        for (let a = k; a < n; a += len) {
          const b = a + halfLen;
          const tr = re[b] * wr - im[b] * wi;
          const ti = re[b] * wi + im[b] * wr;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
  }
}

/**
 * Power spectrum of a real signal of power-of-two length N ≥ 4 through one complex FFT of half the size:
 * the even samples go in as the real parts and the odd ones as the imaginary parts, z[n] = x[2n] + i·x[2n+1],
 * Z = FFT_{N/2}(z), and then for k = 0 … N/2 (with Z[N/2] = Z[0] and W = e^(−2πi/N))
 *   X[k] = (Z[k] + conj Z[N/2−k]) / 2 + W^k · (Z[k] − conj Z[N/2−k]) / (2i),
 * of which |X[k]|² is returned (unnormalised, as the complex transform).
 */
export class RealFft {
  private readonly half: Fft;
  /** packFrom[i] = 2·reversed(i): where in x the complex input at bit-reversed position i starts. */
  private readonly packFrom: Uint32Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 4 || (size & (size - 1)) !== 0) {
      throw new RangeError(`real FFT size must be a power of two ≥ 4, got ${size}`);
    }
    const m = size / 2;
    this.half = new Fft(m);
    this.packFrom = Uint32Array.from({ length: m }, (_, i) => 2 * this.half.reversedIndex(i));
    this.re = new Float64Array(m);
    this.im = new Float64Array(m);
    this.cos = new Float64Array(m);
    this.sin = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / size);
      this.sin[k] = -Math.sin((2 * Math.PI * k) / size);
    }
  }

  /** Writes |X[k]|² for k = 0 … size/2 of the real signal `x` (length `size`) into `power` (length size/2 + 1). */
  powerSpectrum(x: Float64Array, power: Float64Array): void {
    const m = this.size / 2;
    const { re, im, cos, sin } = this;
    const { half, packFrom } = this;
    // z[n] = x[2n] + i·x[2n+1], stored straight into bit-reversed order.
    for (let i = 0; i < m; i++) {
      re[i] = x[packFrom[i]];
      im[i] = x[packFrom[i] + 1];
    }
    half.butterflies(re, im);
    const dc = re[0] + im[0];
    const nyquist = re[0] - im[0];
    power[0] = dc * dc;
    power[m] = nyquist * nyquist;
    for (let k = 1; k < m; k++) {
      const ar = re[k];
      const ai = im[k];
      const br = re[m - k];
      const bi = im[m - k];
      // Even part E = (Z[k] + conj Z[m−k]) / 2, odd part O = (Z[k] − conj Z[m−k]) / (2i).
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai - bi);
      const or = 0.5 * (ai + bi);
      const oi = 0.5 * (br - ar);
      const xr = er + cos[k] * or - sin[k] * oi;
      const xi = ei + cos[k] * oi + sin[k] * or;
      power[k] = xr * xr + xi * xi;
    }
  }
}
