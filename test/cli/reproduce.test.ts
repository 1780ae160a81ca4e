import { tempDir } from '../helpers/tmp';
import { runCli } from './run-cli';

describe('pathways reproduce flags', () => {
  const home = tempDir();
  afterAll(() => home.cleanup());

  it.each([
    [['--dense-steps', '0'], /--dense-steps must be a whole number ≥ 1/],
    [['--lsp-final-steps=-1'], /--lsp-final-steps must be a whole number ≥ 0/],
    [['--finetune-steps', '2.5'], /--finetune-steps must be a whole number ≥ 1/],
    [['--preset', 'huge'], /--preset must be one of tiny, demo, paper/],
  ])('rejects %j as a usage error before opening the home folder', async (flags, message) => {
    const result = await runCli(['reproduce', '--home', home.path, '--dataset', 'ds_1', ...flags]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });
});
