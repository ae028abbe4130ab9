// Bundles the patron widget, the staff console script, the knowledge-base workbench script and the reports dashboard script into server/wwwroot/dist and
// prints the widget's gzipped size against its budget (issue: widget <= 40 KB gzipped,
// SignalR client included). The build fails when the budget is exceeded.
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, "..", "server", "wwwroot", "dist");
const budgetBytes = 40 * 1024;

const entries = {
  widget: join(here, "src", "widget", "index.ts"),
  console: join(here, "src", "console", "index.ts"),
  editor: join(here, "src", "editor", "index.ts"),
  reports: join(here, "src", "reports", "index.ts"),
};

await build({
  entryPoints: entries,
  outdir,
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  sourcemap: false,
  legalComments: "none",
  loader: { ".css": "text" },
  logLevel: "warning",
});

for (const name of Object.keys(entries)) {
  const bytes = readFileSync(join(outdir, `${name}.js`));
  const gz = gzipSync(bytes, { level: 9 }).length;
  const line = `${name}.js: ${(bytes.length / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzipped`;
  if (name === "widget") {
    console.log(`${line} (budget ${budgetBytes / 1024} KB gzipped)`);
    if (gz > budgetBytes) {
      console.error(`widget.js is over its budget by ${gz - budgetBytes} bytes gzipped`);
      process.exit(1);
    }
  } else {
    console.log(line);
  }
}
