import {
  evaluationHypotheses,
  filterReviewRows,
  getEvaluation,
  reviewRow,
  wordsFromTokens,
} from '../results';
import { notFound, type HandlerTable } from './dispatch';

type ReviewHandlers = Pick<HandlerTable, 'review.utterances' | 'review.utterance'>;

export const reviewHandlers: ReviewHandlers = {
  'review.utterances': ({ evaluationId, ...filter }, ctx) => {
    if (!getEvaluation(ctx.store.db, evaluationId)) throw notFound('evaluation', evaluationId);
    return filterReviewRows(evaluationHypotheses(ctx.store.db, evaluationId), filter);
  },
  'review.utterance': ({ evaluationId, utteranceId }, ctx) => {
    if (!getEvaluation(ctx.store.db, evaluationId)) throw notFound('evaluation', evaluationId);
    const [hypothesis] = evaluationHypotheses(ctx.store.db, evaluationId, utteranceId);
    if (!hypothesis) throw notFound(`utterance of evaluation ${evaluationId}`, utteranceId);
    return {
      ...reviewRow(hypothesis),
      durationSec: hypothesis.durationSec,
      tokens: hypothesis.tokens,
      words: wordsFromTokens(hypothesis.tokens),
    };
  },
};
