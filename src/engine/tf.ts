/**
 * The single import point of TensorFlow.js for the engine: the full tfjs package (it registers
 * the gradients and the cpu backend) plus the wasm backend. Engine code imports `tf` from here.
 *
 * Production mode is on from the first import: it silences tfjs's console notices, among them the
 * cpu backend's "looks like you are running TensorFlow.js in Node.js" banner, which would otherwise
 * land in the CLI's output, every cpu job's log and the test output. It changes no computation
 * (debug mode, which checks every kernel's output, is a separate flag and stays off).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

tf.enableProdMode();

export { tf };
