import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { OpenApiController, OpenApiService } from './openapi.controller';

/** `GET /docs/openapi.json` (OpenAPI 3.1 from the zod contracts) and `GET /docs` (the same, as HTML). */
@Module({
  imports: [DiscoveryModule],
  controllers: [OpenApiController],
  providers: [OpenApiService],
})
export class OpenApiModule {}
