import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, type DiscoveryService } from '@nestjs/core';

/** A route as Nest registers it: lower-case method, Express-style path (`/v1/workflows/:id`). */
export interface DiscoveredRoute {
  method: string;
  path: string;
  controller: string;
  handler: string;
}

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [String(value ?? '')]);

const joinPath = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');

/** The routes one controller class declares (read from Nest's decorator metadata). */
export function routesOf(controller: Type): DiscoveredRoute[] {
  const prefixes = asList(Reflect.getMetadata(PATH_METADATA, controller));
  const scanner = new MetadataScanner();
  const routes: DiscoveredRoute[] = [];
  for (const name of scanner.getAllMethodNames(controller.prototype)) {
    const handler = (controller.prototype as Record<string, unknown>)[name] as object;
    const paths = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
    if (paths === undefined) continue;
    const method = RequestMethod[(Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod) ?? 0].toLowerCase();
    for (const prefix of prefixes) {
      for (const path of asList(paths)) {
        routes.push({ method, path: joinPath(prefix, path), controller: controller.name, handler: name });
      }
    }
  }
  return routes;
}

/** Every route of every controller in the application. */
export function discoverRoutes(discovery: DiscoveryService): DiscoveredRoute[] {
  return discovery
    .getControllers()
    .filter((wrapper) => typeof wrapper.metatype === 'function')
    .flatMap((wrapper) => routesOf(wrapper.metatype as Type));
}
