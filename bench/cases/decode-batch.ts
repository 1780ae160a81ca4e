/**
 * Evaluation decoding throughput (utterances per second), greedy, up to 3 symbols per encoder frame, on one
 * thread, on utterances of 1–6 s of random features, decoded three ways:
 * - `oneAtATime`: each utterance encoded on its own and searched by GreedySearch (the one-utterance decoder);
 * - `groupsOf8`: evaluation before batched search: groups of 8 in the given order, the encoder on the padded
 *   group, GreedySearch utterance by utterance;
 * - `batched`: evaluation now: groups by length under DECODE_BATCH_FRAMES (planDecodeBatches), the encoder and
 *   greedy search on each group at once (decodeBatch).
 * Two demo-preset models: `trained`, the shipped dense start (resources/first-run: 1000 steps on the demo corpus),
 * which emits about as many tokens per encoder frame on these features as on speech; `randomWeights`, which emit
 * three per frame, the worst case for the predictor. Each way decodes every utterance once per timed pass; the
 * hypotheses of the three ways must be identical, else the case fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DECODE_BATCH_FRAMES,
  decodeBatch,
  DecodingModel,
  GreedySearch,
  planDecodeBatches,
  type Hypothesis,
} from '../../src/engine/decode';
import {
  encode,
  initParams,
  loadWeights,
  parseRnntConfig,
  presetConfig,
  SeededRandom,
  subsampledLength,
  type ParamMap,
  type RnntConfig,
} from '../../src/engine';
import { tf } from '../../src/engine/tf';
import { firstRunStartDir } from '../../src/jobs/recipes/first-run';
import { type BenchBackend, useBackend } from '../backends';
import { timeSteps } from '../measure';
import type { BenchResult } from '../protocol';

const MAX_SYMBOLS = 3;
const FRAMES_PER_SECOND = 100;
const MODES = ['oneAtATime', 'groupsOf8', 'batched'] as const;
type Mode = (typeof MODES)[number];

interface Utterance {
  features: Float32Array;
  frames: number;
}

function randomUtterances(count: number, dim: number): Utterance[] {
  const rng = new SeededRandom(17);
  return Array.from({ length: count }, () => {
    const frames = Math.round((1 + 5 * rng.next()) * FRAMES_PER_SECOND);
    return { frames, features: Float32Array.from({ length: frames * dim }, () => rng.normal()) };
  });
}

function padded(config: RnntConfig, group: readonly Utterance[]): tf.Tensor3D {
  const frames = Math.max(...group.map((u) => u.frames));
  const data = new Float32Array(group.length * frames * config.inputDim);
  group.forEach((u, b) => data.set(u.features, b * frames * config.inputDim));
  return tf.tensor3d(data, [group.length, frames, config.inputDim]);
}

/** The encoder on `group` padded, then GreedySearch on each utterance's frames. */
async function searchEach(
  config: RnntConfig,
  params: ParamMap,
  group: readonly Utterance[],
): Promise<Hypothesis[]> {
  const model = new DecodingModel(config, params);
  let lengths: number[] = [];
  const output = tf.tidy(() => {
    const encoded = encode(
      config,
      params,
      padded(config, group),
      group.map((u) => u.frames),
    );
    lengths = encoded.lengths;
    return encoded.output;
  });
  const hyps: Hypothesis[] = [];
  try {
    for (const [b, n] of lengths.entries()) {
      const frames = tf.slice(output, [b, 0, 0], [1, n, config.dModel]);
      const rows = await model.projectEncoderFrames(frames);
      frames.dispose();
      const search = new GreedySearch(model, MAX_SYMBOLS);
      await search.advance(rows, n, 0);
      hyps.push(search.best());
    }
  } finally {
    output.dispose();
  }
  return hyps;
}

async function decodeAll(
  mode: Mode,
  config: RnntConfig,
  params: ParamMap,
  utterances: readonly Utterance[],
): Promise<number[][]> {
  if (mode === 'oneAtATime') {
    const out: number[][] = [];
    for (const u of utterances) out.push((await searchEach(config, params, [u]))[0].tokens);
    return out;
  }
  if (mode === 'groupsOf8') {
    const out: number[][] = [];
    for (let start = 0; start < utterances.length; start += 8) {
      const hyps = await searchEach(config, params, utterances.slice(start, start + 8));
      out.push(...hyps.map((h) => h.tokens));
    }
    return out;
  }
  const out: number[][] = new Array<number[]>(utterances.length);
  for (const group of planDecodeBatches(utterances.map((u) => u.frames))) {
    const members = group.map((i) => utterances[i]);
    const input = padded(config, members);
    const results = await decodeBatch(
      config,
      params,
      input,
      members.map((u) => u.frames),
      { maxSymbolsPerFrame: MAX_SYMBOLS },
    );
    input.dispose();
    group.forEach((i, k) => (out[i] = results[k].tokens));
  }
  return out;
}

