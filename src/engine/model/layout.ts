/**
 * Row layout of the streaming encoder (Emformer-style). The sequence a layer processes holds the
 * "main" rows (one per encoder frame) followed by "right-context" rows: for every segment, copies of
 * the `lookAhead` frames after its end. Visibility (the attention mask):
 * - a row of segment k (main or right-context) sees the main rows of segments k − leftContext … k
 *   and the right-context rows of segment k — nothing else;
 * - a key row is hidden when its source frame lies beyond the utterance length.
 * Because look-ahead frames enter only as per-segment copies, a segment's output depends on input
 * up to its end + lookAhead frames, whatever the depth, so streaming can emit it at that point.
 */
export interface EncoderRow {
  segment: number;
  kind: 'main' | 'rc';
  /** Encoder frame the row was copied from. */
  frame: number;
  /** Position within its segment's sequence (main frames, then its right-context frames). */
  pos: number;
}

/** Rows for a whole utterance (or padded batch) of `frames` encoder frames. */
export function fullLayout(frames: number, segmentLength: number, lookAhead: number): EncoderRow[] {
  const rows: EncoderRow[] = [];
  for (let t = 0; t < frames; t++) {
    rows.push({ segment: Math.floor(t / segmentLength), kind: 'main', frame: t, pos: t % segmentLength });
  }
  const segments = Math.ceil(frames / segmentLength);
  for (let k = 0; k < segments; k++) {
    for (let i = 0; i < lookAhead; i++) {
      rows.push({ segment: k, kind: 'rc', frame: (k + 1) * segmentLength + i, pos: segmentLength + i });
    }
  }
  return rows;
}

/** Rows of one segment as streaming processes it: its main frames then its right-context copies. */
export function segmentLayout(
  segment: number,
  segmentLength: number,
  mainFrames: number,
  rcFrames: number,
): EncoderRow[] {
  const start = segment * segmentLength;
  const rows: EncoderRow[] = [];
  for (let t = 0; t < mainFrames; t++) rows.push({ segment, kind: 'main', frame: start + t, pos: t });
  for (let i = 0; i < rcFrames; i++) {
    rows.push({ segment, kind: 'rc', frame: start + segmentLength + i, pos: segmentLength + i });
  }
  return rows;
}

export const HIDDEN = -1e9;

/** Additive attention bias [B, Nq, Nk]: 0 where visible, HIDDEN elsewhere. */
export function attentionBias(
  queries: readonly EncoderRow[],
  keys: readonly EncoderRow[],
  lengths: readonly number[],
  leftContext: number,
): Float32Array {
  const nq = queries.length;
  const nk = keys.length;
  const bias = new Float32Array(lengths.length * nq * nk);
  lengths.forEach((length, b) => {
    for (let i = 0; i < nq; i++) {
      const q = queries[i];
      const base = (b * nq + i) * nk;
      for (let j = 0; j < nk; j++) {
        const k = keys[j];
        const inWindow =
          k.kind === 'main'
            ? k.segment <= q.segment && k.segment >= q.segment - leftContext
            : k.segment === q.segment;
        if (!inWindow || k.frame >= length) bias[base + j] = HIDDEN;
      }
    }
  });
  return bias;
}

/**
 * Gather indices [Nq · kernel] for the causal depthwise convolution of the conv module: tap j of a
 * row at position p reads the row of the same segment at position p − (kernel − 1) + j, or the
 * zero row (index Nq) when there is none. The convolution never crosses a segment boundary, so
 * streaming needs no convolution cache.
 */
export function convTaps(rows: readonly EncoderRow[], kernel: number): Int32Array {
  const index = new Map<string, number>();
  rows.forEach((r, i) => index.set(`${r.segment}:${r.pos}`, i));
  const taps = new Int32Array(rows.length * kernel);
  rows.forEach((r, i) => {
    for (let j = 0; j < kernel; j++) {
      taps[i * kernel + j] = index.get(`${r.segment}:${r.pos - (kernel - 1) + j}`) ?? rows.length;
    }
  });
  return taps;
}
