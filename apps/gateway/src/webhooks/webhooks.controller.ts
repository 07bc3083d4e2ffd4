import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { ZodPipe } from '../http/problem';
import { ApiKeyGuard, TenantId } from '../tenants/api-key.guard';
import { CreateWebhookRequest, ListDeliveriesQuery, UpdateWebhookRequest } from './webhook.schema';
import { deliveryView, subscriptionView } from './webhook.view';
import { WebhooksService } from './webhooks.service';

const IdParam = new ZodPipe(z.uuid({ message: 'must be a UUID' }), 'path');

@Controller('v1/webhooks')
@UseGuards(ApiKeyGuard)
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** 201 with the signing secret: the only time it is shown. */
  @Post()
  async create(
    @TenantId() tenantId: string,
    @Body(new ZodPipe(CreateWebhookRequest)) body: CreateWebhookRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const subscription = await this.webhooks.create(tenantId, body);
    res.location(`/v1/webhooks/${subscription.id}`);
    return subscriptionView(subscription, { withSecret: true });
  }

  @Get()
  async list(@TenantId() tenantId: string) {
    return { items: (await this.webhooks.list(tenantId)).map((s) => subscriptionView(s)) };
  }

  @Get(':id')
  async get(@TenantId() tenantId: string, @Param('id', IdParam) id: string) {
    return subscriptionView(await this.webhooks.get(tenantId, id));
  }

  @Patch(':id')
  async update(
    @TenantId() tenantId: string,
    @Param('id', IdParam) id: string,
    @Body(new ZodPipe(UpdateWebhookRequest)) body: UpdateWebhookRequest,
  ) {
    return subscriptionView(await this.webhooks.update(tenantId, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@TenantId() tenantId: string, @Param('id', IdParam) id: string): Promise<void> {
    await this.webhooks.remove(tenantId, id);
  }

  @Get(':id/deliveries')
  async deliveries(
    @TenantId() tenantId: string,
    @Param('id', IdParam) id: string,
    @Query(new ZodPipe(ListDeliveriesQuery, 'query')) query: ListDeliveriesQuery,
  ) {
    const page = await this.webhooks.deliveries(tenantId, id, query);
    return { items: page.items.map(deliveryView), nextCursor: page.nextCursor };
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  async redeliver(
    @TenantId() tenantId: string,
    @Param('id', IdParam) id: string,
    @Param('deliveryId', IdParam) deliveryId: string,
  ) {
    return deliveryView(await this.webhooks.redeliver(tenantId, id, deliveryId));
  }
}
