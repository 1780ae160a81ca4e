import {
  formatErrs,
  formatTrn,
  formatTrnSummary,
  markupErrors,
  parseTrn,
  scoreTrn,
  speakerOf,
  wer,
  werSummaryLine,
} from '../../../src/engine/score';

const REF = 'the cat sat on the mat (spkA-u1)\nhello world (spkA-u2)\na b c d (spkB_u3)\n';
const HYP = 'the cat sat on mat (spkA-u1)\nhello big world (spkA-u2)\na x c (spkB_u3)\n';

describe('trn files', () => {
  it('reads text and id per line, skipping blank lines and comments, reporting bad lines', () => {
    const file = parseTrn(
      ';; comment\n\nhello  world (s1-u1)\nno id here\nagain (s1-u1)\n(s2_u9)\n',
      'ref.trn',
    );
    expect(file.entries).toEqual([
      { id: 's1-u1', text: 'hello world', speaker: 's1', line: 3 },
      { id: 's2_u9', text: '', speaker: 's2', line: 6 },
    ]);
    expect(file.problems).toEqual([
      "ref.trn:4: expected 'text (utterance-id)', got 'no id here'",
      "ref.trn:5: duplicate utterance id 's1-u1' (first on line 3); ignored",
    ]);
  });

  it('keeps parentheses inside the text and takes the id from the last pair', () => {
    expect(parseTrn('I am a (farmer) (cmh_sa03)').entries[0]).toMatchObject({
      id: 'cmh_sa03',
      text: 'I am a (farmer)',
    });
  });

  it('derives the speaker from the text before the first - or _', () => {
    expect(speakerOf('1089-134686-0000')).toBe('1089');
    expect(speakerOf('cmh_sa01')).toBe('cmh');
    expect(speakerOf('utt7')).toBe('utt7');
  });

  it('writes what it reads', () => {
    const text = formatTrn([
      { id: 'a-1', text: ' hello \n world ' },
      { id: 'a-2', text: '' },
    ]);
    expect(text).toBe('hello world (a-1)\n(a-2)\n');
    expect(parseTrn(text).entries.map(({ id, text: t }) => [id, t])).toEqual([
      ['a-1', 'hello world'],
      ['a-2', ''],
    ]);
    expect(() => formatTrn([{ id: 'bad id', text: 'x' }])).toThrow(/bad id/);
  });
});

describe('scoreTrn', () => {
  it('gives the totals sclite printed for the same files (9 corr, 1 sub, 2 del, 1 ins of 12 words)', () => {
    const score = scoreTrn(REF, HYP);
    expect(score).toMatchObject({
      utterances: 3,
      refLength: 12,
      correct: 9,
      substitutions: 1,
      deletions: 2,
      insertions: 1,
      errors: 4,
      sentenceErrors: 3,
      missing: [],
      extra: [],
    });
    expect(score.werPercent).toBeCloseTo(100 / 3, 10);
    expect(score.speakers.get('spkA')).toMatchObject({ utterances: 2, refLength: 8, correct: 7, errors: 2 });
    expect(score.speakers.get('spkB')).toMatchObject({ utterances: 1, refLength: 4, errors: 2 });
  });

  it('reports missing and extra ids; missing ones are skipped like sclite, or scored as deletions', () => {
    const hyp = 'the cat sat on the mat (spkA-u1)\nstray words (spkC-u9)\n';
    const skipped = scoreTrn(REF, hyp);
    expect(skipped).toMatchObject({ utterances: 1, refLength: 6, errors: 0, extra: ['spkC-u9'] });
    expect(skipped.missing).toEqual(['spkA-u2', 'spkB_u3']);
    const deleted = scoreTrn(REF, hyp, { missing: 'delete' });
    expect(deleted).toMatchObject({ utterances: 3, refLength: 12, deletions: 6, errors: 6 });
    const summary = formatTrnSummary(skipped, 'sys');
    expect(summary).toContain('missing in hypothesis (2): spkA-u2 spkB_u3');
    expect(summary).toContain('extra in hypothesis, not scored (1): spkC-u9');
  });

  it('prints a per-speaker percentage table and the totals line', () => {
    const summary = formatTrnSummary(scoreTrn(REF, HYP), 'sys');
    expect(summary).toContain('%WER 33.33 [ 4 / 12, 1 ins, 2 del, 1 sub ]');
    expect(summary).toMatch(/\| spkA\s+\|\s+2\s+8 \|\s+87\.5\s+0\.0\s+12\.5\s+12\.5\s+25\.0\s+100\.0 \|/);
    expect(summary).toMatch(/\| Sum\/Avg\s+\|\s+3\s+12 \|\s+75\.0\s+8\.3\s+16\.7\s+8\.3\s+33\.3\s+100\.0 \|/);
  });
});

describe('icefall-style errs', () => {
  it('formats the one-line summary', () => {
    const counts = { refLength: 40, correct: 36, substitutions: 2, deletions: 2, insertions: 1, errors: 5 };
    expect(werSummaryLine(counts)).toBe('%WER 12.50 [ 5 / 40, 1 ins, 2 del, 2 sub ]');
  });

  it('marks runs of successive errors as (ref->hyp)', () => {
    expect(markupErrors(wer('for the first day sir i think', 'for the first day i think').alignment)).toBe(
      'for the first day (sir->*) i think',
    );
    expect(markupErrors(wer('a b c d', 'a x c').alignment)).toBe('a (b->x) c (d->*)');
    expect(markupErrors(wer('a b c d', 'a d').alignment)).toBe('a (b c->*) d');
    expect(markupErrors(wer('a b', 'x y z').alignment)).toBe('(a b->x y z)');
    expect(markupErrors(wer('a', 'z a').alignment)).toBe('(*->z) a');
  });

  it('writes the whole report for a hand-checked case', () => {
    const utterances = [
      { id: 'u1', alignment: wer('a b c', 'a x c').alignment },
      { id: 'u2', alignment: wer('b c', 'b c c').alignment },
    ];
    expect(formatErrs(utterances)).toBe(
      [
        '%WER = 40.00',
        'Errors: 1 insertions, 0 deletions, 1 substitutions, over 5 reference words (4 correct)',
        'Search below for sections starting with PER-UTT DETAILS:, SUBSTITUTIONS:, DELETIONS:, INSERTIONS:, PER-WORD STATS:',
        '',
        'PER-UTT DETAILS: corr or (ref->hyp)  ',
        'u1:\ta (b->x) c',
        'u2:\tb (*->c) c',
        '',
        'SUBSTITUTIONS: count ref -> hyp',
        '1   b -> x',
        '',
        'DELETIONS: count ref',
        '',
        'INSERTIONS: count hyp',
        '1   c',
        '',
        'PER-WORD STATS: word  corr tot_errs count_in_ref count_in_hyp',
        'x   0 1 0 1',
        'c   2 1 2 3',
        'b   1 1 2 1',
        'a   1 0 1 1',
        '',
      ].join('\n'),
    );
  });
});
