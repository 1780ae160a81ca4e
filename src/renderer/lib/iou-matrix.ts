/** A square matrix of pairwise IoU values indexed like `languages`; null where no pair was reported. */
export interface IouMatrix {
  languages: string[];
  values: (number | null)[][];
}

/** Build the symmetric IoU matrix from unordered pairs; a language always overlaps itself fully. */
export function iouMatrix(
  languages: readonly string[],
  pairs: readonly { a: string; b: string; iou: number }[],
): IouMatrix {
  const index = new Map(languages.map((language, i) => [language, i]));
  const values = languages.map((_, i) => languages.map((__, j) => (i === j ? 1 : (null as number | null))));
  for (const pair of pairs) {
    const i = index.get(pair.a);
    const j = index.get(pair.b);
    if (i === undefined || j === undefined) continue;
    values[i][j] = pair.iou;
    values[j][i] = pair.iou;
  }
  return { languages: [...languages], values };
}
