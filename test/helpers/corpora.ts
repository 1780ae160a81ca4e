import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The real sample recordings beside the repository (../shared/corpora), or $PATHWAYS_CORPORA. */
export const CORPORA = process.env.PATHWAYS_CORPORA ?? join(__dirname, '..', '..', '..', 'shared', 'corpora');

export const corporaPresent = existsSync(CORPORA);

if (!corporaPresent) console.warn(`skipping real-corpus tests: ${CORPORA} is absent`);
