// projects_client.js LINGER PLAN — for each project of PLAN (written by
// check_projects_client.py): `linger lsp` with the project's findings
// database as its index (LINGER_DB) and models, each file opened as a
// buffer, its diagnostics exactly the project's findings in that file
// (line:column:rule, columns 1-based).
"use strict";
const fs = require("fs");
const { start } = require("./harness");

const [linger, planPath] = process.argv.slice(2);
const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));

async function project(p) {
  const { rpc, server, conn, nextDiagnostics, fail } =
    start("projects_client " + p.name, linger, { LINGER_DB: p.db }, 300000);
  conn.onNotification(rpc.LogMessageNotification.type, (m) => {   /* a file the server could not analyse */
    if (/cannot|has errors/.test(m.message)) fail(m.message);
  });
  await conn.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid, rootUri: "file://" + p.dir, capabilities: {},
    initializationOptions: { models: p.models, backgroundIndex: false } });
  conn.sendNotification(rpc.InitializedNotification.type, {});
  let diagnostics = 0;
  for (const f of p.files) {
    const uri = "file://" + p.dir + "/" + f.name;
    const next = nextDiagnostics();
    conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: "c", version: 1,
                      text: fs.readFileSync(p.dir + "/" + f.name, "utf8") } });
    const got = await next;
    if (got.uri !== uri) fail("diagnostics for " + got.uri + ", expected " + uri);
    const mine = got.diagnostics
      .filter((d) => d.source === "linger")
      .map((d) => (d.range.start.line + 1) + ":" + (d.range.start.character + 1) + ":" + d.code)
      .sort();
    if (JSON.stringify(mine) !== JSON.stringify(f.want))
      fail(f.name + ": the editor shows " + JSON.stringify(mine) + ", the project has " +
           JSON.stringify(f.want));
    diagnostics += mine.length;
  }
  await conn.sendRequest(rpc.ShutdownRequest.type);
  conn.sendNotification(rpc.ExitNotification.type);
  await new Promise((resolve) => server.on("exit", resolve));
  return diagnostics;
}

(async () => {
  let files = 0, diagnostics = 0;
  for (const p of plan) {
    diagnostics += await project(p);
    files += p.files.length;
  }
  if (plan.length < 6) { console.error("projects_client: only " + plan.length + " projects"); process.exit(1); }
  console.log("projects_client: " + plan.length + " projects, " + files + " files, " + diagnostics +
              " diagnostics, each file's the project's");
  process.exit(0);
})().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