/** The shipped dense start of the demo preset (its sidecar's config, dropout included, as it trained). */
function trainedModel(): { config: RnntConfig; params: ParamMap } {
  const base = join(firstRunStartDir(), 'model');
  const sidecar = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as { config: unknown };
  const config = parseRnntConfig(sidecar.config, `${base}.json config`);
  const params = initParams(config, 0);
  loadWeights(base, params, config);
  return { config, params };
}

function randomModel(): { config: RnntConfig; params: ParamMap } {
  const config = presetConfig('demo', { dropout: 0 });
  return { config, params: initParams(config, 1) };
}

export async function benchDecodeBatch(
  name: string,
  backend: BenchBackend,
  quick: boolean,
): Promise<BenchResult> {
  await useBackend(backend);
  const utterances = randomUtterances(quick ? 8 : 24, 80);
  const seconds = utterances.reduce((s, u) => s + u.frames, 0) / FRAMES_PER_SECOND;
  const metrics: Record<string, number> = { utterances: utterances.length, audioSeconds: seconds };
  const mismatches: string[] = [];
  for (const [setting, load] of [
    ['trained', trainedModel],
    ['randomWeights', randomModel],
  ] as const) {
    const { config, params } = load();
    try {
      const tokens = new Map<Mode, number[][]>();
      for (const mode of MODES) {
        const timing = await timeSteps(
          async () => tokens.set(mode, await decodeAll(mode, config, params, utterances)),
          0,
          quick ? 1 : 2,
        );
        metrics[`${setting}.${mode}UttPerSec`] = utterances.length / (timing.msPerStep / 1000);
        metrics[`${setting}.${mode}CpuUttPerSec`] = utterances.length / (timing.cpuMsPerStep / 1000);
      }
      const reference = tokens.get('oneAtATime')!;
      for (const mode of MODES) {
        tokens.get(mode)!.forEach((t, i) => {
          if (t.join(',') !== reference[i].join(',')) mismatches.push(`${setting} ${mode} utterance ${i}`);
        });
      }
      const emitted = reference.reduce((n, t) => n + t.length, 0);
      metrics[`${setting}.tokensPerEncoderFrame`] =
        emitted / utterances.reduce((n, u) => n + subsampledLength(u.frames, config.subsampling), 0);
      for (const mode of ['oneAtATime', 'groupsOf8'] as const) {
        metrics[`${setting}.batchedOver${mode[0].toUpperCase()}${mode.slice(1)}`] =
          metrics[`${setting}.batchedUttPerSec`] / metrics[`${setting}.${mode}UttPerSec`];
        metrics[`${setting}.batchedOver${mode[0].toUpperCase()}${mode.slice(1)}Cpu`] =
          metrics[`${setting}.batchedCpuUttPerSec`] / metrics[`${setting}.${mode}CpuUttPerSec`];
      }
    } finally {
      tf.dispose([...params.values()]);
    }
  }
  if (mismatches.length > 0) {
    return { name, status: 'failed', reason: `hypotheses differ: ${mismatches.join('; ')}`, metrics };
  }
  return {
    name,
    status: 'ok',
    primary: {
      metric: 'trained.batchedUttPerSec',
      value: metrics['trained.batchedUttPerSec'],
      unit: 'utterances/s (batched greedy, shipped demo model)',
    },
    metrics,
    details: {
      backend,
      models: {
        trained: 'demo preset, the shipped dense start (resources/first-run, 1000 steps)',
        randomWeights: 'demo preset, random weights (seed 1)',
      },
      utterances: 'random features, 1–6 s each (seed 17)',
      batchFrames: DECODE_BATCH_FRAMES,
      maxSymbolsPerFrame: MAX_SYMBOLS,
      groups: planDecodeBatches(utterances.map((u) => u.frames)).map((g) => g.length),
    },
  };
}
