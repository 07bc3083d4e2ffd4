import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { EventType } from '@flowguard/contracts';
import { EventConsumer, type EventHandlerFn } from './event-consumer';
import { HANDLES_EVENT } from './handles-event.decorator';
import { HANDLES_QUERY, serveQuery } from './query';
import { checkHandlers, type DiscoveredHandler } from './handler-registry';
import { MESSAGING_OPTIONS, NATS_HANDLES, type MessagingOptions } from './messaging.options';
import type { NatsHandles } from './nats.connection';
import { OutboxRelay } from './outbox-relay';
import { ensureStreams } from './streams';

/**
 * Boot: find @HandlesEvent methods, refuse to start on a missing or doubled handler, make
 * sure streams exist, start the outbox relay and one durable consumer per subscription.
 * Shutdown: stop pulling, let in-flight handlers finish (un-acked ones are redelivered),
 * flush the outbox, drain the connection.
 */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Messaging');
  private consumers: EventConsumer[] = [];
  private queries: { stop(): Promise<void> }[] = [];

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(NATS_HANDLES) private readonly nats: NatsHandles,
    private readonly relay: OutboxRelay,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const handlers = this.discoverHandlers();
    const problems = checkHandlers(
      this.options.subscriptions,
      handlers.map(({ type, name }) => ({ type, name })),
    );
    if (problems.length > 0) {
      throw new Error(`${this.options.service}: event handlers are miswired:\n  - ${problems.join('\n  - ')}`);
    }
    await ensureStreams(this.nats.jsm, this.options.prefix);
    this.relay.start();
    for (const handler of handlers) {
      const consumer = new EventConsumer({
        js: this.nats.js,
        jsm: this.nats.jsm,
        prefix: this.options.prefix,
        service: this.options.service,
        type: handler.type as EventType,
        handler: handler.fn,
        settings: this.options.consumer,
      });
      await consumer.start();
      this.consumers.push(consumer);
    }
    const queries = this.discover<(payload: unknown) => Promise<unknown>>(HANDLES_QUERY);
    const seen = new Set<string>();
    for (const query of queries) {
      if (seen.has(query.type)) throw new Error(`${this.options.service}: query "${query.type}" has two handlers`);
      seen.add(query.type);
      this.queries.push(serveQuery(this.nats.nc, this.options.prefix, this.options.service, query.type, query.fn));
    }
    this.logger.log(
      `consuming ${handlers.map((h) => h.type).join(', ') || 'no events'}; answering ${[...seen].join(', ') || 'no queries'}`,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.queries.map((q) => q.stop()));
    this.queries = [];
    await Promise.all(this.consumers.map((c) => c.stop(this.options.shutdownGraceMs)));
    this.consumers = [];
    await this.relay.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.nats.nc.isClosed()) await this.nats.nc.drain().catch(() => undefined);
  }

  private discoverHandlers(): (DiscoveredHandler & { fn: EventHandlerFn })[] {
    return this.discover<EventHandlerFn>(HANDLES_EVENT);
  }

  private discover<TFn>(key: symbol): (DiscoveredHandler & { fn: TFn })[] {
    const found: (DiscoveredHandler & { fn: TFn })[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method] as (...args: unknown[]) => unknown;
        const type = this.reflector.get<string | undefined>(key, fn);
        if (!type) continue;
        found.push({ type, name: `${instance.constructor.name}.${method}`, fn: fn.bind(instance) as TFn });
      }
    }
    return found;
  }
}
