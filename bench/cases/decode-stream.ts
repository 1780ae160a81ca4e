/** Pure helpers of the decode benchmark's speech stream: which utterances, and how they are joined. */

/**
 * Items in round-robin order of their languages (languages sorted, each language's items in their
 * given order), so that every prefix mixes the languages as evenly as the counts allow.
 */
export function interleaveByLanguage<T extends { language: string }>(items: readonly T[]): T[] {
  const byLanguage = new Map<string, T[]>();
  for (const item of items) {
    const list = byLanguage.get(item.language);
    if (list) list.push(item);
    else byLanguage.set(item.language, [item]);
  }
  const queues = [...byLanguage.keys()].sort().map((language) => byLanguage.get(language)!);
  const out: T[] = [];
  for (let round = 0; out.length < items.length; round++) {
    for (const queue of queues) if (round < queue.length) out.push(queue[round]);
  }
  return out;
}

/** Feature matrices ([frames · dim] row-major each) one after another in one [Σ frames · dim] stream. */
export function concatFrames(
  parts: readonly { data: Float32Array; frames: number }[],
  dim: number,
): Float32Array {
  let total = 0;
  for (const [i, part] of parts.entries()) {
    if (part.data.length !== part.frames * dim) {
      throw new Error(
        `feature part ${i} holds ${part.data.length} values, not frames ${part.frames} × dim ${dim}`,
      );
    }
    total += part.frames;
  }
  const out = new Float32Array(total * dim);
  let offset = 0;
  for (const part of parts) {
    out.set(part.data, offset);
    offset += part.data.length;
  }
  return out;
}
