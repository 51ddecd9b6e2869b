/**
 * Build support for the sandbox (src/platform/sandbox/): `import script from './x.sandbox.ts?sandbox-script'`
 * gives the text of x.sandbox.ts bundled into one classic script (esbuild, IIFE, strict mode).
 *
 * The sandbox frame has an opaque origin: the service worker does not serve it and its policy
 * lets it fetch nothing, so its worker's code must arrive as text. Bundling it into the module
 * that imports it puts that text in an ordinary chunk of the app (cached by the service worker,
 * inlined in the single file), loaded only when a lab first opens a sandbox.
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { FRAME_BOOTSTRAP } from '../src/platform/sandbox/frame-bootstrap.ts';

const QUERY = '?sandbox-script';
const PREFIX = '\0sandbox-script:';

/** The hash source expression of the sandbox frame's bootstrap, for the page's script-src. */
export function sandboxFrameHash(): string {
  return `'sha256-${createHash('sha256').update(FRAME_BOOTSTRAP).digest('base64')}'`;
}

export function sandboxScripts(): Plugin {
  let mode = 'production';
  let minify = true;
  /** Which source files each bundled script was made from, to rebuild it when one changes. */
  const inputs = new Map<string, Set<string>>();
  return {
    name: 'security-playground:sandbox-scripts',
    enforce: 'pre',
    configResolved(config) {
      mode = config.mode;
      minify = config.command === 'build';
    },
    resolveId: {
      filter: { id: /\?sandbox-script$/ },
      async handler(source, importer) {
        const entry = await this.resolve(source.slice(0, -QUERY.length), importer, {
          skipSelf: true,
        });
        return entry ? PREFIX + entry.id : null;
      },
    },
    load: {
      filter: { id: /^\0sandbox-script:/ },
      async handler(id) {
        const entry = id.slice(PREFIX.length);
        const result = await build({
          entryPoints: [entry],
          bundle: true,
          format: 'iife',
          platform: 'browser',
          target: 'es2022',
          write: false,
          minify,
          metafile: true,
          legalComments: 'none',
          logLevel: 'silent',
          // Strict mode everywhere: no sloppy function whose `caller` or `arguments` the learner's
          // code could reach from the stack.
          banner: { js: '"use strict";' },
          define: {
            'import.meta.env.MODE': JSON.stringify(mode),
            'import.meta.env.DEV': JSON.stringify(mode === 'development'),
          },
        });
        const files = new Set(Object.keys(result.metafile.inputs).map((file) => resolve(file)));
        inputs.set(id, files);
        for (const file of files) this.addWatchFile(file);
        // `<` escaped, so the text never closes the single file's inline <script>.
        const text = JSON.stringify(result.outputFiles[0]!.text).replace(/</g, '\\u003c');
        return `export default ${text};`;
      },
    },
    handleHotUpdate({ file, server }) {
      for (const [id, files] of inputs) {
        if (!files.has(file)) continue;
        const module = server.moduleGraph.getModuleById(id);
        if (module) server.moduleGraph.invalidateModule(module);
      }
    },
  };
}
