/** Source → its connector (DESIGN §9): the webhooks door looks the connection's source up here, nowhere else. */
import { freshdesk } from './freshdesk.ts';
import { github } from './github.ts';
import { jira } from './jira.ts';
import type { Connector, ConnectorSource } from './types.ts';
import { zendesk } from './zendesk.ts';

export const connectors: Readonly<Record<ConnectorSource, Connector>> = { zendesk, jira, github, freshdesk };

export const connectorSources = Object.keys(connectors) as ConnectorSource[];

export const isConnectorSource = (source: string): source is ConnectorSource => Object.hasOwn(connectors, source);

export type * from './types.ts';
