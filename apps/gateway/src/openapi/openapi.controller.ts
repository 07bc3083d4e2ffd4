import { Controller, Get, Header, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { buildOpenApiDocument, undocumentedRoutes, type OpenApiDocument } from './openapi-document';
import { renderOpenApiHtml } from './openapi-html';
import { discoverRoutes } from './route-discovery';
import { API_ROUTES } from './routes';

/** Builds the document once, from the registry and the routes the app really registers. */
@Injectable()
export class OpenApiService implements OnApplicationBootstrap {
  private readonly logger = new Logger('OpenApi');
  private cached?: { doc: OpenApiDocument; html: string };

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const missing = undocumentedRoutes(API_ROUTES, discoverRoutes(this.discovery));
    if (missing.length > 0) {
      this.logger.warn(
        `routes missing from openapi/routes.ts: ${missing.map((r) => `${r.method.toUpperCase()} ${r.path}`).join(', ')}`,
      );
    }
  }

  get(): { doc: OpenApiDocument; html: string } {
    if (!this.cached) {
      const doc = buildOpenApiDocument({ routes: API_ROUTES, registered: discoverRoutes(this.discovery) });
      this.cached = { doc, html: renderOpenApiHtml(doc) };
    }
    return this.cached;
  }
}

/** The API description: no authentication, no rate limit. */
@Controller('docs')
export class OpenApiController {
  constructor(private readonly openApi: OpenApiService) {}

  @Get('openapi.json')
  document(): OpenApiDocument {
    return this.openApi.get().doc;
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
  page(): string {
    return this.openApi.get().html;
  }
}
