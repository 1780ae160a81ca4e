import { basename } from 'node:path';
import { importDataset, type ImportResult } from '../../engine/data';
import type { DatasetImport } from '../../store';
import type { JobIo } from './kind';
import type { ImportPayload } from './import-schema';

/** The engine's import result in store terms. */
export function toDatasetImport(result: ImportResult, name: string): DatasetImport {
  return {
    name,
    format: result.format,
    root: result.root,
    utterances: result.utterances.map((u) => ({
      id: u.id,
      language: u.language,
      speaker: u.speaker,
      audioPath: u.audioPath,
      offsetSec: u.offsetSec ?? null,
      durationSec: u.durationSec,
      transcript: u.transcript,
      split: u.split,
    })),
    problems: result.problems.map((p) => ({
      kind: p.kind,
      file: p.file,
      line: p.line ?? null,
      itemId: p.itemId ?? null,
      message: p.message,
    })),
    stats: {
      languages: result.stats.languages.map((l) => ({
        language: l.language,
        utterances: l.utterances,
        hours: l.hours,
        speakers: l.speakers,
      })),
      characters: Object.fromEntries(result.stats.languages.map((l) => [l.language, l.characters])),
      durationHistogram: Object.fromEntries(
        result.stats.languages.map((l) => [l.language, l.durationHistogram]),
      ),
    },
  };
}

/** Import a corpus and store it; shared by the `import` and `demo-corpus` kinds. Returns the dataset id. */
export async function importAndStore(payload: ImportPayload, io: JobIo): Promise<string> {
  io.progress({ phase: 'import', step: 0, total: null });
  const result = await importDataset(payload.path, {
    format: payload.format,
    language: payload.language,
    onProgress: (done, total) => io.progress({ phase: 'import', step: done, total }),
  });
  const existed = io.store.datasets.list().some((d) => d.root === result.root);
  const datasetId = io.store.datasets.save(toDatasetImport(result, payload.name ?? basename(result.root)));
  io.store.jobs.attachDataset(io.job.id, datasetId);
  io.log(
    `imported ${result.stats.utterances} utterances (${result.stats.hours.toFixed(2)} h) from ${result.root} as ${result.format}, ` +
      `${result.problems.length} problems`,
  );
  io.emit('dataset.changed', { datasetId, change: existed ? 'updated' : 'created' });
  return datasetId;
}

export async function runImport(payload: ImportPayload, io: JobIo): Promise<void> {
  await importAndStore(payload, io);
}
