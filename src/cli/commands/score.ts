import { readFileSync } from 'node:fs';
import { formatTrnSummary, SCLITE_WEIGHTS, scoreTrn } from '../../engine/score';
import { EXIT, UsageError, type Command } from '../command';
import { json } from './support/table';

function read(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${flag} ${path}: ${(error as Error).message}`);
  }
}

export const scoreCommand: Command = {
  name: 'score',
  summary: 'Score a hypothesis trn file against a reference trn file (WER, per speaker, sclite-style)',
  usage: 'pathways score --ref REF.trn --hyp HYP.trn [--sclite-weights] [--json]',
  options: {
    ref: {
      type: 'string',
      placeholder: 'REF.trn',
      valueType: 'path',
      description: 'Reference transcripts, sclite trn (required)',
    },
    hyp: {
      type: 'string',
      placeholder: 'HYP.trn',
      valueType: 'path',
      description: 'Hypotheses, sclite trn (required)',
    },
    'sclite-weights': {
      type: 'boolean',
      default: false,
      description: "Align with sclite's weights (substitution 4, insertion and deletion 3) instead of all 1",
    },
  },
  async run({ values }, io) {
    if (typeof values.ref !== 'string' || typeof values.hyp !== 'string')
      throw new UsageError('both --ref and --hyp are required');
    const score = scoreTrn(read(values.ref, '--ref'), read(values.hyp, '--hyp'), {
      refSource: values.ref,
      hypSource: values.hyp,
      weights: values['sclite-weights'] ? SCLITE_WEIGHTS : undefined,
    });
    for (const problem of score.problems) io.err(`${problem}\n`);
    if (values.json) {
      const { perUtterance, speakers, ...totals } = score;
      io.out(
        json({
          ...totals,
          speakers: Object.fromEntries(speakers),
          perUtterance: perUtterance.map(({ alignment: _alignment, ...u }) => u),
        }),
      );
    } else io.out(formatTrnSummary(score, values.hyp));
    return EXIT.ok;
  },
};
