// harness.js — what the Node LSP clients share: `linger lsp` started with an
// environment, a protocol connection over its stdio, a queue of
// publishDiagnostics notifications, and a fail() that ends the test.
"use strict";
const cp = require("child_process");
const rpc = require("vscode-languageserver-protocol/node");

function start(name, linger, env, timeoutMs = 60000) {
  const fail = (msg) => {
    console.error(name + ": " + msg);
    process.exit(1);
  };
  setTimeout(() => fail("timed out"), timeoutMs).unref();
  const server = cp.spawn(linger, ["lsp"], { env: { ...process.env, ...env } });
  server.stderr.on("data", (d) => process.stderr.write(d));
  const conn = rpc.createProtocolConnection(
    new rpc.StreamMessageReader(server.stdout), new rpc.StreamMessageWriter(server.stdin));
  const waiting = [];
  conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => {
    const w = waiting.shift();
    if (w) w(p);
  });
  const nextDiagnostics = () => new Promise((resolve) => waiting.push(resolve));
  conn.listen();
  return { rpc, server, conn, nextDiagnostics, fail };
}

module.exports = { start };
