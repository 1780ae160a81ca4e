// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { BarChart, LineChart, StackedBars } from '../../src/renderer/components/charts';
import { linearScale, niceDomain, niceTicks } from '../../src/renderer/lib/scale';

describe('chart scales', () => {
  it('maps a domain linearly onto a pixel range (inverted for y)', () => {
    const y = linearScale([0, 10], [200, 0]);
    expect([y(0), y(5), y(10)]).toEqual([200, 100, 0]);
  });

  it('picks round 1/2/5 steps and a domain whose end ticks frame the data', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 0.5, 4)).toEqual([0, 0.2, 0.4]);
    expect(niceDomain(0, 0.5, 4)).toEqual([0, 0.6]);
    expect(niceTicks(...niceDomain(0, 0.5, 4), 4)).toEqual([0, 0.2, 0.4, 0.6]);
    expect(niceDomain(3, 37, 4)).toEqual([0, 40]);
    expect(niceDomain(-0.3, 0.9, 4)).toEqual([-0.5, 1]);
  });
});

describe('SVG charts', () => {
  it('draws one path per overlaid series through its points, with a legend', () => {
    const series = [
      {
        name: 'run A · loss',
        points: [
          { x: 0, y: 2 },
          { x: 10, y: 1 },
          { x: 20, y: 0.5 },
        ],
      },
      {
        name: 'run B · loss',
        points: [
          { x: 0, y: 3 },
          { x: 20, y: 1 },
        ],
      },
    ];
    const wrapper = mount(LineChart, { props: { title: 'Loss', series } });
    const paths = wrapper.findAll('path');
    expect(paths).toHaveLength(2);
    expect(paths[0].attributes('d')?.match(/[ML]/g)).toEqual(['M', 'L', 'L']);
    expect(paths[1].attributes('d')?.match(/[ML]/g)).toEqual(['M', 'L']);
    expect(wrapper.findAll('.legend li').map((li) => li.text())).toEqual(['run A · loss', 'run B · loss']);
    expect(mount(LineChart, { props: { title: 'WER', series: [] } }).text()).toContain('No points yet');
  });

  it('draws grouped bars whose heights are proportional to the values', () => {
    const wrapper = mount(BarChart, {
      props: {
        title: 'WER',
        categories: ['de', 'fr'],
        series: [
          { name: 'dense', values: [0.2, 0.4] },
          { name: 'pathways', values: [0.1, 0.3] },
        ],
      },
    });
    const bars = wrapper.findAll('rect');
    expect(bars).toHaveLength(4);
    const heights = bars.map((b) => Number(b.attributes('height')));
    // order: de·dense, de·pathways, fr·dense, fr·pathways
    expect(heights[2] / heights[0]).toBeCloseTo(2);
    expect(heights[3] / heights[1]).toBeCloseTo(3);
    expect(bars[3].find('title').text()).toBe('fr · pathways: 0.3');
  });

  it('splits each stacked bar into segments proportional to its fractions', () => {
    const wrapper = mount(StackedBars, {
      props: { title: 'Kept', segments: ['a', 'b', 'c'], rows: [{ label: 'de', values: [0.25, 0.25, 0.5] }] },
    });
    const widths = wrapper.findAll('rect').map((r) => Number(r.attributes('width')));
    expect(widths[1]).toBeCloseTo(widths[0]);
    expect(widths[2]).toBeCloseTo(2 * widths[0]);
    const xs = wrapper.findAll('rect').map((r) => Number(r.attributes('x')));
    expect(xs[1]).toBeCloseTo(xs[0] + widths[0]);
  });
});
