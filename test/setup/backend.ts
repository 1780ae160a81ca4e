/**
 * PATHWAYS_TEST_BACKEND=cpu|wasm selects that tfjs backend (wasm with the engine's kernels) before each test file,
 * so the engine suite can be run on either (`npm run test:backends`). Unset, files keep tfjs's default or their own
 * choice; files that compare backends choose each one themselves.
 */
const preference = process.env.PATHWAYS_TEST_BACKEND;
if (preference) {
  if (preference !== 'cpu' && preference !== 'wasm')
    throw new Error(`PATHWAYS_TEST_BACKEND must be cpu or wasm, got '${preference}'`);
  const { selectBackend } = await import('../../src/engine/backend');
  await selectBackend(preference);
}

export {};
