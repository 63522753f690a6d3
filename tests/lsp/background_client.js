// background_client.js LINGER DIR — the project index built in the
// background: DIR has build/compile_commands.json (a.c registers a listener
// on a global emitter, b.c unregisters it) and no findings database.  The
// server answers at once — a.c judged alone: one warning — then builds
// build/linger.db with `linger check -p` behind the client's back and
// republishes a.c judged with the whole program: no warning.
"use strict";
const fs = require("fs");

const [linger, dir] = process.argv.slice(2);
const { rpc, server, conn, nextDiagnostics, fail } =
  require("./harness").start("background_client", linger, { LINGER_DB: "" }, 120000);

(async () => {
  await conn.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid, rootUri: "file://" + dir, capabilities: {} });
  conn.sendNotification(rpc.InitializedNotification.type, {});
  const uri = "file://" + dir + "/a.c";
  let diags = nextDiagnostics();
  conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "c", version: 1, text: fs.readFileSync(dir + "/a.c", "utf8") } });
  let d = (await diags).diagnostics;
  // the build may already be done when the first analysis runs (a fast machine)
  if (d.length === 1) {
    if (d[0].code !== "listener-strong-ref") fail("a.c alone: " + JSON.stringify(d));
    diags = nextDiagnostics();
    d = (await diags).diagnostics;
  }
  if (d.length !== 0) fail("a.c with the background index: still " + JSON.stringify(d.map((x) => x.message)));
  if (!fs.existsSync(dir + "/build/linger.db")) fail("no build/linger.db was written");
  console.log("background_client: a.c judged alone, then with the index built in the background: no warning");
  await conn.sendRequest(rpc.ShutdownRequest.type);
  conn.sendNotification(rpc.ExitNotification.type);
  server.on("exit", () => process.exit(0));
})().catch((e) => fail(e.stack || String(e)));
