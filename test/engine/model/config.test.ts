import { parseRnntConfig, presetConfig, RNNT_PRESETS } from '../../../src/engine/model/config';
import { initParams, parameterCount, disposeParams } from '../../../src/engine/model/params';
import { tinyConfig, useBackend } from './fixtures';

describe('RNN-T config', () => {
  it('parses every preset', () => {
    for (const name of Object.keys(RNNT_PRESETS) as (keyof typeof RNNT_PRESETS)[]) {
      expect(presetConfig(name).layers).toBeGreaterThan(0);
    }
  });

  it('counts the demo preset like the calibration model, by hand', () => {
    // Conv2d 3×3 (1→64), Conv2d 3×3 (64→64), linear 64·19 → 144; 80 bins → 39 → 19.
    const subsampling = 9 * 64 + 64 + (9 * 64 * 64 + 64) + (64 * 19 * 144 + 144);
    const layer = 4 * (144 * 144 + 144) + (144 * 576 + 576) + (576 * 144 + 144) + 2 * 2 * 144;
    const encoder = subsampling + 4 * layer + 2 * 144;
    const predictor = 43 * 144 + 2 * 144;
    const joiner = 144 * 256 + 256 + (144 * 256 + 256) + (256 * 43 + 43);
    expect(parameterCount(presetConfig('demo'))).toBe(encoder + predictor + joiner);
    expect(parameterCount(presetConfig('demo'))).toBeCloseTo(1.31e6, -4);
  });

  it('counts what initParams allocates, for every option', async () => {
    await useBackend('cpu');
    const variants = [
      tinyConfig(),
      tinyConfig({ convModule: true, convKernel: 3, subsampling: 6, lookAhead: 2 }),
      tinyConfig({ predictor: { kind: 'lstm', context: 2, embeddingDim: 16, hiddenDim: 24, layers: 2 } }),
    ];
    for (const config of variants) {
      const params = initParams(config, 1);
      const allocated = [...params.values()].reduce((n, v) => n + v.size, 0);
      expect(parameterCount(config)).toBe(allocated);
      disposeParams(params);
    }
    expect(parameterCount(tinyConfig())).toBeGreaterThan(40_000);
    expect(parameterCount(tinyConfig())).toBeLessThan(60_000);
  });

  it('rejects bad configs naming the field', () => {
    expect(() => parseRnntConfig({ ...RNNT_PRESETS.tiny, dModel: -4 })).toThrow(/config\.dModel/);
    expect(() => parseRnntConfig({ ...RNNT_PRESETS.tiny, segmentLength: 2000, maxFrames: 100 })).toThrow(
      /config\.segmentLength: .*longer than the utterance cap/,
    );
    expect(() => parseRnntConfig({ ...RNNT_PRESETS.tiny, heads: 5 })).toThrow(/config\.heads/);
    expect(() => parseRnntConfig({ ...RNNT_PRESETS.tiny, lookAhead: 9 })).toThrow(/config\.lookAhead/);
    expect(() => parseRnntConfig({ ...RNNT_PRESETS.tiny, convModule: true, convKernel: 4 })).toThrow(
      /config\.convKernel/,
    );
    expect(() => parseRnntConfig({ ...RNNT_PRESETS.tiny, vocabSize: 1 })).toThrow(/config\.vocabSize/);
    expect(() => parseRnntConfig({ ...RNNT_PRESETS.tiny, bogus: 1 })).toThrow(/bogus/);
  });

  it('gives stable names and seeded values', async () => {
    await useBackend('cpu');
    const a = initParams(tinyConfig(), 7);
    const b = initParams(tinyConfig(), 7);
    const c = initParams(tinyConfig(), 8);
    expect(a.has('encoder.layers.0.attn.wq.weight')).toBe(true);
    expect(a.has('joiner.out.bias')).toBe(true);
    expect([...a.keys()]).toEqual([...b.keys()]);
    const name = 'encoder.layers.1.ffn.w1.weight';
    expect(Array.from(a.get(name)!.dataSync())).toEqual(Array.from(b.get(name)!.dataSync()));
    expect(Array.from(a.get(name)!.dataSync())).not.toEqual(Array.from(c.get(name)!.dataSync()));
    [a, b, c].forEach(disposeParams);
  });
});
