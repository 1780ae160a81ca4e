/** A tokenizer saved next to a run as JSON, written atomically (temporary file, then rename). */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { loadTokenizer } from './load-tokenizer';
import type { Tokenizer } from './tokenizer';

export async function writeTokenizerFile(path: string, tokenizer: Tokenizer): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(tokenizer.toJSON()) + '\n', 'utf8');
  await rename(temporary, path);
}

export async function readTokenizerFile(path: string): Promise<Tokenizer> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: not a readable tokenizer JSON file (${(error as Error).message})`);
  }
  return loadTokenizer(json, path);
}
