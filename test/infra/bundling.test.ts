/**
 * The one synth that bundles for real: every function of the list goes through the local esbuild (no
 * Docker) into an ES module with its source map, the AWS SDK inside rather than external.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { templateFileText } from '../../bin/build-templates.ts';
import { functions } from '../../functions/registry.ts';
import { createApp } from '../../infra/create-app.ts';
import { languages } from '../../shared/mail/languages.ts';
import { templateSets } from '../../shared/mail/templates/index.ts';
import { cdkContext, type Resources } from './synth.ts';

describe('Lambda bundling', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'sla-cdk-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('bundles every function with esbuild into index.mjs with a source map', { timeout: 300_000 }, () => {
    const { app, stack } = createApp({ context: cdkContext, outdir });
    const assembly = app.synth();
    const resources = Template.fromStack(stack).toJSON().Resources as Resources;
    for (const spec of functions) {
      const fn = Object.values(resources).find(
        (resource) =>
          resource.Type === 'AWS::Lambda::Function' &&
          resource.Properties.FunctionName === `SupportSlaMonitor-dev-${spec.name}`,
      );
      expect(fn?.Properties.Handler, spec.name).toBe('index.handler');
      const hash = String(fn?.Properties.Code.S3Key).replace(/\.zip$/, '');
      const bundle = join(assembly.directory, `asset.${hash}`, 'index.mjs');
      expect(existsSync(bundle), spec.name).toBe(true);
      expect(existsSync(`${bundle}.map`), spec.name).toBe(true);
      const code = readFileSync(bundle, 'utf8');
      expect(code.startsWith('import { createRequire as __slaCreateRequire }'), spec.name).toBe(true);
      expect(code, spec.name).not.toMatch(/from\s*"@aws-sdk\//);
      expect(code, spec.name).toMatch(/export\s*\{[^}]*\bhandler\b/);
      // The holiday tables travel beside the bundle; date-holidays and moment-timezone stay out of it.
      expect(existsSync(join(bundle, '..', 'holiday-tables', 'index.json')), spec.name).toBe(true);
      expect(existsSync(join(bundle, '..', 'holiday-tables', 'FR.json')), spec.name).toBe(true);
      const sources = (JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[] }).sources;
      expect(
        sources.filter((source) => /date-holidays|moment/.test(source)),
        spec.name,
      ).toEqual([]);
      // Issue 13: at most 800 KB of JavaScript per function.
      expect(statSync(bundle).size, spec.name).toBeLessThanOrEqual(800 * 1024);
      // The e-mail templates travel as files beside the bundles of the functions that send mail, never inside one.
      for (const language of languages) {
        for (const template of Object.values(templateSets[language].templates)) {
          expect(code, `${spec.name} ${language}`).not.toContain(template.subject);
        }
      }
      const templateFiles = join(bundle, '..', 'template-sets');
      if (spec.grants.mail) {
        expect(readdirSync(templateFiles).sort(), spec.name).toEqual(languages.map((l) => `${l}.json`).sort());
        for (const language of languages) {
          expect(readFileSync(join(templateFiles, `${language}.json`), 'utf8'), `${spec.name} ${language}`).toBe(
            templateFileText(language),
          );
        }
      } else {
        expect(existsSync(templateFiles), spec.name).toBe(false);
      }
      // The SDK's default credential chain is its environment step only (infra/bundling.ts `alias`).
      expect(
        sources.filter((source) => /credential-provider-(node|ini|sso|process|web-identity|http)\//.test(source)),
        spec.name,
      ).toEqual([]);
      // Only the request schemas of the function's own routes are built: no other route's message is in it.
      if (spec.name !== 'accounts') expect(code, spec.name).not.toContain('one secret, or two during a rotation');
    }
  });
});
