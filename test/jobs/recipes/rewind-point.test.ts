import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  initParams,
  presetConfig,
  readSafetensorsFile,
  tf,
  writeSafetensorsFile,
  type ParamMap,
} from '../../../src/engine';
import { loadRewindPoint, saveRewindPoint } from '../../../src/jobs/recipes/rewind-point';
import { useTestBackend } from '../../helpers/backend';
import { tempDir } from '../../helpers/tmp';

const config = presetConfig('tiny');
const rewind = { to: 'step', step: 3 } as const;
const values = (p: ParamMap) => new Map([...p].map(([n, v]) => [n, Array.from(v.dataSync())]));

describe('LTH rewind point files', () => {
  let dir: { path: string; cleanup: () => void };
  let params: ParamMap;
  let file: string;
  beforeAll(async () => {
    await useTestBackend();
  });
  beforeEach(() => {
    dir = tempDir('pathways-rewind-');
    file = join(dir.path, 'rewind.safetensors');
    params = initParams(config, 5);
  });
  afterEach(() => {
    tf.dispose([...params.values()]);
    dir.cleanup();
  });

  it('loads back exactly the weights saved at the rewind step', async () => {
    await saveRewindPoint(dir.path, 3, { params, config, seed: 5 });
    const loaded = loadRewindPoint(dir.path, config, rewind, 6)!;
    expect(values(loaded)).toEqual(values(params));
    tf.dispose([...loaded.values()]);
  });

  it('is not needed by a job resumed at or before the rewind step, and missing past it names the file', async () => {
    expect(loadRewindPoint(dir.path, config, rewind, 3)).toBeUndefined();
    expect(() => loadRewindPoint(dir.path, config, rewind, 4)).toThrow(
      `LTH rewind point ${file} is missing, but the checkpoint of step 4 is past it`,
    );
    expect(() => loadRewindPoint(dir.path, config, { to: 'start' }, 1)).toThrow(`${file} is missing`);
  });

  it('rejects a file whose tensors do not fit the model, naming the file and the tensor', async () => {
    await saveRewindPoint(dir.path, 3, { params, config, seed: 5 });
    const { tensors, metadata } = readSafetensorsFile(file);
    const [name, t] = [...tensors].find(([, v]) => v.shape.length === 2 && v.shape[0] !== v.shape[1])!;
    const reversed = [...t.shape].reverse();
    tensors.set(name, { ...t, shape: reversed });
    writeSafetensorsFile(file, tensors, metadata);
    expect(() => loadRewindPoint(dir.path, config, rewind, 6)).toThrow(
      `LTH rewind point ${file} does not fit this run`,
    );
    expect(() => loadRewindPoint(dir.path, config, rewind, 6)).toThrow(`'${name}' has shape [${reversed}]`);
    tensors.delete(name);
    writeSafetensorsFile(file, tensors, metadata);
    expect(() => loadRewindPoint(dir.path, config, rewind, 6)).toThrow(`'${name}' is missing`);
  });

  it('rejects the weights of another step or another architecture', async () => {
    await saveRewindPoint(dir.path, 2, { params, config, seed: 5 });
    expect(() => loadRewindPoint(dir.path, config, rewind, 6)).toThrow(
      `${file} does not fit this run: it holds the weights of step 2, the run rewinds to step 3`,
    );
    rmSync(join(dir.path, 'rewind.json'));
    const other = presetConfig('tiny', { vocabSize: 20 });
    const otherParams = initParams(other, 5);
    await saveRewindPoint(dir.path, 3, { params: otherParams, config: other, seed: 5 });
    tf.dispose([...otherParams.values()]);
    expect(() => loadRewindPoint(dir.path, config, rewind, 6)).toThrow(/does not fit this run.*vocabSize/);
  });
});
