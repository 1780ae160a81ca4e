import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { writeSafetensorsFile, type SafeTensorMap } from '../../../src/engine/io/safetensors';
import { disposeParams, initParams } from '../../../src/engine/model/params';
import { shapesOf } from '../../../src/engine/prune/param-map';
import { selectPrunable } from '../../../src/engine/prune/prunable';
import { randomPathwayMasks } from '../../../src/engine/prune/random-mask';
import { checkpointBase, checkpointsNewestFirst, readCheckpoint } from '../../../src/engine/train/checkpoint';
import { TrainingLoop, type TrainingLoopOptions } from '../../../src/engine/train/loop';
import { useTestBackend } from '../../helpers/backend';
import { tempDir } from '../../helpers/tmp';
import { tinyConfig } from '../model/fixtures';
import { syntheticCorpus, TRANSCRIPTS } from './synthetic';

const config = tinyConfig({ vocabSize: 6 });
const examples = syntheticCorpus([...TRANSCRIPTS, [1, 1, 2], [5, 4], [3, 3, 1], [2, 5, 4, 1]]);
const SEED = 7;

/**
 * Dense training from scratch, or dynamic pathways over two languages drawn by a seeded sampler; checkpoints every
 * `every` steps into `dir` when given.
 */
function options(kind: 'dense' | 'pathways', dir?: string, every = 2): TrainingLoopOptions {
  const params = initParams(config, SEED);
  const base = {
    config,
    params,
    seed: SEED,
    batchFrames: 130,
    schedule: { kind: 'constant', lr: 3e-3 } as const,
    checkpoints: dir ? { dir, every } : undefined,
  };
  if (kind === 'dense') return { ...base, data: { examples } };
  const shapes = shapesOf(params);
  const prunable = new Map(selectPrunable(shapes).map((n) => [n, shapes.get(n)!]));
  return {
    ...base,
    data: {
      byLanguage: new Map([
        ['en', examples.slice(0, 4)],
        ['fr', examples.slice(4)],
      ]),
      sampling: { scheme: 'uniform', mode: 'sample', batchesPerStep: 2, seed: 2 },
      masks: randomPathwayMasks(prunable, ['en', 'fr'], 0.5, 9),
      dynamic: {
        schedule: { initialSparsity: 0.5, finalSparsity: 0.6, startStep: 0, every: 2, count: 2 },
        totalSteps: 6,
        score: 'shadow',
        shadowLr: 1e-3,
      },
    },
  };
}

/** A loop of these options whose `losses` collects the loss of every step it trains. */
function recording(o: TrainingLoopOptions): TrainingLoop & { losses: number[] } {
  const losses: number[] = [];
  const loop = new TrainingLoop({ ...o, hooks: { onStep: (r) => void losses.push(r.loss) } });
  return Object.assign(loop, { losses });
}

function free(loop: TrainingLoop): void {
  loop.dispose();
  disposeParams(loop.params);
}

/** Train to step 6 and return the losses of the steps trained and the final weights; frees the loop and its weights. */
async function finish(
  loop: TrainingLoop & { losses: number[] },
): Promise<{ losses: number[]; weights: Map<string, number[]> }> {
  await loop.run(6);
  const weights = new Map([...loop.params].map(([n, p]) => [n, Array.from(p.dataSync())]));
  free(loop);
  return { losses: loop.losses, weights };
}

/** Rewrite a version 2 checkpoint in the version 1 layout (as written before the loop was one). */
function downgrade(base: string): void {
  const content = readCheckpoint(base);
  const training = content.training!;
  const modelAndOptimizer: SafeTensorMap = new Map();
  const state: SafeTensorMap = new Map();
  for (const [name, t] of content.tensors)
    (name.startsWith('dynamic/') ? state : modelAndOptimizer).set(name, t);
  writeSafetensorsFile(`${base}.safetensors`, modelAndOptimizer);
  const sidecar: Record<string, unknown> = { step: content.step, seed: content.seed, config: content.config };
  if (training.masks.size === 0) {
    const { epoch, index } = training.sampler!.streams['*'];
    Object.assign(sidecar, { epoch, batchIndex: index });
  } else {
    for (const [key, mask] of training.masks) mask.save(`${base}.mask-${key}.safetensors`);
    if (training.state) writeSafetensorsFile(`${base}.state.safetensors`, state, training.state);
    Object.assign(sidecar, { epoch: 0, batchIndex: 0, extra: { maskKeys: [...training.masks.keys()] } });
  }
  writeFileSync(`${base}.json`, JSON.stringify(sidecar));
}

