/** Runs one Node benchmark (by name) in this process and prints its result line. Used by bench/run.ts. */
import { findCase } from './cases';
import { emitResult } from './protocol';

const [name, ...flags] = process.argv.slice(2);
const found = name ? findCase(name) : undefined;
if (!found || found.kind !== 'node') {
  console.error(`bench/child.ts: unknown node benchmark '${name ?? ''}'`);
  process.exit(2);
}
try {
  emitResult(await found.run(flags.includes('--quick')));
} catch (error) {
  emitResult({
    name: found.name,
    status: 'failed',
    reason: (error as Error).stack ?? String(error),
    metrics: {},
  });
}
process.exit(0);
