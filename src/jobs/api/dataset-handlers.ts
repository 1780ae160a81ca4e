import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApiError, notFound } from '../../shared/api';
import { decodeAudioFile } from '../../engine/audio/decode';
import { encodeWav16 } from '../../engine/audio/wav';
import type { HandlerTable } from './dispatch';

type DatasetHandlers = Pick<
  HandlerTable,
  | 'datasets.list'
  | 'datasets.get'
  | 'datasets.import'
  | 'datasets.buildDemo'
  | 'datasets.problems'
  | 'datasets.utterances'
  | 'datasets.delete'
  | 'audio.get'
>;

export const datasetHandlers: DatasetHandlers = {
  'datasets.list': (_request, ctx) => ctx.store.datasets.list(),
  'datasets.get': ({ datasetId }, ctx) => {
    const dataset = ctx.store.datasets.get(datasetId);
    if (!dataset) throw notFound('dataset', datasetId);
    return dataset;
  },
  'datasets.import': (request, ctx) => {
    const path = resolve(request.path);
    if (!existsSync(path))
      throw new ApiError('not_found', `nothing to import at ${path}: no such file or folder`);
    const job = ctx.jobs.enqueue({ kind: 'import', payload: { ...request, path } });
    return { jobId: job.id };
  },
  'datasets.buildDemo': (request, ctx) => {
    const job = ctx.jobs.enqueue({ kind: 'demo-corpus', payload: request });
    return { jobId: job.id };
  },
  'datasets.problems': ({ datasetId, ...filter }, ctx) => {
    if (!ctx.store.datasets.get(datasetId)) throw notFound('dataset', datasetId);
    return ctx.store.datasets.problems(datasetId, filter);
  },
  'datasets.utterances': ({ datasetId, ...filter }, ctx) => {
    if (!ctx.store.datasets.get(datasetId)) throw notFound('dataset', datasetId);
    return ctx.store.datasets.utterances(datasetId, filter);
  },
  'datasets.delete': ({ datasetId }, ctx) => {
    const deleted = ctx.store.datasets.delete(datasetId);
    if (deleted) ctx.emit('dataset.changed', { datasetId, change: 'deleted' });
    return { deleted };
  },
  'audio.get': async ({ utteranceId }, ctx) => {
    const utterance = ctx.store.datasets.utterance(utteranceId);
    if (!utterance) throw notFound('utterance', utteranceId);
    const audio = await decodeAudioFile(utterance.audioPath, {
      offsetSec: utterance.offsetSec ?? undefined,
      durationSec: utterance.offsetSec !== null ? utterance.durationSec : undefined,
      sampleRate: 16000,
    });
    const wav = encodeWav16(audio.samples, audio.sampleRate);
    return {
      mime: 'audio/wav' as const,
      base64: Buffer.from(wav).toString('base64'),
      durationSec: audio.durationSec,
    };
  },
};
