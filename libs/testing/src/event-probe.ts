import { eventsStream, type EventEnvelope } from '@flowguard/contracts';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';

/** Reads what has been published to an isolation's event stream (in order, parsed). */
export class EventProbe {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly prefix: string,
  ) {}

  static async open(natsUrl: string, prefix: string): Promise<EventProbe> {
    const nc = await connect({ servers: natsUrl });
    return new EventProbe(nc, await nc.jetstreamManager(), prefix);
  }

  async all(): Promise<EventEnvelope[]> {
    const stream = eventsStream(this.prefix);
    let info;
    try {
      info = await this.jsm.streams.info(stream);
    } catch {
      return [];
    }
    const out: EventEnvelope[] = [];
    if (info.state.messages === 0) return out;
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const m = await this.jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
      if (m) out.push(JSON.parse(new TextDecoder().decode(m.data)) as EventEnvelope);
    }
    return out;
  }

  async ofType(type: string, workflowId?: string): Promise<EventEnvelope[]> {
    return (await this.all()).filter((e) => e.type === type && (!workflowId || e.workflowId === workflowId));
  }

  async close(): Promise<void> {
    await this.nc.close();
  }
}
