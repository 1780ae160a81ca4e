/**
 * Global cepstral mean and variance normalisation. Statistics are accumulated in float64 as streaming
 * sums (count, Σx, Σx²) per feature dimension, so utterances can be added one at a time and partial
 * accumulators merged; normalisation is (x − mean) / sqrt(max(var, varianceFloor)), var = Σx²/n − mean².
 */
export interface CmvnStatsJson {
  dim: number;
  count: number;
  sum: number[];
  sumSquares: number[];
}

export interface CmvnApplyOptions {
  /** Also divide by the standard deviation (default true); false subtracts the mean only. */
  variance?: boolean;
  /** Lower bound on the variance before the square root (default 1e-10). */
  varianceFloor?: number;
}

export class CmvnStats {
  count = 0;
  readonly sum: Float64Array;
  readonly sumSquares: Float64Array;

  constructor(readonly dim: number) {
    if (!Number.isInteger(dim) || dim < 1)
      throw new RangeError(`CMVN dimension must be a positive integer, got ${dim}`);
    this.sum = new Float64Array(dim);
    this.sumSquares = new Float64Array(dim);
  }

  /** Adds `frames` rows of a row-major frames × dim matrix. */
  accumulate(data: Float32Array, frames: number): this {
    if (data.length !== frames * this.dim) {
      throw new RangeError(`CMVN: expected ${frames}×${this.dim} values, got ${data.length}`);
    }
    for (let f = 0; f < frames; f++) {
      for (let d = 0; d < this.dim; d++) {
        const x = data[f * this.dim + d];
        this.sum[d] += x;
        this.sumSquares[d] += x * x;
      }
    }
    this.count += frames;
    return this;
  }

  merge(other: CmvnStats): this {
    if (other.dim !== this.dim)
      throw new RangeError(`CMVN: cannot merge dim ${other.dim} into dim ${this.dim}`);
    for (let d = 0; d < this.dim; d++) {
      this.sum[d] += other.sum[d];
      this.sumSquares[d] += other.sumSquares[d];
    }
    this.count += other.count;
    return this;
  }

  mean(): Float64Array {
    this.requireData();
    return this.sum.map((s) => s / this.count);
  }

  variance(): Float64Array {
    const mean = this.mean();
    return this.sumSquares.map((s, d) => Math.max(0, s / this.count - mean[d] * mean[d]));
  }

  /** Returns a normalised copy of a row-major frames × dim matrix. */
  apply(data: Float32Array, opts: CmvnApplyOptions = {}): Float32Array {
    if (data.length % this.dim !== 0)
      throw new RangeError(`CMVN: ${data.length} values is not a multiple of ${this.dim}`);
    const mean = this.mean();
    const floor = opts.varianceFloor ?? 1e-10;
    const scale =
      opts.variance === false
        ? mean.map(() => 1)
        : this.variance().map((v) => 1 / Math.sqrt(Math.max(v, floor)));
    const out = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const d = i % this.dim;
      out[i] = (data[i] - mean[d]) * scale[d];
    }
    return out;
  }

  toJSON(): CmvnStatsJson {
    return {
      dim: this.dim,
      count: this.count,
      sum: Array.from(this.sum),
      sumSquares: Array.from(this.sumSquares),
    };
  }

  /** Rebuilds stats from `toJSON()` output, rejecting malformed input with the offending field named. */
  static fromJSON(value: unknown): CmvnStats {
    const v = (value ?? {}) as Partial<Record<keyof CmvnStatsJson, unknown>>;
    if (typeof v.dim !== 'number' || !Number.isInteger(v.dim) || v.dim < 1)
      throw new TypeError('CMVN JSON: bad "dim"');
    if (typeof v.count !== 'number' || !Number.isInteger(v.count) || v.count < 0) {
      throw new TypeError('CMVN JSON: bad "count"');
    }
    const dim = v.dim;
    const vector = (field: 'sum' | 'sumSquares'): number[] => {
      const x = v[field];
      if (
        !Array.isArray(x) ||
        x.length !== dim ||
        !x.every((e) => typeof e === 'number' && Number.isFinite(e))
      ) {
        throw new TypeError(`CMVN JSON: "${field}" must be ${dim} finite numbers`);
      }
      return x as number[];
    };
    const stats = new CmvnStats(dim);
    stats.sum.set(vector('sum'));
    stats.sumSquares.set(vector('sumSquares'));
    stats.count = v.count;
    return stats;
  }

  private requireData(): void {
    if (this.count === 0) throw new RangeError('CMVN: no frames accumulated');
  }
}
