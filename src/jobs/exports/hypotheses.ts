import { formatErrs, formatTrn, wer } from '../../engine/score';
import type { StoredHypothesis } from '../../store';

/** sclite trn ids may not hold whitespace or parentheses; the store's `<dataset>/<utt>` keys become `<utt>`. */
function trnId(key: string): string {
  return key.slice(key.indexOf('/') + 1).replace(/[\s()]/g, '_');
}

/** Reference and hypothesis transcripts of an evaluation as a pair of sclite trn files. */
export function hypothesesAsTrn(hypotheses: readonly StoredHypothesis[]): { ref: string; hyp: string } {
  return {
    ref: formatTrn(hypotheses.map((h) => ({ id: trnId(h.utteranceKey), text: h.reference }))),
    hyp: formatTrn(hypotheses.map((h) => ({ id: trnId(h.utteranceKey), text: h.hypothesis }))),
  };
}

/** An evaluation as an icefall `errs` report (word alignment of every utterance). */
export function hypothesesAsErrs(hypotheses: readonly StoredHypothesis[]): string {
  return formatErrs(
    hypotheses.map((h) => ({
      id: trnId(h.utteranceKey),
      alignment: wer(h.reference, h.hypothesis).alignment,
    })),
  );
}
