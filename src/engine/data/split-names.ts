import type { Split } from './types';

/**
 * The split a corpus folder or file name denotes: `train-clean-100` → train, `dev-other` → dev,
 * `test_yesno` → test, `valid` → dev, `eval2000` → test; null when the name says nothing.
 */
export function splitFromName(name: string): Split | null {
  const tokens = name.toLowerCase().split(/[^a-z]+/u);
  for (const t of tokens) {
    if (t === 'train' || t === 'training') return 'train';
    if (t === 'dev' || t === 'valid' || t === 'validation' || t === 'val') return 'dev';
    if (t === 'test' || t === 'eval') return 'test';
  }
  return null;
}
