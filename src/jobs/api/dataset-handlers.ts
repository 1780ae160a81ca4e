import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApiError, notFound } from '../../shared/api';
import { decodeAudioFile } from '../../engine/audio/decode';
import { encodeWav16 } from '../../engine/audio/wav';
import { detectLayout, languageSource } from '../../engine/data';
import type { HandlerTable } from './dispatch';

type DatasetHandlers = Pick<
  HandlerTable,
  | 'datasets.list'
  | 'datasets.get'
  | 'datasets.detect'
  | 'datasets.import'
  | 'datasets.buildDemo'
  | 'datasets.problems'
  | 'datasets.utterances'
  | 'datasets.delete'
  | 'audio.get'
>;

function existing(requested: string): string {
  const path = resolve(requested);
  if (!existsSync(path))
    throw new ApiError('not_found', `nothing to import at ${path}: no such file or folder`);
  return path;
}

export const datasetHandlers: DatasetHandlers = {
  'datasets.list': (_request, ctx) => ctx.store.datasets.list(),
  'datasets.get': ({ datasetId }, ctx) => {
    const dataset = ctx.store.datasets.get(datasetId);
    if (!dataset) throw notFound('dataset', datasetId);
    return dataset;
  },
  'datasets.detect': async (request) => {
    const path = existing(request.path);
    const detected = await detectLayout(path, request.format);
    if (!detected) return { format: null, root: null, carriesLanguage: 'unknown' as const, reason: '' };
    const source = await languageSource(detected);
    return { ...detected, carriesLanguage: source.carries, reason: source.where };
  },
  'datasets.import': async (request, ctx) => {
    const path = existing(request.path);
    if (request.language === undefined) {
      const detected = await detectLayout(path, request.format);
      const source = detected ? await languageSource(detected) : null;
      if (source?.carries === 'no') {
        const message = `${source.where}: its utterances carry no language, so choose the language to import them as`;
        throw new ApiError('invalid_request', message, [
          { path: 'language', message: 'required for this corpus' },
        ]);
      }
    }
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
