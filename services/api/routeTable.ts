import type { FastifyInstance, RouteOptions } from 'fastify';

/** One registered route: its method, its URL pattern (`/v1/meters/:id`) and its JSON schemas. */
export interface RouteEntry {
  method: string;
  url: string;
  schema?: RouteOptions['schema'];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route the app registered, as registered: tests walk it so that new routes are covered by themselves. */
    routeTable: RouteEntry[];
  }
}

/** Records every route registered from now on into `app.routeTable` (HEAD twins of GET routes are left out). */
export function trackRoutes(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      table.push({ method, url: route.url, schema: route.schema });
    }
  });
}
