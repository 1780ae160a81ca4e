/**
 * The single import point of TensorFlow.js for the engine: the full tfjs package (it registers
 * the gradients and the cpu backend) plus the wasm backend. Engine code imports `tf` from here.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export { tf };
