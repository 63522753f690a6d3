// index_client.js LINGER DIR DB — the editor server judges a buffer with the
// project index in DB (built by `linger check --db` over DIR's files), as the
// project-wide check does: cache.c's dict, trimmed in teardown.c, is no
// finding; util.c's helper, filled with a global by plugins.c, is one, with
// a note naming plugins.c; and an unsaved buffer's own facts replace its
// stored summary: self.c without the removal it still has on disk is flagged.
"use strict";
const fs = require("fs");

const [linger, dir, db] = process.argv.slice(2);
const { rpc, server, conn, nextDiagnostics, fail } =
  require("./harness").start("index_client", linger, { LINGER_DB: db });

async function open(name, text, version = 1) {
  const uri = "file://" + dir + "/" + name;
  const diags = nextDiagnostics();
  conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "c", version, text: text ?? fs.readFileSync(dir + "/" + name, "utf8") } });
  const p = await diags;
  if (p.uri !== uri) fail("diagnostics for " + p.uri + ", expected " + uri);
  return p.diagnostics;
}

(async () => {
  await conn.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid, rootUri: "file://" + dir, capabilities: {} });
  conn.sendNotification(rpc.InitializedNotification.type, {});
  const cache = await open("cache.c");
  if (cache.length !== 0)
    fail("cache.c: the project trims g_cache in teardown.c, yet: " + JSON.stringify(cache.map((d) => d.message)));
  const util = await open("util.c");
  if (util.length !== 1 || util[0].range.start.line !== 6 || util[0].code !== "unbounded-cache")
    fail("util.c: expected one unbounded-cache at line 7: " + JSON.stringify(util));
  if (!util[0].message.includes("the project (14 files analysed)"))
    fail("util.c: the message does not speak of the project: " + util[0].message);
  const notes = util[0].relatedInformation.map((r) => r.message).join(" | ");
  if (!notes.includes("'g_plugins' that plugins.c:8 passes to util_store()"))
    fail("util.c: no note naming plugins.c: " + notes);
  const disk = fs.readFileSync(dir + "/self.c", "utf8");
  if ((await open("self.c", disk)).length !== 0) fail("self.c as on disk: it removes what it stores");
  const edited = disk.replace(/^.*lg_dict_del.*$/m, "");
  const changed = nextDiagnostics();
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
    textDocument: { uri: "file://" + dir + "/self.c", version: 2 }, contentChanges: [{ text: edited }] });
  const self = (await changed).diagnostics;
  if (self.length !== 1 || self[0].code !== "unbounded-cache")
    fail("self.c without its removal (unsaved): the stored summary's removal still counted: " +
         JSON.stringify(self.map((d) => d.message)));
  console.log("index_client: cache.c none, util.c 1 with the plugins.c note, self.c 0 then 1 unsaved");
  await conn.sendRequest(rpc.ShutdownRequest.type);
  conn.sendNotification(rpc.ExitNotification.type);
  server.on("exit", () => process.exit(0));
})().catch((e) => fail(e.stack || String(e)));
