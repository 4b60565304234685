import { weightedPicker } from '../../../tools/rehearse/mix';
import { shopWorkloadStatements } from '../../../tools/rehearse/shop/shop-workload';
import { readShareOf, type WorkloadStatement } from '../../../tools/rehearse/workload/workload';

const statement = (name: string, weight: number, endpoint: WorkloadStatement['endpoint']): WorkloadStatement => ({
  name,
  weight,
  endpoint,
  text: `SELECT '${name}'`,
  values: () => [],
});

describe('picking statements by weight', () => {
  test('each statement gets its share of the random range, and a zero weight is never picked', () => {
    const items = [statement('a', 80, 'reader'), statement('none', 0, 'writer'), statement('b', 15, 'writer'), statement('c', 5, 'writer')];
    const pickAt = (r: number) =>
      weightedPicker(
        items,
        (s) => s.weight,
        () => r,
      ).pick().name;
    expect([0, 0.79, 0.8, 0.949, 0.951, 0.999].map(pickAt)).toEqual(['a', 'a', 'b', 'b', 'c', 'c']);
  });

  test('a workload with no weight at all is refused', () => {
    expect(() => weightedPicker([statement('x', 0, 'reader')], (s) => s.weight)).toThrow('the workload gives no weight to any statement');
  });

  test('the read share sizes the read-only fleet: the shop mix is 80 % reads', () => {
    const shop = shopWorkloadStatements('rehearsal_x_20260101000000', { productRead: 0.8, cartWrite: 0.15, orderWrite: 0.05 }, 100);
    expect(shop.map((s) => [s.name, s.endpoint, s.weight])).toEqual([
      ['productRead', 'reader', 80],
      ['cartWrite', 'writer', 15],
      ['orderWrite', 'writer', 5],
    ]);
    expect(readShareOf(shop)).toBeCloseTo(0.8, 9);
    expect(readShareOf([...shop, statement('report', 100, 'writer')])).toBeCloseTo(0.4, 9);
    expect(shop.find((s) => s.name === 'orderWrite')?.zeroRowsMeans).toBe('out-of-stock');
  });
});
