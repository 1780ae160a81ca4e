/**
 * Decoding on webgpu (SwiftShader), through the same code as on cpu: greedy (batched) and beam search of a few
 * utterances of the tiny preset give the hypotheses they give on cpu for the same weights, streaming included, with
 * no tensor leak; and a real eval job runs in a worker on `--backend webgpu` and stores the hypotheses a cpu eval
 * stores. Every device read in decoding is an awaited `data()`, so a synchronous read left would throw here.
 */
import { decodeBatch } from '../../src/engine/decode/decode';
import { StreamingDecoder } from '../../src/engine/decode/streaming';
import type { DecodeResult, SearchOptions } from '../../src/engine/decode/types';
import { selectBackend } from '../../src/engine/backend';
import { disposeParams, initParams } from '../../src/engine/model/params';
import { BLANK } from '../../src/engine/model/rnnt-model';
import { tf } from '../../src/engine/tf';
import { waitForJob } from '../../src/jobs/wait';
import { padBatch, randomFeatures, tinyConfig } from '../engine/model/fixtures';
import { startHarness, type Harness } from '../jobs/harness';
import { trainedTinyRun } from '../jobs/kinds/trained-run';
import { tempDir } from '../helpers/tmp';
import { swiftShaderSkipReason } from './swiftshader';

const skip = swiftShaderSkipReason();
const DIM = 80;
const LENGTHS = [60, 23, 41];
const config = tinyConfig({
  predictor: { kind: 'lstm', context: 2, embeddingDim: 16, hiddenDim: 16, layers: 1 },
});
const utterances = LENGTHS.map((frames, i) => randomFeatures(frames, DIM, 400 + i));
// greedy, beam with one and three symbols per frame
const SEARCHES: SearchOptions[] = [
  { method: 'greedy' },
  { method: 'beam', beam: 3, maxSymbolsPerFrame: 1 },
  { method: 'beam', beam: 3, maxSymbolsPerFrame: 3 },
];

/** The tiny preset's weights (seed 41) with a blank bias at which it emits a few tokens, as plain arrays. */
async function weights(): Promise<Map<string, { data: Float32Array; shape: number[] }>> {
  await selectBackend('cpu');
  const params = initParams(config, 41);
  const out = new Map<string, { data: Float32Array; shape: number[] }>();
  for (const [name, p] of params)
    out.set(name, { data: Float32Array.from(await p.data()), shape: [...p.shape] });
  disposeParams(params);
  out.get('joiner.out.bias')!.data[BLANK] = 0.4;
  return out;
}

/** Every search's results on the current backend (batched, then streamed in chunks of 16 frames); live tensors checked. */
async function decodeAll(w: Map<string, { data: Float32Array; shape: number[] }>): Promise<DecodeResult[][]> {
  const params = new Map([...w].map(([name, { data, shape }]) => [name, tf.tensor(data, shape)]));
  const before = tf.memory().numTensors;
  const out: DecodeResult[][] = [];
  for (const options of SEARCHES) {
    const input = padBatch(utterances, DIM);
    out.push(await decodeBatch(config, params, input, LENGTHS, options));
    input.dispose();
    const streamed: DecodeResult[] = [];
    for (const feats of utterances) {
      const decoder = new StreamingDecoder(config, params, options);
      const frames = feats.length / DIM;
      for (let at = 0; at < frames; at += 16)
        await decoder.acceptFeatures(feats.subarray(at * DIM, Math.min(frames, at + 16) * DIM));
      streamed.push(await decoder.finish());
    }
    out.push(streamed);
  }
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([...params.values()]);
  return out;
}

describe.skipIf(skip !== undefined)(`decoding on webgpu${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('greedy and beam search (batched and streamed) give the hypotheses of cpu for the same weights; no tensor leak', async () => {
    const w = await weights();
    await selectBackend('cpu');
    const cpu = await decodeAll(w);
    await selectBackend('webgpu');
    const gpu = await decodeAll(w);
    expect(cpu.flat().some((r) => r.tokens.length > 2)).toBe(true);
    gpu.forEach((results, k) =>
      results.forEach((r, b) => {
        expect(r.tokens, `search ${k}, utterance ${b}`).toEqual(cpu[k][b].tokens);
        expect(r.frames, `search ${k}, utterance ${b}`).toEqual(cpu[k][b].frames);
        expect(r.logProb).toBeCloseTo(cpu[k][b].logProb, 2);
      }),
    );
  }, 120_000);

  it('an eval job runs in a worker on --backend webgpu and stores the hypotheses of a cpu eval', async () => {
    const home = tempDir('pathways-webgpu-eval-');
    const corpus = tempDir('pathways-tiny-');
    let h: Harness | undefined;
    try {
      const seen = new Set<string>();
      const evaluate = async (backend: 'cpu' | 'webgpu', train: boolean) => {
        h = startHarness({ backend: { name: backend, preference: backend, skipped: [] } }, home.path);
        const runId = train
          ? (await trainedTinyRun(h, corpus.path)).runId
          : h.store.runs.list().find((r) => r.name === 'dense')!.id;
        const job = await waitForJob(
          h.hub,
          h.store,
          h.supervisor.enqueue({ kind: 'eval', runId, payload: {} }).id,
        );
        expect(job.error ?? null).toBeNull();
        const log = h.store.jobs.logs(job.id, 100).map((l) => l.line);
        const evaluation = h.store.evaluations.list(runId).find((e) => !seen.has(e.id))!;
        seen.add(evaluation.id);
        const rows = h.store.db
          .prepare(
            `SELECT utterance_key, hypothesis FROM hypotheses WHERE evaluation_id = ? ORDER BY utterance_key`,
          )
          .all(evaluation.id);
        await h.cleanup();
        h = undefined;
        return { log, rows };
      };
      const cpu = await evaluate('cpu', true);
      const gpu = await evaluate('webgpu', false);
      expect(gpu.log.some((l) => l.startsWith('backend webgpu'))).toBe(true);
      expect(gpu.rows.length).toBeGreaterThan(0);
      expect(gpu.rows).toEqual(cpu.rows);
    } finally {
      await h?.cleanup();
      home.cleanup();
      corpus.cleanup();
    }
  }, 180_000);
});
