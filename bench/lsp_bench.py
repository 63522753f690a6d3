"""lsp_bench.py LINGER FILE — time from textDocument/didChange to the
publishDiagnostics that follows, on FILE, 20 edits (a digit of the last
lg_int constant: typing inside a function); prints the median in ms."""
import json, os, select, subprocess, sys, time

linger, path = sys.argv[1], sys.argv[2]
p = subprocess.Popen([linger, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
buf = b""

def send(o):
    b = json.dumps(o).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b)
    p.stdin.flush()

def recv():
    global buf
    while True:
        if b"\r\n\r\n" in buf:
            head, rest = buf.split(b"\r\n\r\n", 1)
            n = int(head.split(b":")[1])
            if len(rest) >= n:
                buf = rest[n:]
                return json.loads(rest[:n])
        buf += os.read(p.stdout.fileno(), 1 << 16)

def diagnostics():
    while True:
        m = recv()
        if m.get("method") == "textDocument/publishDiagnostics":
            return m

uri = "file://" + os.path.abspath(path)
text = open(path).read()
send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
recv()
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
    "uri": uri, "languageId": "c", "version": 1, "text": text}}})
diagnostics()
lines = text.split("\n")
# the edit: a digit of the last lg_int(...) constant, inside the last function
last = max(i for i, l in enumerate(lines) if "lg_int(" in l)
col = lines[last].index("lg_int(") + len("lg_int(")
times = []
for i in range(20):
    t0 = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": i + 2}, "contentChanges": [{"range": {
            "start": {"line": last, "character": col},
            "end": {"line": last, "character": col + 1}}, "text": str(1 + i % 9)}]}})
    diagnostics()
    times.append((time.perf_counter() - t0) * 1000)
send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
send({"jsonrpc": "2.0", "method": "exit"})
p.wait()
times.sort()
print("%.3f" % times[10])
