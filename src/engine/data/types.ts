import type { DATASET_FORMATS, PROBLEM_KINDS } from '../../shared/contract/datasets';

/** A corpus layout the importers understand. */
export type Format = (typeof DATASET_FORMATS)[number];
export type Split = 'train' | 'dev' | 'test';
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/** One utterance that imported cleanly. Audio stays where it is; `audioPath` is absolute. */
export interface ImportedUtterance {
  id: string;
  language: string;
  speaker: string;
  audioPath: string;
  /** Start of the segment inside `audioPath` (Kaldi `segments`, manifest `offset`); absent for whole files. */
  offsetSec?: number;
  durationSec: number;
  /** Unicode NFC, whitespace collapsed. */
  transcript: string;
  split: Split;
}

/** Why one item (or one whole file) did not import. `line` is 1-based. */
export interface ImportProblem {
  kind: ProblemKind;
  file: string;
  line?: number;
  itemId?: string;
  message: string;
}

export interface DurationBin {
  fromSec: number;
  toSec: number;
  count: number;
}

export interface LanguageStats {
  language: string;
  utterances: number;
  hours: number;
  speakers: number;
  /** Character → occurrences over all transcripts of the language. */
  characters: Record<string, number>;
  durationHistogram: DurationBin[];
  splits: Record<Split, number>;
}

export interface ImportStats {
  utterances: number;
  hours: number;
  languages: LanguageStats[];
  problemsByKind: Partial<Record<ProblemKind, number>>;
}

export interface ImportResult {
  format: Format;
  root: string;
  utterances: ImportedUtterance[];
  problems: ImportProblem[];
  stats: ImportStats;
}

/** Proportions of speakers' utterances per split when a corpus brings no splits of its own. */
export interface SplitRatios {
  train: number;
  dev: number;
  test: number;
}

/** Column names for CSV/TSV manifests; unnamed ones are recognised from common header names. */
export interface ColumnMapping {
  id?: string;
  audio?: string;
  text?: string;
  duration?: string;
  offset?: string;
  language?: string;
  speaker?: string;
  split?: string;
}

export interface ImportOptions {
  /** Language for every item when the corpus doesn't say (or to override a folder-derived one). */
  language?: string;
  onProgress?: (done: number, total: number) => void;
  /** Decode every clip to prove it is readable (default true); false only probes headers. */
  verifyAudio?: boolean;
  splitRatios?: SplitRatios;
  seed?: number;
  /** Durations outside (0, maxDurationSec] are reported as absurd (default 60 s). */
  maxDurationSec?: number;
  /** Audio files verified at the same time (default 4). */
  concurrency?: number;
  columns?: ColumnMapping;
  /** Stops audio verification (the import then rejects with the abort reason). */
  signal?: AbortSignal;
}
