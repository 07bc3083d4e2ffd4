import { compareKeys, dependencyOrder } from './dependency-order';

const graph =
  (links: Record<string, string[]>) =>
  (key: string): string[] =>
    links[key] ?? [];

describe('compareKeys', () => {
  it('orders by prefix, then numerically', () => {
    expect(['FG-10', 'FG-2', 'AB-7', 'FG-1', 'FG-02x'].sort(compareKeys)).toEqual([
      'AB-7',
      'FG-02x',
      'FG-1',
      'FG-2',
      'FG-10',
    ]);
  });
});

describe('dependencyOrder', () => {
  it('puts every key after its blockers and breaks ties by natural key order', () => {
    const links = { 'FG-2': ['FG-10'], 'FG-3': ['FG-2', 'FG-11'] };
    expect(dependencyOrder(['FG-3', 'FG-2', 'FG-11', 'FG-10', 'FG-1'], graph(links))).toEqual([
      'FG-1',
      'FG-10',
      'FG-2',
      'FG-11',
      'FG-3',
    ]);
  });

  it('ignores self-links, links to keys outside the set and repeated keys', () => {
    const links = { 'FG-1': ['FG-1', 'FG-99'], 'FG-2': ['FG-1', 'FG-1'] };
    expect(dependencyOrder(['FG-2', 'FG-1', 'FG-2'], graph(links))).toEqual(['FG-1', 'FG-2']);
  });

  it('breaks a cycle at its smallest key, never releasing a key that waits on the cycle', () => {
    // FG-2 waits on the FG-5 ⇄ FG-6 cycle: a naive "smallest remaining key" would release FG-2.
    const links = { 'FG-2': ['FG-5'], 'FG-5': ['FG-6'], 'FG-6': ['FG-5'] };
    expect(dependencyOrder(['FG-6', 'FG-5', 'FG-2', 'FG-1'], graph(links))).toEqual(['FG-1', 'FG-5', 'FG-2', 'FG-6']);
  });

  it('releases first the cycle that waits on nothing outside itself', () => {
    // {FG-1, FG-2} waits on {FG-3, FG-4} through FG-1 ← FG-3.
    const links = { 'FG-1': ['FG-2', 'FG-3'], 'FG-2': ['FG-1'], 'FG-3': ['FG-4'], 'FG-4': ['FG-3'] };
    const order = dependencyOrder(['FG-1', 'FG-2', 'FG-3', 'FG-4'], graph(links));
    expect(order).toEqual(['FG-3', 'FG-4', 'FG-1', 'FG-2']);
    expect(dependencyOrder(['FG-4', 'FG-2', 'FG-3', 'FG-1'], graph(links))).toEqual(order);
  });

  it('handles a long chain given backwards', () => {
    const keys = Array.from({ length: 300 }, (_, i) => `FG-${i + 1}`);
    const links = Object.fromEntries(keys.slice(1).map((k, i) => [k, [keys[i] ?? '']]));
    expect(dependencyOrder([...keys].reverse(), graph(links))).toEqual(keys);
  });
});
