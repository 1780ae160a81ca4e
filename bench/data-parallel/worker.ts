/**
 * A data-parallel replica: the reference model with the same initial weights as every other replica,
 * computing gradients on its share of the batch and applying the averaged gradients it is sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { tf } from '../../src/engine/tf';
import { useBackend } from '../backends';
import {
  createReferenceModel,
  REFERENCE,
  referenceName,
  referenceOptimizer,
  referenceBatch,
  referenceGradients,
  sliceBatch,
} from '../reference-transformer';
import type { FromWorker, ToWorker, WorkerSetup } from './messages';

const port = parentPort;
if (!port) throw new Error('data-parallel worker must run in a worker thread');
const setup = workerData as WorkerSetup;
const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

try {
  await useBackend(setup.backend);
  const rows = setup.to - setup.from;
  const model = createReferenceModel({ ...REFERENCE, batch: rows });
  const full = referenceBatch();
  const batch = sliceBatch(full, setup.from, setup.to);
  tf.dispose([full.x, full.labels]);
  const optimizer = referenceOptimizer(model);
  port.on('message', (message: ToWorker) => {
    if (message.type === 'gradients') {
      const start = performance.now();
      const gradients = referenceGradients(model, batch);
      post(
        { type: 'gradients', gradients, ms: performance.now() - start },
        gradients.map((g) => g.buffer as ArrayBuffer),
      );
    } else {
      const named = new Map(
        model.variables.map((v, i) => [referenceName(i), tf.tensor(message.gradients[i], v.shape)]),
      );
      optimizer.step(named);
      tf.dispose([...named.values()]);
      post({ type: 'applied' });
    }
  });
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'error', message: (error as Error).stack ?? String(error) });
}
