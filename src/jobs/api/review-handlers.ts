import { notFound } from '../../shared/api';
import { filterReviewRows, reviewRow, wordsFromTokens } from '../results';
import type { HandlerTable } from './dispatch';

type ReviewHandlers = Pick<HandlerTable, 'review.utterances' | 'review.utterance'>;

export const reviewHandlers: ReviewHandlers = {
  'review.utterances': ({ evaluationId, ...filter }, ctx) => {
    if (!ctx.store.evaluations.get(evaluationId)) throw notFound('evaluation', evaluationId);
    return filterReviewRows(ctx.store.evaluations.hypotheses(evaluationId), filter);
  },
  'review.utterance': ({ evaluationId, utteranceId }, ctx) => {
    if (!ctx.store.evaluations.get(evaluationId)) throw notFound('evaluation', evaluationId);
    const [hypothesis] = ctx.store.evaluations.hypotheses(evaluationId, utteranceId);
    if (!hypothesis) throw notFound(`utterance of evaluation ${evaluationId}`, utteranceId);
    return {
      ...reviewRow(hypothesis),
      durationSec: hypothesis.durationSec,
      tokens: hypothesis.tokens,
      words: wordsFromTokens(hypothesis.tokens),
    };
  },
};
