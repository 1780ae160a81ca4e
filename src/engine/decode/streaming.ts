import type { RnntConfig } from '../model/config';
import type { ParamSource } from '../model/params';
import { StreamingEncoder } from '../model/streaming-encoder';
import type { tf } from '../tf';
import { DecodingModel } from './decoding-model';
import { createSearch, toResult } from './decode';
import type { Search } from './search';
import type { DecodeResult, SearchOptions } from './types';

/**
 * Decodes an utterance fed chunk by chunk (feature frames, any chunk size). Carries the encoder's
 * streaming state (left-context layer inputs, pending frames) and the search state (predictor
 * state of each hypothesis), so the result equals whole-utterance decoding with the same config.
 */
export class StreamingDecoder {
  private readonly encoder: StreamingEncoder;
  private readonly model: DecodingModel;
  private readonly search: Search;
  private frames = 0;

  constructor(
    private readonly config: RnntConfig,
    params: ParamSource,
    private readonly options: SearchOptions = {},
  ) {
    this.encoder = new StreamingEncoder(config, params);
    this.model = new DecodingModel(config, params);
    this.search = createSearch(this.model, options);
  }

  /** Feed feature frames (row-major [n · inputDim]); returns the best hypothesis so far. */
  async acceptFeatures(frames: Float32Array): Promise<DecodeResult> {
    await this.consume(this.encoder.push(frames));
    return this.current();
  }

  /** End of utterance: flush the encoder and return the final result. Releases the encoder state. */
  async finish(): Promise<DecodeResult> {
    try {
      await this.consume(this.encoder.finish());
    } finally {
      this.encoder.dispose();
    }
    return this.current();
  }

  dispose(): void {
    this.encoder.dispose();
  }

  private async consume(encoded: tf.Tensor2D | null): Promise<void> {
    if (!encoded) return;
    const count = encoded.shape[0];
    let rows: Float32Array;
    try {
      rows = await this.model.projectEncoderFrames(encoded);
    } finally {
      encoded.dispose();
    }
    await this.search.advance(rows, count, this.frames);
    this.frames += count;
  }

  private current(): DecodeResult {
    return toResult(this.config, this.search.best(), this.options.frameShiftSeconds);
  }
}