describe('training checkpoints', () => {
  const dirs: { cleanup(): void }[] = [];
  const folder = () => {
    const d = tempDir('pathways-checkpoints-');
    dirs.push(d);
    return d.path;
  };
  beforeAll(async () => useTestBackend());
  afterAll(() => dirs.forEach((d) => d.cleanup()));

  it.each(['dense', 'pathways'] as const)(
    '%s: resumed from the step-2 checkpoint, in the current format and in format version 1, ends exactly like an uninterrupted run',
    async (kind) => {
      const straight = await finish(recording(options(kind)));
      const dir = folder();
      const first = new TrainingLoop(options(kind, dir));
      await first.run(3);
      free(first);
      expect(checkpointsNewestFirst(dir)).toEqual([checkpointBase(dir, 3), checkpointBase(dir, 2)]);

      for (const version of [2, 1]) {
        if (version === 1) downgrade(checkpointBase(dir, 2));
        const resumed = recording(options(kind, dir));
        resumed.restore(readCheckpoint(checkpointBase(dir, 2)));
        expect(resumed.completedSteps).toBe(2);
        const rest = await finish(resumed);
        expect(rest.losses, `version ${version}`).toEqual(straight.losses.slice(2));
        expect(rest.weights, `version ${version}`).toEqual(straight.weights);
      }
    },
    120_000,
  );

  it('resume skips damaged checkpoints (cut short, altered, unreadable sidecar) for the newest intact one', async () => {
    const straight = await finish(recording(options('pathways')));
    const dir = folder();
    const first = new TrainingLoop(options('pathways', dir, 1));
    await first.run(5);
    free(first);
    const [five, four, three] = [5, 4, 3].map((s) => checkpointBase(dir, s));
    truncateSync(`${five}.safetensors`, 1000);
    const bytes = readFileSync(`${four}.safetensors`);
    bytes[bytes.length - 3] ^= 0x40;
    writeFileSync(`${four}.safetensors`, bytes);
    writeFileSync(`${three}.json`, '{"format": "pathways-checkp');

    const loop = recording(options('pathways', dir));
    const resumed = loop.resume();
    expect(resumed.base).toBe(checkpointBase(dir, 2));
    expect(resumed.step).toBe(2);
    expect(resumed.damaged.map((d) => d.base)).toEqual([five, four, three]);
    expect(resumed.damaged[0].problem).toMatch(/step-00000005\.safetensors/);
    expect(resumed.damaged[1].problem).toMatch(/SHA-256/);
    expect(resumed.damaged[2].problem).toMatch(/step-00000003\.json is not a JSON object/);
    const rest = await finish(loop);
    expect(rest.losses).toEqual(straight.losses.slice(2));
    expect(rest.weights).toEqual(straight.weights);
  }, 120_000);

  it('with no intact checkpoint left, resume starts from step 0; a format version it cannot read fails naming the file', async () => {
    const dir = folder();
    const first = new TrainingLoop(options('dense', dir));
    await first.run(2);
    free(first);
    const base = checkpointBase(dir, 2);
    const sidecar = readFileSync(`${base}.json`, 'utf8');
    truncateSync(`${base}.safetensors`, 12);
    const loop = new TrainingLoop(options('dense', dir));
    const resumed = loop.resume();
    expect(resumed.base).toBeUndefined();
    expect(resumed.step).toBe(0);
    expect(resumed.damaged.map((d) => d.base)).toEqual([base]);

    writeFileSync(`${base}.json`, sidecar.replace('"version": 2', '"version": 3'));
    expect(() => loop.resume()).toThrow(`checkpoint ${base}.json has format 'pathways-checkpoint' version 3`);
    free(loop);
  });
});

describe('training checkpoint files', () => {
  it('hold the weights, optimizer, masks and dynamic state in one safetensors file, described by the sidecar', async () => {
    await useTestBackend();
    const dir = tempDir('pathways-checkpoint-files-');
    try {
      const loop = new TrainingLoop(options('pathways', dir.path));
      await loop.run(2);
      const base = checkpointBase(dir.path, 2);
      const sidecar = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as Record<string, unknown>;
      expect(sidecar).toMatchObject({ format: 'pathways-checkpoint', version: 2, step: 2, seed: SEED });
      const content = readCheckpoint(base);
      expect([...content.training!.masks.keys()]).toEqual(['en', 'fr']);
      for (const [language, mask] of loop.masks()!)
        expect(content.training!.masks.get(language)!.equals(mask)).toBe(true);
      const names = [...content.tensors.keys()];
      expect(names).toContain('optimizer.step');
      expect(names.some((n) => n.startsWith('dynamic/shadow/en/'))).toBe(true);
      expect(Object.keys(content.training!.sampler!.streams).sort()).toEqual(['en', 'fr']);
      free(loop);
    } finally {
      dir.cleanup();
    }
  });
});
