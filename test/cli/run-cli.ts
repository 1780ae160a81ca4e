import { main } from '../../src/cli/main';

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
