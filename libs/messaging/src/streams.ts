import { DiscardPolicy, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from 'nats';
import { deadLetterStream, deadLetterWildcard, eventSubjectWildcard, eventsStream } from '@flowguard/contracts';

const DAY_NS = 24 * 60 * 60 * 1_000_000_000;
const nanos = (ms: number) => ms * 1_000_000;

export interface StreamSettings {
  /** Events are kept this long (replay, late consumers); the DLQ keeps them longer. */
  eventsMaxAgeDays: number;
  deadLetterMaxAgeDays: number;
  /** Server-side dedupe window for Nats-Msg-Id. */
  duplicateWindowMs: number;
}

export const DEFAULT_STREAM_SETTINGS: StreamSettings = {
  eventsMaxAgeDays: 7,
  deadLetterMaxAgeDays: 30,
  duplicateWindowMs: 2 * 60_000,
};

function desired(prefix: string, settings: StreamSettings): Partial<StreamConfig>[] {
  const common = {
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    num_replicas: 1,
    duplicate_window: nanos(settings.duplicateWindowMs),
  };
  return [
    {
      ...common,
      name: eventsStream(prefix),
      subjects: [eventSubjectWildcard(prefix)],
      max_age: settings.eventsMaxAgeDays * DAY_NS,
      description: 'FlowGuard integration events',
    },
    {
      ...common,
      name: deadLetterStream(prefix),
      subjects: [deadLetterWildcard(prefix)],
      max_age: settings.deadLetterMaxAgeDays * DAY_NS,
      description: 'FlowGuard dead letters: the original event bytes, the reason in headers',
    },
  ];
}

/** Creates the event and dead-letter streams, or updates them to the desired settings. */
export async function ensureStreams(
  jsm: JetStreamManager,
  prefix: string,
  settings: StreamSettings = DEFAULT_STREAM_SETTINGS,
): Promise<void> {
  for (const config of desired(prefix, settings)) {
    const name = config.name as string;
    try {
      const info = await jsm.streams.info(name);
      await jsm.streams.update(name, { ...info.config, ...config });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      try {
        await jsm.streams.add(config);
      } catch (addErr) {
        // Another replica created it between our info() and add(): that is fine.
        if (!String((addErr as Error).message).includes('already in use')) throw addErr;
      }
    }
  }
}

export function isNotFound(err: unknown): boolean {
  const message = String((err as Error)?.message ?? err);
  return message.includes('not found') || (err as { code?: string })?.code === '404';
}
