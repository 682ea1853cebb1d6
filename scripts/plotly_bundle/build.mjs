// Build assets/vendor/plotly-atlas.min.js from the plotly.js npm package (see entry.js), with the
// settings of plotly.js's own esbuild-config.js, minified; beside it the licence of every package
// it holds (plotly-atlas.LICENSES.txt) and the brotli copy the server sends to browsers that
// accept it (server/static_files.py). Run with `make plotly-bundle`.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const version = require('plotly.js/package.json').version;
const vendor = join(here, '..', '..', 'assets', 'vendor');
const outfile = join(vendor, 'plotly-atlas.min.js');

// maplibre-gl's stylesheet, injected by the bundle as plotly.js's own build does.
const inlineCss = {
    name: 'inline-css',
    setup(b) {
        b.onLoad({ filter: /\.css$/ }, (args) => ({
            loader: 'js',
            contents: 'var s = document.createElement("style"); s.textContent = ' +
                JSON.stringify(readFileSync(args.path, 'utf8')) +
                '; document.head.appendChild(s);',
        }));
    },
};

const result = await build({
    entryPoints: [join(here, 'entry.js')],
    outfile,
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    metafile: true,
    legalComments: 'none',  // every licence is in the LICENSES file instead
    banner: { js: `/* plotly.js ${version} (MIT), partial bundle of the atlas: core, choroplethmap, scattermap, heatmap, bar. Licences: plotly-atlas.LICENSES.txt */` },
    plugins: [inlineCss],
    alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
    define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
    target: 'es2016',
    logLevel: 'info',
});

// The licence of each package the bundle holds, found from the files esbuild read.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
    const found = input.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//);
    if (found && !packages.has(found[1])) { packages.set(found[1], true); }
}
const sections = [...packages.keys()].sort().map((folder) => {
    const meta = JSON.parse(readFileSync(join(here, folder, 'package.json'), 'utf8'));
    const file = readdirSync(join(here, folder)).find((name) => /^(licen[cs]e|copying)/i.test(name));
    const text = file ? readFileSync(join(here, folder, file), 'utf8').trim()
        : `${meta.license || 'see the package'} (no licence file in the package)`;
    return `${meta.name} ${meta.version} (${meta.license || 'unknown'})\n${'-'.repeat(60)}\n${text}\n`;
});
writeFileSync(join(vendor, 'plotly-atlas.LICENSES.txt'),
    `Packages in plotly-atlas.min.js, built from the plotly.js ${version} npm package ` +
    `(scripts/plotly_bundle), and their licences.\n\n${sections.join('\n')}`);
if (existsSync(outfile + '.LEGAL.txt')) { rmSync(outfile + '.LEGAL.txt'); }

const code = readFileSync(outfile);
writeFileSync(outfile + '.br', brotliCompressSync(code, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: code.length },
}));
