import type { ImportProblem, Split } from './types';

/** An item as a layout parser read it, before screening and audio verification. */
export interface Candidate {
  id: string;
  /** Raw language as the corpus (or the caller) gives it; normalised during screening. */
  language?: string;
  speaker: string;
  /** Absolute path. */
  audioPath: string;
  offsetSec?: number;
  /** Duration the corpus declares (manifests, Kaldi segments); measured from the audio otherwise. */
  durationSec?: number;
  transcript: string;
  split?: Split;
  /** Where the item was read, for problem reports. */
  file: string;
  line: number;
}

/** What a layout parser returns: items to screen and verify, and problems found while parsing. */
export interface Parsed {
  candidates: Candidate[];
  problems: ImportProblem[];
}

export function problemAt(
  kind: ImportProblem['kind'],
  file: string,
  line: number | undefined,
  message: string,
  itemId?: string,
): ImportProblem {
  const p: ImportProblem = { kind, file, message };
  if (line !== undefined) p.line = line;
  if (itemId !== undefined) p.itemId = itemId;
  return p;
}
