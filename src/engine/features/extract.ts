import { decodeAudioBytes, decodeAudioFile, type DecodedAudio, type DecodeOptions } from '../audio/decode';
import { LogMelExtractor, resolveLogMelOptions, type LogMel, type LogMelOptions } from './logmel';

export interface FeatureOptions {
  /** Segment start in seconds (Kaldi `segments`). */
  offsetSec?: number;
  /** Segment length in seconds. */
  durationSec?: number;
  /** Log-mel recipe; its sampleRate (16 kHz by default) is also the rate audio is resampled to. */
  logmel?: LogMelOptions;
}

export interface ExtractedFeatures extends LogMel {
  /** Duration of the decoded (segment of) audio in seconds, for × real-time figures. */
  audioDurationSec: number;
}

function decodeOptions(opts: FeatureOptions): DecodeOptions {
  const sampleRate = resolveLogMelOptions(opts.logmel).sampleRate;
  return { offsetSec: opts.offsetSec, durationSec: opts.durationSec, sampleRate };
}

/** Extractors by option set: building one evaluates the mel scale at every FFT bin for every filter. */
const extractors = new Map<string, LogMelExtractor>();
const MAX_EXTRACTORS = 8;

function extractorFor(opts: LogMelOptions | undefined): LogMelExtractor {
  const key = JSON.stringify(resolveLogMelOptions(opts));
  let extractor = extractors.get(key);
  if (!extractor) {
    extractor = new LogMelExtractor(opts);
    if (extractors.size >= MAX_EXTRACTORS) extractors.delete(extractors.keys().next().value as string);
    extractors.set(key, extractor);
  }
  return extractor;
}

function featurize(audio: DecodedAudio, opts: FeatureOptions): ExtractedFeatures {
  const features = extractorFor(opts.logmel).compute(audio.samples);
  return { ...features, audioDurationSec: audio.durationSec };
}

/** Decode (any supported format) → mono → resample → log-mel, from a file. */
export async function extractFeatures(path: string, opts: FeatureOptions = {}): Promise<ExtractedFeatures> {
  return featurize(await decodeAudioFile(path, decodeOptions(opts)), opts);
}

/** Same as extractFeatures for bytes already in memory; `source` names them in errors. */
export async function extractFeaturesFromBytes(
  bytes: Uint8Array,
  source: string,
  opts: FeatureOptions = {},
): Promise<ExtractedFeatures> {
  return featurize(await decodeAudioBytes(bytes, { ...decodeOptions(opts), source }), opts);
}
