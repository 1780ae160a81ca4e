import { main } from '../../src/cli/main';
import { tempDir } from '../helpers/tmp';

/** Run the CLI in-process with captured output. */
export async function runCli(
  argv: string[],
  options: { isTTY?: boolean } = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    out: (t) => (out += t),
    err: (t) => (err += t),
    isTTY: options.isTTY ?? false,
  });
  return { code, out, err };
}

/**
 * A temporary home for the CLI with the test-only job kinds (`count`) enabled while the suite runs; registers its
 * own set-up and clean-up. `common` are the flags every call of the suite passes.
 */
export function cliHomeWithTestKinds(prefix: string): { home: string; common: string[] } {
  const home = tempDir(prefix);
  const saved = process.env.PATHWAYS_TEST_KINDS;
  beforeAll(() => {
    process.env.PATHWAYS_TEST_KINDS = '1';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.PATHWAYS_TEST_KINDS;
    else process.env.PATHWAYS_TEST_KINDS = saved;
    home.cleanup();
  });
  return { home: home.path, common: ['--home', home.path, '--backend', 'cpu'] };
}
