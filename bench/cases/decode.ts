/**
 * Streaming decode real-time factor (src/engine/decode StreamingDecoder): a feature stream fed in
 * 320 ms chunks, greedy and beam 4, on one thread. RTF = decode time / audio time (wall and CPU).
 *
 * Always measured: the demo model with random weights on 20 s of random features (it emits about three
 * symbols per encoder frame, far more than a trained model, so its RTF is pessimistic). When
 * PATHWAYS_BENCH_HOME and PATHWAYS_BENCH_RUN name a finished dense run, that run's final model decodes
 * ≥ 20 s of its test speech (decode-speech.ts) and becomes the headline; the CER of the hypothesis
 * shows the model is really trained. The utterances are decoded as ONE stream, one decoder for all,
 * as a user talking for 20 s would be: the encoder's context (left segments) and the stateless
 * predictor's context are bounded, so an utterance boundary disturbs well under a second, and the
 * measurement has the same shape (one decoder, one 20 s stream) as the random-weights one.
 */
import { cer, initParams, presetConfig, type ParamMap, type RnntConfig } from '../../src/engine';
import { StreamingDecoder } from '../../src/engine/decode';
import { tf } from '../../src/engine/tf';
import { type BenchBackend, useBackend } from '../backends';
import { timeSteps } from '../measure';
import type { BenchResult } from '../protocol';
import { loadSpeechStream, speechSourceFromEnv } from './decode-speech';

const SECONDS = 20;
const CHUNK_FRAMES = 32;
const FRAMES_PER_SECOND = 100;
const METHODS = ['greedy', 'beam'] as const;

interface Stream {
  config: RnntConfig;
  params: ParamMap;
  features: Float32Array;
  frames: number;
}

/** Decode `stream` in chunks with each method; metrics `<method>Rtf`, `…CpuRtf`, `…Tokens`, `…TokensPerSecond`. */
async function measure(
  stream: Stream,
  quick: boolean,
): Promise<{ metrics: Record<string, number>; tokens: Record<string, number[]> }> {
  const { config, params, features, frames } = stream;
  const seconds = frames / FRAMES_PER_SECOND;
  const metrics: Record<string, number> = {};
  const tokens: Record<string, number[]> = {};
  for (const method of METHODS) {
    const decodeOnce = async (): Promise<void> => {
      const decoder = new StreamingDecoder(config, params, { method, beam: 4 });
      for (let start = 0; start < frames; start += CHUNK_FRAMES) {
        await decoder.acceptFeatures(
          features.subarray(
            start * config.inputDim,
            Math.min(frames, start + CHUNK_FRAMES) * config.inputDim,
          ),
        );
      }
      tokens[method] = (await decoder.finish()).tokens;
    };
    const timing = await timeSteps(decodeOnce, 1, quick ? 1 : 3);
    metrics[`${method}Rtf`] = timing.msPerStep / 1000 / seconds;
    metrics[`${method}CpuRtf`] = timing.cpuMsPerStep / 1000 / seconds;
    metrics[`${method}Tokens`] = tokens[method].length;
    metrics[`${method}TokensPerSecond`] = tokens[method].length / seconds;
  }
  return { metrics, tokens };
}

function randomStream(): Stream {
  const config = presetConfig('demo', { dropout: 0 });
  const frames = SECONDS * FRAMES_PER_SECOND;
  const features = tf.tidy(
    () => tf.randomNormal([frames, config.inputDim], 0, 1, 'float32', 9).dataSync() as Float32Array,
  );
  return { config, params: initParams(config, 1), features, frames };
}

const RANDOM_MODEL = 'demo preset, random weights, random features';

export async function benchDecode(name: string, backend: BenchBackend, quick: boolean): Promise<BenchResult> {
  const source = speechSourceFromEnv(process.env);
  await useBackend(backend);
  const speech = source ? await loadSpeechStream(source, SECONDS) : null;
  const random = randomStream();
  const randomRun = await measure(random, quick);
  tf.dispose([...random.params.values()]);
  const common = { backend, chunkFrames: CHUNK_FRAMES, beam: 4 };
  if (!source || !speech) {
    return {
      name,
      status: 'ok',
      primary: {
        metric: 'greedyRtf',
        value: randomRun.metrics.greedyRtf,
        unit: 'RTF (greedy, random weights)',
      },
      metrics: randomRun.metrics,
      details: { ...common, audioSeconds: SECONDS, model: RANDOM_MODEL },
    };
  }
  const trained = await measure(speech, quick);
  tf.dispose([...speech.params.values()]);
  const hypotheses = Object.fromEntries(
    METHODS.map((m) => [m, speech.tokenizer.decode(trained.tokens[m]).replace(/\s+/gu, ' ').trim()]),
  );
  const metrics: Record<string, number> = { ...trained.metrics };
  for (const m of METHODS) metrics[`${m}Cer`] = cer(speech.reference, hypotheses[m]).rate;
  for (const [key, value] of Object.entries(randomRun.metrics)) {
    metrics[`random${key[0].toUpperCase()}${key.slice(1)}`] = value;
  }
  return {
    name,
    status: 'ok',
    primary: {
      metric: 'greedyRtf',
      value: metrics.greedyRtf,
      unit: `RTF (greedy, ${source.runId} step ${speech.step})`,
    },
    metrics,
    details: {
      ...common,
      model: `run ${source.runId} (${speech.runKind}, ${String(speech.preset)} preset) step ${speech.step}, final model`,
      home: source.home,
      audioSeconds: speech.frames / FRAMES_PER_SECOND,
      stream: 'test utterances, languages in turn, CMVN as in eval, decoded as one stream',
      secondsByLanguage: speech.secondsByLanguage,
      utterances: speech.utteranceIds,
      reference: speech.reference,
      hypotheses,
      random: { audioSeconds: SECONDS, model: RANDOM_MODEL },
    },
  };
}
