import { tf } from '../src/engine/tf';
import { registerEngineKernels } from '../src/engine/kernels';
import { createReferenceModel, referenceBatch, referenceStep } from './reference-transformer';
if (process.argv[2] === 'k') registerEngineKernels();
await tf.setBackend('wasm');
await tf.ready();
const m = createReferenceModel();
const opt = tf.train.adam(1e-3);
const b = referenceBatch();
for (let i = 0; i < 3; i++) referenceStep(m, opt, b);
const t0 = performance.now();
const info = await tf.profile(() => {
  referenceStep(m, opt, b);
});
console.log('step under profile', (performance.now() - t0).toFixed(0));
const agg = new Map<string, { ms: number; n: number }>();
for (const k of info.kernels) {
  const key =
    k.name + (k.name === 'BatchMatMul' || k.name === 'Transpose' ? ' ' + JSON.stringify(k.inputShapes) : '');
  const e = agg.get(key) ?? { ms: 0, n: 0 };
  e.ms += k.kernelTimeMs as number;
  e.n++;
  agg.set(key, e);
}
const rows = [...agg.entries()].sort((x, y) => y[1].ms - x[1].ms);
const total = rows.reduce((t, [, e]) => t + e.ms, 0);
console.log('total kernel ms', total.toFixed(1));
for (const [k, e] of rows.slice(0, 30)) console.log(e.ms.toFixed(1).padStart(8), String(e.n).padStart(4), k);
