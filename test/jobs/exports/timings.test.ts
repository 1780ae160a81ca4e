import { audacityLabels, praatTextGrid } from '../../../src/jobs/exports';

describe('token timing exports', () => {
  const words = [
    { text: 'bonjour', startSec: 0.12, endSec: 0.5 },
    { text: 'à', startSec: 0.5, endSec: 0.62 },
    { text: 'tous', startSec: 0.8, endSec: 1.1 },
  ];

  it('writes an Audacity label track: start, end, label separated by tabs', () => {
    expect(audacityLabels(words)).toBe(
      '0.120000\t0.500000\tbonjour\n0.500000\t0.620000\tà\n0.800000\t1.100000\ttous\n',
    );
  });

  it('writes a long-format Praat TextGrid whose tiers cover the whole utterance without holes', () => {
    const grid = praatTextGrid([{ name: 'words', labels: words }], 1.5);
    expect(grid).toContain(
      'File type = "ooTextFile"\nObject class = "TextGrid"\n\nxmin = 0\nxmax = 1.5\ntiers? <exists>\nsize = 1\n',
    );
    expect(grid).toContain('intervals: size = 6');
    const intervals = [...grid.matchAll(/xmin = ([\d.]+)\n\s+xmax = ([\d.]+)\n\s+text = "(.*)"/g)].map(
      (m) => [Number(m[1]), Number(m[2]), m[3]],
    );
    expect(intervals).toEqual([
      [0, 0.12, ''],
      [0.12, 0.5, 'bonjour'],
      [0.5, 0.62, 'à'],
      [0.62, 0.8, ''],
      [0.8, 1.1, 'tous'],
      [1.1, 1.5, ''],
    ]);
  });

  it('doubles quotes inside TextGrid labels and rejects overlapping spans', () => {
    expect(
      praatTextGrid([{ name: 't', labels: [{ text: 'say "hi"', startSec: 0, endSec: 1 }] }], 1),
    ).toContain('text = "say ""hi"""');
    expect(() =>
      praatTextGrid(
        [
          {
            name: 't',
            labels: [
              { text: 'a', startSec: 0, endSec: 1 },
              { text: 'b', startSec: 0.5, endSec: 2 },
            ],
          },
        ],
        2,
      ),
    ).toThrow(/tier 't': span 'b'/);
  });
});
