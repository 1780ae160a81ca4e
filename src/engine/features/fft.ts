/**
 * In-place iterative complex FFT (decimation in time, radix 4 with one radix-2 stage for odd powers of two) for a
 * fixed power-of-two size, with the bit-reversal permutation and twiddle factors precomputed. Forward, no scaling:
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
    this.cos = new Float64Array(size);
    this.sin = new Float64Array(size);
    for (let k = 0; k < size; k++) {
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

  /**
   * The butterfly stages over input already in bit-reversed order (see reversedIndex): one radix-2 stage when
   * log2(size) is odd, then radix-4 stages. A radix-4 stage merges four adjacent transforms A0…A3 of length q
   * into one of length 4q: with W = e^(−2πi/4q), t1 = W^2k·A1[k], t2 = W^k·A2[k], t3 = W^3k·A3[k],
   *   X[k] = A0[k] + t1 + (t2 + t3),      X[k+2q] = A0[k] + t1 − (t2 + t3),
   *   X[k+q] = A0[k] − t1 − i(t2 − t3),   X[k+3q] = A0[k] − t1 + i(t2 − t3)
   * (bit reversal leaves the middle two blocks swapped relative to base-4 digit reversal, hence W^2k on A1).
   */
  butterflies(re: Float64Array, im: Float64Array): void {
    const n = this.size;
    const { cos, sin } = this;
    let q = 1;
    if ((Math.log2(n) & 1) === 1) {
      for (let a = 0; a < n; a += 2) {
        const r = re[a + 1];
        const m = im[a + 1];
        re[a + 1] = re[a] - r;
        im[a + 1] = im[a] - m;
        re[a] += r;
        im[a] += m;
      }
      q = 2;
    }
    for (; 4 * q <= n; q *= 4) {
      const step = n / (4 * q);
      for (let k = 0; k < q; k++) {
        const w1r = cos[k * step];
        const w1i = sin[k * step];
        const w2r = cos[2 * k * step];
        const w2i = sin[2 * k * step];
        const w3r = cos[3 * k * step];
        const w3i = sin[3 * k * step];
        for (let a0 = k; a0 < n; a0 += 4 * q) {
          const a1 = a0 + q;
          const a2 = a1 + q;
          const a3 = a2 + q;
          const t1r = re[a1] * w2r - im[a1] * w2i;
          const t1i = re[a1] * w2i + im[a1] * w2r;
          const t2r = re[a2] * w1r - im[a2] * w1i;
          const t2i = re[a2] * w1i + im[a2] * w1r;
          const t3r = re[a3] * w3r - im[a3] * w3i;
          const t3i = re[a3] * w3i + im[a3] * w3r;
          const sr = re[a0] + t1r;
          const si = im[a0] + t1i;
          const dr = re[a0] - t1r;
          const di = im[a0] - t1i;
          const pr = t2r + t3r;
          const pi = t2i + t3i;
          const mr = t2r - t3r;
          const mi = t2i - t3i;
          re[a0] = sr + pr;
          im[a0] = si + pi;
          re[a2] = sr - pr;
          im[a2] = si - pi;
          re[a1] = dr + mi;
          im[a1] = di - mr;
          re[a3] = dr - mi;
          im[a3] = di + mr;
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
