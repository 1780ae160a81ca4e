// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import HeatMap from '../../src/renderer/components/charts/HeatMap.vue';
import { iouMatrix } from '../../src/renderer/lib/iou-matrix';
import { maskBars } from '../../src/renderer/lib/mask-bars';

/** IoU of two sets of kept weight indices, computed directly. */
function iou(a: number[], b: number[]): number {
  const sa = new Set(a);
  const inter = b.filter((x) => sa.has(x)).length;
  return inter / new Set([...a, ...b]).size;
}

describe('IoU heatmap data', () => {
  const masks: Record<string, number[]> = { de: [0, 1, 2, 3], fr: [2, 3, 4], es: [0, 3, 5, 6] };
  const languages = Object.keys(masks);
  const pairs = [
    { a: 'de', b: 'fr', iou: iou(masks.de, masks.fr) },
    { a: 'es', b: 'de', iou: iou(masks.es, masks.de) },
    { a: 'fr', b: 'es', iou: iou(masks.fr, masks.es) },
  ];

  it('fills a symmetric matrix from unordered pairs with 1 on the diagonal', () => {
    const { values } = iouMatrix(languages, pairs);
    expect(values.map((row, i) => row[i])).toEqual([1, 1, 1]);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(values[i][j]).toBe(values[j][i]);
    expect(values[0][1]).toBeCloseTo(2 / 5); // de∩fr = {2,3}, de∪fr = {0..4}
    expect(values[0][2]).toBeCloseTo(2 / 6); // de∩es = {0,3}, union {0,1,2,3,5,6}
    expect(values[1][2]).toBeCloseTo(1 / 6); // fr∩es = {3}, union {0,2,3,4,5,6}
  });

  it('leaves pairs that were not reported empty and ignores unknown languages', () => {
    const { values } = iouMatrix(['de', 'fr', 'it'], [pairs[0], { a: 'xx', b: 'de', iou: 0.9 }]);
    expect(values[0][2]).toBeNull();
    expect(values[2][1]).toBeNull();
    expect(values[0][1]).toBeCloseTo(0.4);
  });

  it('renders one labelled cell per pair with its value', () => {
    const wrapper = mount(HeatMap, { props: { title: 'IoU', matrix: iouMatrix(languages, pairs) } });
    const cells = wrapper.findAll('text.cell-value').map((t) => t.text());
    expect(cells).toHaveLength(9);
    expect(cells.slice(0, 3)).toEqual(['1.00', '0.40', '0.33']);
    expect(wrapper.findAll('rect title')[1].text()).toBe('de × fr: 0.400');
  });

  it('splits each language mask into shared-by-all, shared-with-some, exclusive and pruned', () => {
    // 10 weights; de keeps {0,1,2,3}, fr {2,3,4}, es {0,3,5,6}: shared by all {3}; exclusive de {1}, fr {4}, es {5,6}.
    const scope = {
      pairs: [],
      sharedByAll: 0.1,
      exclusive: { de: 0.1, fr: 0.1, es: 0.2 },
      unionDensity: 0.7,
      sparsity: { de: 0.6, fr: 0.7, es: 0.6 },
    };
    const rows = maskBars(languages, scope);
    expect(rows.map((r) => r.label)).toEqual(['de', 'fr', 'es', 'union']);
    const close = (a: number[], b: number[]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i]));
    close(rows[0].values, [0.1, 0.2, 0.1, 0.6]); // de: {3} all, {0,2} some, {1} exclusive
    close(rows[1].values, [0.1, 0.1, 0.1, 0.7]); // fr: {3}, {2}, {4}
    close(rows[2].values, [0.1, 0.1, 0.2, 0.6]); // es: {3}, {0}, {5,6}
    close(rows[3].values, [0.1, 0.2, 0.4, 0.3]); // union {0..6}: {3}, {0,2}, {1,4,5,6}, pruned {7,8,9}
  });
});
