import type { StartedTestContainer } from 'testcontainers';

export default async function globalTeardown(): Promise<void> {
  const containers = (globalThis as { __fgContainers?: StartedTestContainer[] }).__fgContainers ?? [];
  await Promise.all(containers.map((c) => c.stop()));
}
