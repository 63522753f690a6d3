// node_client.js LINGER WORKDIR — drives `linger lsp` through the
// vscode-languageserver-protocol client library, headless: open a file with a
// leak -> a diagnostic at the right line and UTF-16 column with the rule as
// its code; apply the quick fix -> the edit is right and the diagnostic
// clears; confirmed evidence in the database -> the message says so.
"use strict";
const cp = require("child_process");
const fs = require("fs");
const path = require("path");

const [linger, work] = process.argv.slice(2);
const file = path.join(work, "leak.c");
const db = path.join(work, "linger.db");
const uri = "file://" + file;
let text = fs.readFileSync(file, "utf8");
const { rpc, server, conn, nextDiagnostics, fail } =
  require("./harness").start("node_client", linger, { LINGER_DB: db });

// UTF-16 column of the first lg_emitter_on on its line
function expectedPosition(src) {
  const lines = src.split("\n");
  const line = lines.findIndex((l) => l.includes("lg_emitter_on("));
  return { line, character: lines[line].indexOf("lg_emitter_on(") };   // JS strings are UTF-16
}

function applyEdits(src, edits) {
  const lines = src.split("\n");
  const offset = (p) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)))
    src = src.slice(0, offset(e.range.start)) + e.newText + src.slice(offset(e.range.end));
  return src;
}

(async () => {
  const init = await conn.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid, rootUri: "file://" + work, capabilities: {} });
  if (init.capabilities.positionEncoding !== "utf-16") fail("expected UTF-16 positions");
  conn.sendNotification(rpc.InitializedNotification.type, {});

  let diags = nextDiagnostics();
  conn.sendNotification(rpc.DidOpenTextDocumentNotification.type,
    { textDocument: { uri, languageId: "c", version: 1, text } });
  let p = await diags;
  if (p.version !== 1) fail("publishDiagnostics does not carry the document's version 1: " + p.version);
  const want = expectedPosition(text);
  const d = p.diagnostics.find((x) => x.code === "listener-strong-ref");
  if (!d) fail("no listener-strong-ref diagnostic: " + JSON.stringify(p));
  if (d.range.start.line !== want.line || d.range.start.character !== want.character)
    fail(`diagnostic at ${JSON.stringify(d.range.start)}, expected ${JSON.stringify(want)}`);
  if (d.source !== "linger" || d.severity !== 2) fail("source/severity: " + JSON.stringify(d));
  console.log(`node_client: diagnostic at line ${want.line + 1}, UTF-16 column ${want.character + 1}`);

  const actions = await conn.sendRequest(rpc.CodeActionRequest.type,
    { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  const fix = actions.find((a) => a.title === "Use lg_emitter_on_weak");
  const suppress = actions.find((a) => a.title.startsWith("Suppress listener-strong-ref"));
  if (!fix || !suppress) fail("code actions: " + JSON.stringify(actions.map((a) => a.title)));
  const fixed = applyEdits(text, fix.edit.changes[uri]);
  if (!fixed.includes("/* é€😀 */ lg_emitter_on_weak(app.events, listener);"))
    fail("the quick fix edited the wrong text:\n" + fixed);
  const suppressed = applyEdits(text, suppress.edit.changes[uri]);
  if (!suppressed.includes("    // linger-ignore: listener-strong-ref\n    /* é€😀 */"))
    fail("the suppression went to the wrong place:\n" + suppressed);

  diags = nextDiagnostics();
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type,
    { textDocument: { uri, version: 2 }, contentChanges: [{ range: fix.edit.changes[uri][0].range,
      text: fix.edit.changes[uri][0].newText }] });
  p = await diags;
  if (p.diagnostics.length !== 0) fail("the diagnostic did not clear: " + JSON.stringify(p));
  if (p.version !== 2) fail("publishDiagnostics after the edit carries version " + p.version + ", not 2");
  console.log("node_client: quick fix applied, diagnostics clear");

  // back to the leak, then evidence arrives in the database
  diags = nextDiagnostics();
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type,
    { textDocument: { uri, version: 3 }, contentChanges: [{ text }] });
  p = await diags;
  if (p.diagnostics.length !== 1 || p.diagnostics[0].message.includes("confirmed"))
    fail("expected one unconfirmed diagnostic again: " + JSON.stringify(p));
  diags = nextDiagnostics();
  const check = cp.spawnSync(linger, ["check", "--quiet", "--db", db, file]);
  if (check.status !== 1) fail("linger check --db exited " + check.status + ": " + check.stderr);
  const evidence = `INSERT INTO runs (kind, tool, version, started) VALUES ('runtime', 'test', '0', 0);
    INSERT INTO evidence (run_id, kind, site_path, site_abs, site_norm, site_base, site_line, count, bytes)
    VALUES (last_insert_rowid(), 'kept_alive', 'leak.c', '${file}', 'leak.c', 'leak.c', ${want.line + 1}, 500, 2100000);`;
  const sq = cp.spawnSync("sqlite3", [db, evidence]);
  if (sq.status !== 0) fail("sqlite3: " + sq.stderr);
  for (let i = 0; i < 10; i++) {
    p = await diags;
    if (p.diagnostics.length === 1 && p.diagnostics[0].message.includes("confirmed at run time")) break;
    diags = nextDiagnostics();
  }
  const m = p.diagnostics[0].message;
  if (!m.includes("confirmed at run time: 500 objects, 2.1 MB kept alive only by this list"))
    fail("the message does not carry the evidence: " + m);
  console.log("node_client: " + m.slice(m.indexOf("(confirmed")));

  await conn.sendRequest(rpc.ShutdownRequest.type);
  conn.sendNotification(rpc.ExitNotification.type);
  server.on("exit", (code) => {
    if (code !== 0) fail("exit status " + code);
    console.log("node_client: ok");
    process.exit(0);
  });
})().catch((e) => fail(e.stack || String(e)));
