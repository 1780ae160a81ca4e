// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import AlignmentDiff from '../../src/renderer/components/AlignmentDiff.vue';
import { diffColumns, diffCounts, type AlignmentOp } from '../../src/renderer/lib/diff';

// "the cat sat on the mat" recognised as "the bat sat on on mat ok"... hand-aligned:
const ops: AlignmentOp[] = [
  { op: 'C', ref: 'the', hyp: 'the' },
  { op: 'S', ref: 'cat', hyp: 'bat' },
  { op: 'C', ref: 'sat', hyp: 'sat' },
  { op: 'D', ref: 'on', hyp: null },
  { op: 'C', ref: 'the', hyp: 'the' },
  { op: 'I', ref: null, hyp: 'big' },
  { op: 'C', ref: 'mat', hyp: 'mat' },
];

describe('reference/hypothesis diff', () => {
  it('numbers hypothesis words (skipping deletions) so they line up with word timings', () => {
    const columns = diffColumns(ops);
    expect(columns.map((c) => c.kind)).toEqual([
      'correct',
      'substitution',
      'correct',
      'deletion',
      'correct',
      'insertion',
      'correct',
    ]);
    expect(columns.map((c) => c.hypIndex)).toEqual([0, 1, 2, null, 3, 4, 5]);
    expect(columns[3]).toMatchObject({ ref: 'on', hyp: null });
    expect(columns[5]).toMatchObject({ ref: null, hyp: 'big' });
    expect(diffCounts(ops)).toEqual({ S: 1, I: 1, D: 1 });
  });

  it('colours each column by its operation and shows the missing side as ∅', () => {
    const wrapper = mount(AlignmentDiff, { props: { ops } });
    const cols = wrapper.findAll('.diff-col');
    expect(cols).toHaveLength(7);
    expect(cols.map((c) => c.attributes('data-op'))).toEqual([
      'correct',
      'substitution',
      'correct',
      'deletion',
      'correct',
      'insertion',
      'correct',
    ]);
    expect(cols[1].classes()).toContain('substitution');
    expect(cols[1].find('.ref').text()).toBe('cat');
    expect(cols[1].find('.hyp').text()).toBe('bat');
    expect(cols[3].classes()).toContain('deletion');
    expect(cols[3].find('.hyp').text()).toBe('∅');
    expect(cols[5].classes()).toContain('insertion');
    expect(cols[5].find('.ref').text()).toBe('∅');
    expect(cols[1].attributes('aria-label')).toBe('substitution: cat → bat');
  });

  it('emits seek with the hypothesis word index; deleted words cannot be clicked', async () => {
    const wrapper = mount(AlignmentDiff, { props: { ops, activeWord: 4 } });
    const cols = wrapper.findAll('.diff-col');
    await cols[6].trigger('click');
    expect(wrapper.emitted('seek')).toEqual([[5]]);
    expect(cols[3].attributes('disabled')).toBeDefined();
    expect(cols[5].classes()).toContain('active');
  });
});
