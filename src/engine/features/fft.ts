import { WasmKernel } from '../audio/wasm-assembler';
import { fftModuleBytes, fftTwiddles, type FftRun } from './fft-kernel';

/**
 * Complex FFT for a fixed power-of-two size: bit-reversal permutation in JS, then radix-4 butterfly stages (one
 * radix-2 stage first for odd powers of two) in a WebAssembly SIMD kernel (./fft-kernel) over precomputed
 * twiddles. Forward transform, no scaling: X[k] = Σ_n x[n]·e^(−2πi·kn/N).
 */
export class Fft {
  private readonly reversed: Uint32Array;
  private readonly kernel: WasmKernel<FftRun>;
  /** Byte offset of the data in the kernel's memory, and its end. */
  private readonly at: number;
  private readonly end: number;
  /**
   * The kernel's working data: size complex values as (re, im) pairs. Fill it in bit-reversed order (position i
   * takes input reversedIndex(i)), run butterflies(), read the transform in natural order.
   */
  readonly data: Float64Array;

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
    const twiddles = fftTwiddles(size);
    this.at = twiddles.byteLength;
    this.end = this.at + 16 * size;
    this.kernel = new WasmKernel<FftRun>(fftModuleBytes);
    const buffer = this.kernel.buffer(this.end);
    new Float64Array(buffer, 0, twiddles.length).set(twiddles);
    this.data = new Float64Array(buffer, this.at, 2 * size);
  }

  /** Transforms (re, im) in place; both must have length `size`. */
  transform(re: Float64Array, im: Float64Array): void {
    const { reversed, data } = this;
    for (let i = 0; i < this.size; i++) {
      data[2 * i] = re[reversed[i]];
      data[2 * i + 1] = im[reversed[i]];
    }
    this.butterflies();
    for (let i = 0; i < this.size; i++) {
      re[i] = data[2 * i];
      im[i] = data[2 * i + 1];
    }
  }

  /** Input index that belongs at position i of `data` before the butterflies (the bit reversal of i). */
  reversedIndex(i: number): number {
    return this.reversed[i];
  }

  /** The butterfly stages, in place over `data`. */
  butterflies(): void {
    this.kernel.run(this.at, 0, this.end, Math.log2(this.size) & 1);
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
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 4 || (size & (size - 1)) !== 0) {
      throw new RangeError(`real FFT size must be a power of two ≥ 4, got ${size}`);
    }
    const m = size / 2;
    this.half = new Fft(m);
    this.packFrom = Uint32Array.from({ length: m }, (_, i) => 2 * this.half.reversedIndex(i));
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
    const { cos, sin, half, packFrom } = this;
    const z = half.data;
    // z[n] = x[2n] + i·x[2n+1], stored straight into bit-reversed order.
    for (let i = 0; i < m; i++) {
      z[2 * i] = x[packFrom[i]];
      z[2 * i + 1] = x[packFrom[i] + 1];
    }
    half.butterflies();
    const dc = z[0] + z[1];
    const nyquist = z[0] - z[1];
    power[0] = dc * dc;
    power[m] = nyquist * nyquist;
    for (let k = 1; k < m; k++) {
      const ar = z[2 * k];
      const ai = z[2 * k + 1];
      const br = z[2 * (m - k)];
      const bi = z[2 * (m - k) + 1];
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
