// shift_client.js LINGER FILE DB LEAK-LINE OTHER-LINE < BUFFER — the editor
// server's confirmations follow the call, not the line: FILE's database DB
// holds a confirmed leak computed from the file on disk; the client opens FILE
// with BUFFER (unsaved, the leak moved to LEAK-LINE and another flagged call
// now on the leak's old line, OTHER-LINE; 1-based).  The diagnostic at
// LEAK-LINE must say "confirmed at run time", the one at OTHER-LINE must not.
"use strict";
const path = require("path");

const [linger, file, db, leakLine, otherLine] = process.argv.slice(2);
const text = require("fs").readFileSync(0, "utf8");
const uri = "file://" + file;
const { rpc, server, conn, nextDiagnostics, fail } =
  require("./harness").start("shift_client", linger, { LINGER_DB: db });

(async () => {
  await conn.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid, rootUri: "file://" + path.dirname(file), capabilities: {} });
  conn.sendNotification(rpc.InitializedNotification.type, {});
  const diags = nextDiagnostics();
  conn.sendNotification(rpc.DidOpenTextDocumentNotification.type,
    { textDocument: { uri, languageId: "c", version: 1, text } });
  const p = await diags;
  const at = (line) => p.diagnostics.find((d) => d.range.start.line === Number(line) - 1);
  const leak = at(leakLine), other = at(otherLine);
  if (!leak || !other) fail("expected diagnostics at lines " + leakLine + " and " + otherLine + ": " +
                            JSON.stringify(p.diagnostics.map((d) => d.range.start.line + 1)));
  if (!leak.message.includes("confirmed at run time"))
    fail("the moved leak lost its confirmation: " + leak.message);
  if (other.message.includes("confirmed"))
    fail("the call now on the leak's old line got its confirmation: " + other.message);
  console.log(`shift_client: confirmation at line ${leakLine} (moved), none at line ${otherLine}`);
  await conn.sendRequest(rpc.ShutdownRequest.type);
  conn.sendNotification(rpc.ExitNotification.type);
  server.on("exit", () => process.exit(0));
})().catch((e) => fail(e.stack || String(e)));
