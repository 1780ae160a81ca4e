import { WasmKernel } from '../wasm/assembler';
import {
  fftModuleBytes,
  fftTwiddles,
  powerModuleBytes,
  powerTwiddles,
  type FftRun,
  type PowerRun,
} from './fft-kernel';

/**
 * Complex FFT for a fixed power-of-two size: bit-reversal permutation in JS, then radix-4 butterfly stages (one
 * radix-2 stage first for odd powers of two) in a WebAssembly SIMD kernel (./fft-kernel) over precomputed
 * twiddles. Forward transform, no scaling: X[k] = Σ_n x[n]·e^(−2πi·kn/N).
 */
export class Fft {
  private readonly reversed: Uint32Array;
  /** The butterfly kernel; its memory holds the twiddles, then `data`, then `spareBytes` free for the caller. */
  readonly kernel: WasmKernel<FftRun>;
  /** Byte offset of the data in the kernel's memory, and its end (where the spare bytes start). */
  private readonly at: number;
  readonly end: number;
  /**
   * The kernel's working data: size complex values as (re, im) pairs. Fill it in bit-reversed order (position i
   * takes input reversedIndex(i)), run butterflies(), read the transform in natural order.
   */
  readonly data: Float64Array;

  /** `spareBytes`: room to reserve after the data in the kernel's memory (see `end`), for a kernel sharing it. */
  constructor(
    readonly size: number,
    spareBytes = 0,
  ) {
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
    const buffer = this.kernel.buffer(this.end + spareBytes);
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
 * of which |X[k]|² is returned (unnormalised, as the complex transform). The recombination and |X|² run in a
 * second WebAssembly SIMD kernel (./fft-kernel) on the half-size FFT's memory.
 */
export class RealFft {
  private readonly half: Fft;
  /** packFrom[i] = 2·reversed(i): where in x the complex input at bit-reversed position i starts. */
  private readonly packFrom: Uint32Array;
  private readonly combine: WasmKernel<PowerRun>;
  /** Byte offsets of the combine step's twiddles and of the power spectrum in the shared kernel memory. */
  private readonly twiddlesAt: number;
  private readonly powerAt: number;
  /** The power spectrum, size/2 + 1 values in the kernel's memory. */
  private readonly power: Float64Array;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 4 || (size & (size - 1)) !== 0) {
      throw new RangeError(`real FFT size must be a power of two ≥ 4, got ${size}`);
    }
    const m = size / 2;
    const twiddles = powerTwiddles(m);
    this.half = new Fft(m, twiddles.byteLength + 8 * (m + 1));
    this.packFrom = Uint32Array.from({ length: m }, (_, i) => 2 * this.half.reversedIndex(i));
    this.combine = new WasmKernel<PowerRun>(powerModuleBytes, this.half.kernel);
    this.twiddlesAt = this.half.end;
    this.powerAt = this.twiddlesAt + twiddles.byteLength;
    const buffer = this.half.data.buffer;
    new Float64Array(buffer, this.twiddlesAt, twiddles.length).set(twiddles);
    this.power = new Float64Array(buffer, this.powerAt, m + 1);
  }

  /**
   * |X[k]|² for k = 0 … size/2 of the real signal `x` (length `size`), in a view of the kernel's memory that the
   * next call overwrites.
   */
  powerSpectrum(x: Float64Array): Float64Array {
    const m = this.size / 2;
    const { half, packFrom, power } = this;
    const z = half.data;
    // z[n] = x[2n] + i·x[2n+1], stored straight into bit-reversed order.
    for (let i = 0; i < m; i++) {
      z[2 * i] = x[packFrom[i]];
      z[2 * i + 1] = x[packFrom[i] + 1];
    }
    half.butterflies();
    this.combine.run(half.end - 16 * m, this.twiddlesAt, this.powerAt, m);
    const dc = z[0] + z[1];
    const nyquist = z[0] - z[1];
    power[0] = dc * dc;
    power[m] = nyquist * nyquist;
    return power;
  }
}
