import { EXIT, UsageError, type Command } from '../command';
import { datasetSummary, summaryText } from './dataset-summary';
import { call, withApp } from './support/app';
import { followJob } from './support/follow';
import { guard } from './support/guard';
import { jobOutcome } from './support/outcome';
import { json } from './support/table';

export const demoCorpusCommand: Command = {
  name: 'demo-corpus',
  summary: 'Build the synthetic en/fr/it/nl demo corpus offline (Italian low-resource) and import it',
  usage: 'pathways demo-corpus [--seed N] [--hours H] [--home H] [--json]',
  options: {
    seed: {
      type: 'string',
      placeholder: 'N',
      valueType: 'integer',
      default: '1',
      description: 'Seed of the synthetic speakers and sentences (whole number ≥ 0)',
    },
    hours: {
      type: 'string',
      placeholder: 'H',
      valueType: 'number',
      description: 'Hours of audio in all (positive number; default: the built-in size, a few minutes)',
    },
  },
  async run({ values }, io) {
    const seed = Number(values.seed);
    const hours = values.hours === undefined ? undefined : Number(values.hours);
    if (!Number.isInteger(seed) || seed < 0) throw new UsageError('--seed must be a whole number ≥ 0');
    if (hours !== undefined && !(hours > 0)) throw new UsageError('--hours must be a positive number');
    return guard(io, () =>
      withApp(values, { runJobs: true }, async (app) => {
        const { jobId } = await call(app, 'datasets.buildDemo', { seed, hours });
        const job = await followJob(app, jobId, io);
        if (job === 'interrupted' || job.state !== 'succeeded' || !job.datasetId)
          return jobOutcome(job, io, jobId);
        const summary = await datasetSummary(app, job.datasetId);
        io.out(values.json ? json(summary) : summaryText(summary));
        return EXIT.ok;
      }),
    );
  },
};
