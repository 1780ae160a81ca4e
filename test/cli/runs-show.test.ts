import { EXIT } from '../../src/cli/command';
import { openStore, type HypothesisRecord } from '../../src/store';
import { tempDir } from '../helpers/tmp';
import { runCli } from './run-cli';

const hypotheses: HypothesisRecord[] = [0, 1].map((i) => ({
  utteranceKey: `ds_1/en-${i}`,
  language: 'en',
  reference: 'a b',
  hypothesis: 'a c',
  wordErrors: 1,
  refWords: 2,
  charErrors: 1,
  refChars: 2,
  tokens: [],
}));

describe('pathways runs show', () => {
  const home = tempDir('pathways-cli-show-');
  afterAll(() => home.cleanup());

  it('prints an evaluation with the decoding time its eval job measured, and one stored without it', async () => {
    const store = openStore(home.path);
    const runId = store.runs.create({
      name: 'dense',
      kind: 'dense',
      seed: 1,
      config: {},
      datasetIds: [],
      appVersion: 't',
    }).id;
    const timed = store.evaluations.save({
      runId,
      datasetId: null,
      split: 'test',
      hypotheses,
      timing: { decodeSeconds: 0.8, utterancesPerSecond: 2.5 },
    });
    const untimed = store.evaluations.save({ runId, datasetId: null, split: 'dev', hypotheses });
    store.close();
    const { code, out } = await runCli(['runs', 'show', runId, '--home', home.path, '--backend', 'cpu']);
    expect(code).toBe(EXIT.ok);
    const lines = out.split('\n');
    expect(lines).toContain(
      `evaluation ${timed} (test): en WER 50.00 %, decoded in 0.8 s (2.5 utterances/s)`,
    );
    expect(lines).toContain(`evaluation ${untimed} (dev): en WER 50.00 %`);
  });
});
