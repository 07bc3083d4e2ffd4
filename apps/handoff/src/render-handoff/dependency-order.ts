/**
 * Natural order of ticket keys: the prefix alphabetically, then the number numerically, so
 * FG-2 < FG-10 (a plain string sort would put FG-10 first). Keys that do not look like
 * `PREFIX-123` fall back to a plain comparison, which keeps the order total.
 */
export function compareKeys(a: string, b: string): number {
  const ma = /^(.*)-(\d+)$/.exec(a);
  const mb = /^(.*)-(\d+)$/.exec(b);
  if (ma && mb) {
    if (ma[1] !== mb[1]) return (ma[1] ?? '') < (mb[1] ?? '') ? -1 : 1;
    const byNumber = Number(ma[2]) - Number(mb[2]);
    if (byNumber !== 0) return byNumber;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Tarjan's strongly connected components: key → component number. Keys on a common cycle share one. */
function stronglyConnected(
  keys: readonly string[],
  blockers: ReadonlyMap<string, readonly string[]>,
): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const component = new Map<string, number>();
  let counter = 0;
  let components = 0;

  // Recursion depth is bounded by the number of tickets in one handoff (a few hundred at most).
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of blockers.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const id = components;
    components += 1;
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      component.set(w, id);
    } while (w !== v);
  };
  for (const k of keys) if (!index.has(k)) visit(k);
  return component;
}

/**
 * The keys ordered so that each comes after every key it is blocked by (`blockersOf`; keys
 * outside `keys` and self-links are ignored). Among keys that are free at the same time the
 * naturally smallest goes first, so the order is deterministic and reads like the plan.
 *
 * Plans are model output and may hold cycles despite validation. When nothing is free, the
 * smallest key of a cycle that waits on nothing outside itself is released: every link that
 * is not part of a cycle is still honoured, and the same input always gives the same order.
 */
export function dependencyOrder(keys: readonly string[], blockersOf: (key: string) => Iterable<string>): string[] {
  const sorted = [...new Set(keys)].sort(compareKeys);
  const present = new Set(sorted);
  const blockers = new Map<string, string[]>(
    sorted.map((k) => [k, [...new Set(blockersOf(k))].filter((b) => b !== k && present.has(b)).sort(compareKeys)]),
  );
  const component = stronglyConnected(sorted, blockers);
  const done = new Set<string>();
  const order: string[] = [];
  const waitsOn = (k: string): string[] => (blockers.get(k) ?? []).filter((b) => !done.has(b));

  while (order.length < sorted.length) {
    const remaining = sorted.filter((k) => !done.has(k));
    let next = remaining.find((k) => waitsOn(k).length === 0);
    if (next === undefined) {
      // A component is releasable when none of its remaining members waits outside it.
      const blockedComponents = new Set<number>();
      for (const k of remaining) {
        const c = component.get(k);
        if (waitsOn(k).some((b) => component.get(b) !== c) && c !== undefined) blockedComponents.add(c);
      }
      next = remaining.find((k) => !blockedComponents.has(component.get(k) ?? -1)) ?? remaining[0];
    }
    if (next === undefined) break; // unreachable: remaining is never empty inside the loop
    done.add(next);
    order.push(next);
  }
  return order;
}
