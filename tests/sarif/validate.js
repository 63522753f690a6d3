// validate.js SCHEMA SARIF... — validates SARIF logs against the official
// SARIF 2.1.0 JSON schema (draft-04) with ajv; exits 1 on the first invalid log.
"use strict";
const fs = require("fs");
const Ajv = require("ajv-draft-04");
const addFormats = require("ajv-formats");

const [schemaPath, ...logs] = process.argv.slice(2);
if (!schemaPath || logs.length === 0) {
  console.error("usage: node validate.js SCHEMA SARIF...");
  process.exit(2);
}
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
let bad = 0;
for (const path of logs) {
  const log = JSON.parse(fs.readFileSync(path, "utf8"));
  if (validate(log)) {
    const n = log.runs.reduce((k, r) => k + (r.results || []).length, 0);
    console.log(`valid: ${path} (${n} results)`);
  } else {
    bad++;
    console.error(`INVALID: ${path}`);
    console.error(JSON.stringify(validate.errors, null, 2));
  }
}
process.exit(bad ? 1 : 0);
