import { parameterCount, presetConfig } from '../../../src/engine';
import { sizeMatchedConfig } from '../../../src/jobs/recipes/model-config';

describe('size-matched dense small config', () => {
  it.each([0.5, 0.3, 0.15])('comes within 5 %% of %f of the demo preset', (fraction) => {
    const base = presetConfig('demo');
    const target = Math.round(parameterCount(base) * fraction);
    const small = sizeMatchedConfig(base, target);
    expect(Math.abs(parameterCount(small) - target) / target).toBeLessThanOrEqual(0.05);
    expect(small.dModel % small.heads).toBe(0);
    expect(() => presetConfig('demo', small)).not.toThrow();
  });

  it('names targetParams when no scaling reaches it', () => {
    expect(() => sizeMatchedConfig(presetConfig('tiny'), 10)).toThrow(/config\.targetParams/);
  });
});
