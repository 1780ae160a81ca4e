import type { Command } from '../command';
import { createRunFromFlags } from './create-run';
import { RUN_OPTIONS } from './support/run-config';
import { RUNNER_OPTIONS, runnerFrom } from './support/runner-flags';

export const trainCommand: Command = {
  name: 'train',
  summary:
    'Train a dense multilingual RNN-T (Dense large, or --small for the size-matched Dense small); --parent RUN fine-tunes a trained dense run further',
  usage:
    'pathways train --dataset ID... [--lang L]... [--small] [--parent DENSE_RUN] [--runner engine|torch [--nproc N] [--device cpu|cuda]] [--seed N] [--config FILE.json] [--set key=value]... [--name N] [--detach] [--home H] [--json]',
  options: {
    ...RUN_OPTIONS,
    ...RUNNER_OPTIONS,
    small: {
      type: 'boolean',
      default: false,
      description: 'Train the size-matched Dense small instead of Dense large',
    },
  },
  run: async ({ values }, io) =>
    createRunFromFlags(values, io, values.small ? 'dense-small' : 'dense', runnerFrom(values)),
};
