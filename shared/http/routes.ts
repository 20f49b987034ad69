/**
 * The one route table (DESIGN §4, §7): API Gateway's routes in CDK and the local API server are both
 * built from it, so the two cannot drift.
 */
import type { FunctionName } from '../../functions/names.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT';
/** Which shared secret signs a route's requests: the ticket systems' webhook secret, or the admin secret. */
export type SecretName = 'webhook' | 'admin';

export interface Route {
  method: HttpMethod;
  /** API Gateway path syntax: `{name}` is a path parameter. */
  path: string;
  function: FunctionName;
  secret: SecretName;
}

export const routes: readonly Route[] = [
  { method: 'PUT', path: '/accounts/{supportId}', function: 'accounts', secret: 'admin' },
  { method: 'GET', path: '/accounts/{supportId}', function: 'accounts', secret: 'admin' },
  { method: 'PUT', path: '/partners/{partnerId}', function: 'accounts', secret: 'admin' },
  { method: 'GET', path: '/partners/{partnerId}', function: 'accounts', secret: 'admin' },
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
