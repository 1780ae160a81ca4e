import { speechSourceFromEnv } from '../../bench/cases/decode-speech';

describe('speechSourceFromEnv', () => {
  it('is null without either variable (the random-weights bench only)', () => {
    expect(speechSourceFromEnv({})).toBeNull();
  });

  it('names the home and run when both are set', () => {
    expect(speechSourceFromEnv({ PATHWAYS_BENCH_HOME: '/h', PATHWAYS_BENCH_RUN: 'run_1' })).toEqual({
      home: '/h',
      runId: 'run_1',
    });
  });

  it('refuses one without the other', () => {
    expect(() => speechSourceFromEnv({ PATHWAYS_BENCH_HOME: '/h' })).toThrow(/set both PATHWAYS_BENCH_HOME/);
    expect(() => speechSourceFromEnv({ PATHWAYS_BENCH_RUN: 'run_1' })).toThrow(/PATHWAYS_BENCH_RUN/);
  });
});
