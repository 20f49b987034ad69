/**
 * The one route table (DESIGN §4, §7): API Gateway's routes in CDK and the local API server are both
 * built from it, so the two cannot drift.
 */
import type { FunctionName } from '../function-names.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT';
/** Which shared secret signs a route's requests: the ticket systems' webhook secret, or the admin secret. */
export type SecretName = 'webhook' | 'admin';
/**
 * How a route's requests are authenticated: one of our shared secrets (our signature scheme), or `connection`:
 * the connection named in the path, by its source's own scheme (DESIGN §9), checked in the function.
 */
export type RouteAuth = SecretName | 'connection';

export interface Route {
  method: HttpMethod;
  /** API Gateway path syntax: `{name}` is a path parameter. */
  path: string;
  function: FunctionName;
  secret: RouteAuth;
}

export const routes: readonly Route[] = [
  { method: 'PUT', path: '/accounts/{supportId}', function: 'accounts', secret: 'admin' },
  { method: 'GET', path: '/accounts/{supportId}', function: 'accounts', secret: 'admin' },
  { method: 'PUT', path: '/partners/{partnerId}', function: 'accounts', secret: 'admin' },
  { method: 'GET', path: '/partners/{partnerId}', function: 'accounts', secret: 'admin' },
  { method: 'PUT', path: '/connections/{connectionId}', function: 'accounts', secret: 'admin' },
  { method: 'GET', path: '/connections/{connectionId}', function: 'accounts', secret: 'admin' },
  { method: 'POST', path: '/tickets', function: 'intake', secret: 'webhook' },
  { method: 'POST', path: '/tickets/{id}/severity', function: 'severity-change', secret: 'webhook' },
  { method: 'POST', path: '/tickets/{id}/responses', function: 'ticket-activity', secret: 'webhook' },
  { method: 'POST', path: '/tickets/{id}/contact-attempts', function: 'ticket-activity', secret: 'webhook' },
  { method: 'POST', path: '/tickets/{id}/customer-replies', function: 'ticket-activity', secret: 'webhook' },
  { method: 'POST', path: '/tickets/{id}/escalations', function: 'ticket-activity', secret: 'webhook' },
  { method: 'POST', path: '/tickets/{id}/close', function: 'ticket-activity', secret: 'webhook' },
  { method: 'GET', path: '/tickets/{id}', function: 'queries', secret: 'webhook' },
  { method: 'GET', path: '/tickets', function: 'queries', secret: 'webhook' },
  { method: 'GET', path: '/reports/sla', function: 'queries', secret: 'webhook' },
  { method: 'POST', path: '/webhooks/{connectionId}', function: 'webhooks', secret: 'connection' },
  { method: 'GET', path: '/connections/{connectionId}/deliveries', function: 'webhooks', secret: 'admin' },
];

/** API Gateway's route key, `POST /tickets/{id}/severity`: handlers dispatch on it. */
export const routeKey = (route: Pick<Route, 'method' | 'path'>): string => `${route.method} ${route.path}`;

/** Finds the route for a concrete request path, with its path parameters. */
export function matchRoute(
  method: string,
  path: string,
): { route: Route; pathParameters: Record<string, string> } | { allowed: HttpMethod[] } | undefined {
  const allowed: HttpMethod[] = [];
  for (const route of routes) {
    const names: string[] = [];
    const pattern = new RegExp(
      `^${route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      })}$`,
    );
    const match = pattern.exec(path);
    if (!match) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    const pathParameters: Record<string, string> = {};
    names.forEach((name, index) => {
      pathParameters[name] = decodeURIComponent(match[index + 1] as string);
    });
    return { route, pathParameters };
  }
  return allowed.length > 0 ? { allowed } : undefined;
}

/** How a concrete request is signed, from the route table: `undefined` for a path no route serves. */
export function routeAuthOf(method: string, pathAndQuery: string): RouteAuth | undefined {
  const match = matchRoute(method.toUpperCase(), pathAndQuery.split('?')[0] ?? pathAndQuery);
  return match !== undefined && 'route' in match ? match.route.secret : undefined;
}

/** The local secret that signs a request: the admin secret for the admin API, else the webhook secret. */
export const localSecretOf = (secrets: { admin: string; webhook: string }, method: string, pathAndQuery: string) =>
  routeAuthOf(method, pathAndQuery) === 'admin' ? secrets.admin : secrets.webhook;
