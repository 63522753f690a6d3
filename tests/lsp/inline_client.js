// inline_client.js LINGER DIR DB — the editor server judges buffers with a
// project index that holds a header's inline functions (tests/projects/inline,
// checked into DB): memo.c's cache reached through the header's getter is a
// finding, the one trimmed in prune.c is not; tick.c's closure over the
// header's on_tick is one; load.c, whose leaks are the header's, has none;
// and the header opened itself shows its own three, counted as the project's
// seven files.
"use strict";
const fs = require("fs");

const [linger, dir, db] = process.argv.slice(2);
const { rpc, server, conn, nextDiagnostics, fail } =
  require("./harness").start("inline_client", linger, { LINGER_DB: db });

async function open(name) {
  const uri = "file://" + dir + "/" + name;
  const diags = nextDiagnostics();
  conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "c", version: 1, text: fs.readFileSync(dir + "/" + name, "utf8") } });
  const p = await diags;
  if (p.uri !== uri) fail("diagnostics for " + p.uri + ", expected " + uri);
  return p.diagnostics;
}

function lines(diags) {
  return diags.map((d) => d.range.start.line + 1 + ":" + d.code).sort().join(" ");
}

(async () => {
  await conn.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid, rootUri: "file://" + dir, capabilities: {},
    initializationOptions: { backgroundIndex: false } });
  conn.sendNotification(rpc.InitializedNotification.type, {});
  const memo = await open("memo.c");
  if (lines(memo) !== "18:unbounded-cache")
    fail("memo.c: expected only g_mime (through mime_table()) at 18: " + JSON.stringify(memo.map((d) => d.message)));
  const tick = await open("tick.c");
  if (lines(tick) !== "8:closure-captured-buffer")
    fail("tick.c: expected the closure over inline.h's on_tick at 8: " + JSON.stringify(tick));
  const load = await open("load.c");
  if (load.length !== 0)
    fail("load.c: its leaks are inline.h's, yet: " + JSON.stringify(load.map((d) => d.message)));
  const header = await open("inline.h");
  if (lines(header) !== "19:listener-strong-ref 34:unbounded-cache 44:unbounded-cache")
    fail("inline.h: expected 19, 34 and 44: " + JSON.stringify(header.map((d) => d.message)));
  if (!header.every((d) => d.message.includes("the project (7 files analysed)")))
    fail("inline.h: the messages do not count the project's 7 files: " + JSON.stringify(header.map((d) => d.message)));
  console.log("inline_client: memo.c 18, tick.c 8, load.c none, inline.h 19 34 44");
  await conn.sendRequest(rpc.ShutdownRequest.type);
  conn.sendNotification(rpc.ExitNotification.type);
  server.on("exit", () => process.exit(0));
})().catch((e) => fail(e.stack || String(e)));
