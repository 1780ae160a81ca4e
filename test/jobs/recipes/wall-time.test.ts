import { expectedSeconds, formatDuration, plannedWork } from '../../../src/jobs/recipes/wall-time';

describe('expected wall time of a reproduction', () => {
  it('counts every step of every run of every seed and every utterance it decodes', () => {
    const systems = [
      { runsPerSeed: 1, steps: 100, fromScratch: true }, // dense start: 5 dev evaluations while training
      { runsPerSeed: 3, steps: 40, perLanguage: true }, // LSP: one run per language, each on its own language
      { runsPerSeed: 1, steps: 30 }, // pathways: all 3 languages
    ];
    const work = plannedWork(systems, 2, 3, { dev: 4, test: 10 });
    // steps: 2 seeds × (100 + 3 × 40 + 30)
    expect(work.trainSteps).toBe(2 * 250);
    // decoded: 2 seeds × (3 langs × (5·4 + 10) + 3 runs × 1 lang × (4 + 10) + 3 langs × (4 + 10))
    expect(work.decodedUtterances).toBe(2 * (90 + 42 + 42));
    expect(expectedSeconds(work, { stepSec: 2, utteranceSec: 0.5 })).toBe(1000 + 174);
  });

  it('reads as seconds, minutes or hours and minutes', () => {
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(12 * 60 + 10)).toBe('12 min');
    expect(formatDuration(3 * 3600 + 5 * 60)).toBe('3 h 05 min');
  });
});
