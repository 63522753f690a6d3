// why_client.js LINGER DIR DB — why it is still alive, in the editor: DIR
// holds tests/integration/explain's program, checked into DB and run with
// it.  The server's diagnostic for bus.c's registration carries the
// retention path as related information (the root's global and a location
// per node: bus.c where the emitter is made, main.c where the listener is);
// hovering the line shows the finding, its confirmation and the path.
"use strict";
const fs = require("fs");

const [linger, dir, db] = process.argv.slice(2);
const { rpc, server, conn, nextDiagnostics, fail } =
  require("./harness").start("why_client", linger, { LINGER_DB: db });

(async () => {
  const init = await conn.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid, rootUri: "file://" + dir, capabilities: {} });
  if (!init.capabilities.hoverProvider) fail("no hoverProvider in " + JSON.stringify(init.capabilities));
  conn.sendNotification(rpc.InitializedNotification.type, {});
  const uri = "file://" + dir + "/bus.c";
  const diags = nextDiagnostics();
  conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "c", version: 1, text: fs.readFileSync(dir + "/bus.c", "utf8") } });
  const d = (await diags).diagnostics;
  if (d.length !== 1 || d[0].code !== "listener-strong-ref" || !d[0].message.includes("confirmed at run time"))
    fail("bus.c: expected one confirmed listener-strong-ref: " + JSON.stringify(d));
  const related = d[0].relatedInformation;
  const root = related.find((r) => r.message.startsWith("still alive: global 'g_bus' holds this emitter"));
  if (!root || root.location.uri !== uri || root.location.range.start.line !== 9)
    fail("no related location for the root (bus.c:10): " + JSON.stringify(related));
  const listener = related.find((r) => r.message.startsWith("emitter listener #") && r.message.includes("-> closure"));
  if (!listener || listener.location.uri !== "file://" + dir + "/main.c" || listener.location.range.start.line !== 24)
    fail("no related location for the listener (main.c:25): " + JSON.stringify(related));
  const hover = await conn.sendRequest(rpc.HoverRequest.type, { textDocument: { uri }, position: { line: 14, character: 6 } });
  const text = hover && hover.contents && hover.contents.value;
  if (!text || hover.contents.kind !== "markdown" || !text.includes("listener-strong-ref")
      || !text.includes("Why is it still alive?") || !text.includes("from global 'g_bus'")
      || !text.includes("emitter listener #"))
    fail("hover over bus.c:15: " + JSON.stringify(hover));
  const none = await conn.sendRequest(rpc.HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 0 } });
  if (none !== null) fail("hover over a line without a finding: " + JSON.stringify(none));
  console.log("why_client: related information from global 'g_bus' (bus.c:10) to the listener (main.c:25); hover");
  await conn.sendRequest(rpc.ShutdownRequest.type);
  conn.sendNotification(rpc.ExitNotification.type);
  server.on("exit", () => process.exit(0));
})().catch((e) => fail(e.stack || String(e)));
