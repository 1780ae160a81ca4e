import { ApiError, DATASET_FORMATS } from '../../shared/api';
import { EXIT, UsageError, type Command } from '../command';
import { datasetSummary, summaryText } from './dataset-summary';
import { call, withApp } from './support/app';
import { followJob } from './support/follow';
import { guard } from './support/guard';
import { jobOutcome } from './support/outcome';
import { json } from './support/table';

export const importCommand: Command = {
  name: 'import',
  summary: 'Import a corpus folder or manifest (MLS, LibriSpeech, Common Voice, Kaldi, JSONL, CSV/TSV)',
  usage: `pathways import <path> [--format ${DATASET_FORMATS.join('|')}] [--lang L] [--name N] [--home H] [--json]`,
  options: {
    format: {
      type: 'string',
      placeholder: 'FORMAT',
      choices: DATASET_FORMATS,
      description: 'Corpus layout to read (default: detected from the folder or file)',
    },
    lang: {
      type: 'string',
      placeholder: 'L',
      valueType: 'language code',
      description:
        'Language of every utterance (ISO 639-1 code such as de); required for layouts that carry none: Kaldi folders without utt2lang, JSONL/CSV manifests without a language column',
    },
    name: {
      type: 'string',
      placeholder: 'N',
      description: 'Name of the dataset (default: the folder or file name)',
    },
  },
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('expected exactly one path to import');
    const format = values.format as string | undefined;
    return guard(io, () =>
      withApp(values, { runJobs: true }, async (app) => {
        const { jobId } = await call(app, 'datasets.import', {
          path: positionals[0],
          format: format as (typeof DATASET_FORMATS)[number] | undefined,
          language: values.lang as string | undefined,
          name: values.name as string | undefined,
        }).catch((error: unknown) => {
          if (error instanceof ApiError && error.issues?.some((i) => i.path === 'language'))
            throw new UsageError(`${error.message}: give it with --lang L (an ISO 639-1 code such as de)`);
          throw error;
        });
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
