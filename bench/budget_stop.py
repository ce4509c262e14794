#!/usr/bin/env python3
# How much CPU `storyline serve` spends on 40 lookups of unknown entities
# (each compares the name with every entity name: ~27 ms in release on the
# t17 store) with no deadline, with a short one, and when the client hangs up
# 5 ms after sending: the budget stops the work, so less CPU is spent.
#   python3 bench/budget_stop.py target/release/storyline bench/out/hostile/data PORT DEADLINE_MS wait|hangup
import http.client, socket, subprocess, sys, time, os
bin_, data, port, deadline, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
p = subprocess.Popen([bin_, "--data", data, "serve", "--addr", f"127.0.0.1:{port}", "--deadline-ms", deadline], stderr=subprocess.DEVNULL)
def cpu():
    f = open(f"/proc/{p.pid}/stat").read().split(")")[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", port)).close(); break
    except OSError: time.sleep(0.1)
time.sleep(0.5)
c0 = cpu(); t0 = time.time(); statuses = {}
for i in range(40):
    path = f"/api/entities/qzxv{i}wk"
    if mode == "hangup":
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode()); time.sleep(0.005); s.close()
        time.sleep(0.2)  # one at a time: let the server notice
        st = "hung up"
    else:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        c.request("GET", path); r = c.getresponse(); r.read(); st = r.status; c.close()
    statuses[st] = statuses.get(st, 0) + 1
time.sleep(1)
print(f"deadline {deadline} ms, {mode}: 40 unknown-entity lookups, server CPU {cpu()-c0:.2f} s, statuses {statuses}")
p.terminate(); p.wait()
