#!/usr/bin/env node
// The package's `sla` bin: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('./sla.ts');
