"""robustness.py LINGER — `linger lsp` under bad input: malformed JSON, wrong
or missing Content-Length, unknown methods, requests before initialize, a
file that fails to parse, negative or huge lengths, deeply nested JSON,
positions out of range, UTF-8 positions when offered, and the client going
away.  Each gets the protocol's error response (or a log message) and the
server keeps serving; none crashes or hangs it."""
import json
import os
import select
import subprocess
import sys
import tempfile
import unittest

LINGER = sys.argv.pop(1) if len(sys.argv) > 1 else "linger"


class Server:
    def __init__(self, env=None):
        self.p = subprocess.Popen([LINGER, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
        self.buf = b""

    def raw(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, obj):
        body = json.dumps(obj).encode()
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def recv(self, timeout=20):
        while b"\r\n\r\n" not in self.buf:
            self._read(timeout)
        head, rest = self.buf.split(b"\r\n\r\n", 1)
        n = int([l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")][0].split(b":")[1])
        while len(rest) < n:
            self.buf = head + b"\r\n\r\n" + rest
            self._read(timeout)
            head, rest = self.buf.split(b"\r\n\r\n", 1)
        self.buf = rest[n:]
        return json.loads(rest[:n])

    def _read(self, timeout):
        r, _, _ = select.select([self.p.stdout], [], [], timeout)
        if not r:
            raise AssertionError("the server did not answer in %ss" % timeout)
        chunk = os.read(self.p.stdout.fileno(), 65536)
        if not chunk:
            raise AssertionError("the server closed its output")
        self.buf += chunk

    def recv_until(self, pred, limit=20):
        for _ in range(limit):
            m = self.recv()
            if pred(m):
                return m
        raise AssertionError("expected message never came")

    def initialize(self, capabilities=None):
        self.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                   "params": {"rootUri": None, "capabilities": capabilities or {}}})
        m = self.recv_until(lambda m: m.get("id") == 1)
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        return m

    def close(self):
        if self.p.poll() is None:
            self.send({"jsonrpc": "2.0", "id": 99, "method": "shutdown"})
            self.recv_until(lambda m: m.get("id") == 99)
            self.send({"jsonrpc": "2.0", "method": "exit"})
        code = self.p.wait(timeout=20)
        self.p.stdin.close()
        self.p.stdout.close()
        return code


def is_error(m, code):
    return "error" in m and m["error"]["code"] == code


class Robustness(unittest.TestCase):
    def setUp(self):
        self.s = Server()

    def tearDown(self):
        if self.s.p.poll() is None:
            self.s.close()
        else:
            self.s.p.wait()
        err = self.s.p.stderr.read().decode(errors="replace") if not self.s.p.stderr.closed else ""
        self.assertNotIn("Sanitizer", err, "sanitizer report: " + err)
        self.assertNotIn("runtime error:", err, err)

    def test_command_line(self):
        for args, code, text in ((["--bogus"], 2, "unknown option or missing value: --bogus"),
                                 (["extra"], 2, "lsp: unexpected argument 'extra'"),
                                 (["--help"], 0, "usage: linger lsp")):
            p = subprocess.run([LINGER, "lsp"] + args, capture_output=True, text=True, timeout=30,
                               stdin=subprocess.DEVNULL)
            self.assertEqual(p.returncode, code, args)
            self.assertIn(text, p.stderr + p.stdout, args)
        # --stdio is the transport there is: accepted, and the server serves
        p = subprocess.run([LINGER, "lsp", "--stdio"], input=b"", capture_output=True, timeout=30)
        self.assertEqual(p.returncode, 1, "end of input before exit: status 1")
        self.assertEqual(p.stderr, b"")

    def test_malformed_json_then_serves(self):
        self.s.raw(b"Content-Length: 9\r\n\r\n{not json")
        self.assertTrue(is_error(self.s.recv(), -32700))
        self.assertIn("capabilities", self.s.initialize()["result"])

    def test_short_content_length_then_serves(self):
        body = json.dumps({"jsonrpc": "2.0", "id": 7, "method": "initialize", "params": {}}).encode()
        self.s.raw(b"Content-Length: %d\r\n\r\n" % (len(body) - 10) + body)
        self.assertTrue(is_error(self.s.recv(), -32700))
        self.assertIn("capabilities", self.s.initialize()["result"])

    def test_negative_and_huge_content_length_then_serves(self):
        for length in (b"-5", b"99999999999999999999", b"68719476736", b"abc"):
            self.s.raw(b"Content-Length: " + length + b"\r\n\r\n")
            self.assertTrue(is_error(self.s.recv(), -32700), length)
        self.assertIn("capabilities", self.s.initialize()["result"])

    def test_deeply_nested_json_then_serves(self):
        for body in (b"[" * 100000 + b"]" * 100000, b'{"a":' * 50000 + b"1" + b"}" * 50000):
            self.s.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            m = self.s.recv()
            self.assertTrue(is_error(m, -32700) or is_error(m, -32600), m)
        self.assertIn("capabilities", self.s.initialize()["result"])

    def test_positions_out_of_range(self):
        """Edits and requests at negative, past-the-end and reversed
        positions: clamped, and the server keeps serving."""
        self.s.initialize()
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "pos.c")
            text = "int x; /* \u00e9\U0001F600 */\n"
            open(path, "w").write(text)
            uri = "file://" + path
            self.s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": uri, "languageId": "c", "version": 1, "text": text}}})
            self.s.recv_until(lambda m: m.get("method") == "textDocument/publishDiagnostics")
            for (a, b), (c, e) in (((-3, -1), (0, 2)), ((0, 5), (99999, 99999)), ((0, 14), (0, 12)),
                                   ((2 ** 40, 0), (2 ** 40, 1)), ((0, 11), (0, 12))):
                self.s.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                    "textDocument": {"uri": uri, "version": 2},
                    "contentChanges": [{"range": {"start": {"line": a, "character": b},
                                                  "end": {"line": c, "character": e}}, "text": "y"}]}})
            self.s.send({"jsonrpc": "2.0", "id": 40, "method": "textDocument/codeAction", "params": {
                "textDocument": {"uri": uri}, "range": {"start": {"line": -1, "character": -7},
                                                        "end": {"line": 10 ** 9, "character": 10 ** 9}},
                "context": {"diagnostics": []}}})
            self.assertIn("result", self.s.recv_until(lambda m: m.get("id") == 40))

    def test_missing_content_length(self):
        self.s.raw(b"Content-Type: application/json\r\n\r\n")
        self.assertTrue(is_error(self.s.recv(), -32700))
        self.assertIn("capabilities", self.s.initialize()["result"])

    def test_not_an_object_and_no_method(self):
        self.s.send([1, 2, 3])
        self.assertTrue(is_error(self.s.recv(), -32600))
        self.s.send({"jsonrpc": "2.0", "id": 3})
        self.assertTrue(is_error(self.s.recv(), -32600))

    def test_request_before_initialize(self):
        self.s.send({"jsonrpc": "2.0", "id": 5, "method": "textDocument/codeAction", "params": {}})
        m = self.s.recv()
        self.assertEqual(m["id"], 5)
        self.assertTrue(is_error(m, -32002))

    def test_unknown_methods(self):
        self.s.initialize()
        self.s.send({"jsonrpc": "2.0", "method": "$/unknownNotification", "params": {}})
        self.s.send({"jsonrpc": "2.0", "id": 8, "method": "workspace/noSuchThing", "params": {}})
        m = self.s.recv()
        self.assertEqual(m["id"], 8, "a notification gets no answer; the request does")
        self.assertTrue(is_error(m, -32601))

    def test_models_option(self):
        """initializationOptions.models adds an in-house model: its leak is published."""
        src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models", "kv")
        self.s.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                     "params": {"rootUri": None, "capabilities": {},
                                "initializationOptions": {"models": [os.path.join(src, "kv.yaml")]}}})
        self.assertIn("capabilities", self.s.recv_until(lambda m: m.get("id") == 1)["result"])
        self.s.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        path = os.path.join(src, "cache.c")
        self.s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": "file://" + path, "languageId": "c", "version": 1, "text": open(path).read()}}})
        m = self.s.recv_until(lambda m: m.get("method") == "textDocument/publishDiagnostics")
        rules = sorted((d["range"]["start"]["line"] + 1, d["code"]) for d in m["params"]["diagnostics"])
        self.assertEqual(rules, [(22, "unbounded-cache"), (41, "closure-captured-buffer")])

    def test_bad_model_option(self):
        """A malformed model is the initialize request's error, with its position."""
        with tempfile.TemporaryDirectory() as d:
            bad = os.path.join(d, "bad.yaml")
            open(bad, "w").write("model: x\nversion: 9\nfunctions: {}\n")
            self.s.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                         "params": {"rootUri": None, "capabilities": {},
                                    "initializationOptions": {"models": [bad]}}})
            m = self.s.recv_until(lambda m: m.get("id") == 1)
            self.assertTrue(is_error(m, -32602), m)
            self.assertIn(bad + ":2:10: model format version 9 is newer", m["error"]["message"])
            self.s.send({"jsonrpc": "2.0", "id": 2, "method": "initialize",
                         "params": {"rootUri": None, "capabilities": {},
                                    "initializationOptions": {"models": "kv"}}})
            m = self.s.recv_until(lambda m: m.get("id") == 2)
            self.assertTrue(is_error(m, -32602), m)
            self.assertIn("capabilities", self.s.initialize()["result"])

    def test_file_that_fails_to_parse(self):
        self.s.initialize()
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "broken.c")
            text = "#include <linger/linger.h>\nvoid f( { lg_dict_set(\n\x01\x02garbage"
            open(path, "w").write(text)
            self.s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": "file://" + path, "languageId": "c", "version": 1, "text": text}}})
            m = self.s.recv_until(lambda m: m.get("method") == "textDocument/publishDiagnostics")
            self.assertEqual(m["params"]["diagnostics"], [])
            self.s.send({"jsonrpc": "2.0", "id": 9, "method": "shutdown"})
            self.assertIn("result", self.s.recv_until(lambda m: m.get("id") == 9))

    def test_document_messages_without_a_string_uri(self):
        """didChange/didSave/didClose/codeAction whose textDocument.uri is
        missing, null or not a string, while a document is open: ignored."""
        self.s.initialize()
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "ok.c")
            text = "int x;\n"
            open(path, "w").write(text)
            self.s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": "file://" + path, "languageId": "c", "version": 1, "text": text}}})
            self.s.recv_until(lambda m: m.get("method") == "textDocument/publishDiagnostics")
            for bad in ({}, {"uri": None}, {"uri": 7}, {"uri": ["x"]}, None, "text"):
                for method in ("textDocument/didChange", "textDocument/didSave", "textDocument/didClose"):
                    self.s.send({"jsonrpc": "2.0", "method": method, "params": {
                        "textDocument": bad, "contentChanges": [{"text": "int y;\n"}]}})
                self.s.send({"jsonrpc": "2.0", "id": 30, "method": "textDocument/codeAction", "params": {
                    "textDocument": bad, "range": {"start": {"line": 0, "character": 0},
                                                   "end": {"line": 0, "character": 1}},
                    "context": {"diagnostics": []}}})
                self.s.recv_until(lambda m: m.get("id") == 30)
            self.s.send({"jsonrpc": "2.0", "id": 31, "method": "shutdown"})
            self.assertIn("result", self.s.recv_until(lambda m: m.get("id") == 31))

    def test_deeply_nested_code_does_not_take_the_server_down(self):
        """10,000 unary minuses overflowed the parse's stack (SIGSEGV)."""
        self.s.initialize()
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "deep.c")
            text = "int f(int x) { return " + "- " * 10000 + "x; }\n"
            open(path, "w").write(text)
            self.s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": "file://" + path, "languageId": "c", "version": 1, "text": text}}})
            m = self.s.recv_until(lambda m: m.get("method") == "textDocument/publishDiagnostics")
            self.assertEqual(m["params"]["diagnostics"], [])
            self.s.send({"jsonrpc": "2.0", "id": 40, "method": "shutdown"})
            self.assertIn("result", self.s.recv_until(lambda m: m.get("id") == 40))

    def test_a_document_including_a_fifo_is_set_aside(self):
        """An #include of a FIFO with no writer blocks libclang for ever: after
        LINGER_PARSE_TIMEOUT the server says so and goes on serving."""
        self.s.close()
        self.s = Server({"LINGER_PARSE_TIMEOUT": "2"})
        self.s.initialize()
        with tempfile.TemporaryDirectory() as d:
            os.mkfifo(os.path.join(d, "hang.h"))
            stuck = os.path.join(d, "stuck.c")
            open(stuck, "w").write('#include "hang.h"\nint x;\n')
            fine = os.path.join(d, "fine.c")
            open(fine, "w").write("int y;\n")
            for path in (stuck, fine):
                self.s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                    "uri": "file://" + path, "languageId": "c", "version": 1, "text": open(path).read()}}})
            m = self.s.recv_until(lambda m: m.get("method") == "window/logMessage"
                                  and "still parsing" in m["params"]["message"], limit=40)
            self.assertIn("stuck.c", m["params"]["message"])
            m = self.s.recv_until(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                  and m["params"]["uri"].endswith("fine.c"), limit=40)
            self.assertEqual(m["params"]["diagnostics"], [])
            self.s.send({"jsonrpc": "2.0", "id": 41, "method": "shutdown"})
            self.assertIn("result", self.s.recv_until(lambda m: m.get("id") == 41))
            try:   # a writer end, so the stuck parse can finish before the directory goes
                os.close(os.open(os.path.join(d, "hang.h"), os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass

    def test_utf8_positions_when_offered(self):
        m = self.s.initialize({"general": {"positionEncodings": ["utf-8", "utf-16"]}})
        self.assertEqual(m["result"]["capabilities"]["positionEncoding"], "utf-8")
        here = os.path.dirname(os.path.abspath(__file__))
        text = open(os.path.join(here, "leak.c"), encoding="utf-8").read()
        self.s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": "file://" + os.path.join(here, "leak.c"), "languageId": "c", "version": 1, "text": text}}})
        m = self.s.recv_until(lambda m: m.get("method") == "textDocument/publishDiagnostics")
        d = m["params"]["diagnostics"][0]
        line = text.split("\n")[d["range"]["start"]["line"]]
        self.assertEqual(d["range"]["start"]["character"], line.encode().index(b"lg_emitter_on("))

    def test_client_goes_away(self):
        self.s.initialize()
        self.s.p.stdin.close()
        code = self.s.p.wait(timeout=20)
        self.s.p.stdout.close()
        self.assertEqual(code, 1, "exit without shutdown: 1, as the protocol says")

    def test_shutdown_then_exit(self):
        self.s.initialize()
        self.assertEqual(self.s.close(), 0)


if __name__ == "__main__":
    unittest.main(verbosity=1)
