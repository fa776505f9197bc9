#!/usr/bin/env python3
"""Calls a runner (or the floor) over one connection with a pause between calls, and prints the
server's CPU per call from /proc/<pid>/task/*/schedstat (nanoseconds on CPU, all threads).

    bench/paced-calls.py SOCKET SERVER_PID PAUSE_SECONDS

The call is an HTTPReqCall frame with a zeroed 40-byte payload: the floor (a6-bench floor)
answers any call with its fixed reply. 200 calls warm up first (20,000 without a pause), then
calls go on for 5 s.
"""
import os
import socket
import sys
import time

path, pid, pause = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
frame = bytes([2, 0, 0, 40]) + bytes(40)
conn = socket.socket(socket.AF_UNIX)
conn.connect(path)


def cpu_nanos():
    tasks = f"/proc/{pid}/task"
    return sum(int(open(f"{tasks}/{t}/schedstat").read().split()[0]) for t in os.listdir(tasks))


def call():
    conn.sendall(frame)
    header = conn.recv(4, socket.MSG_WAITALL)
    conn.recv(int.from_bytes(header[1:4], "big"), socket.MSG_WAITALL)


for _ in range(200 if pause else 20000):
    call()
calls, end, before = 0, time.time() + 5, cpu_nanos()
while time.time() < end:
    call()
    calls += 1
    if pause:
        time.sleep(pause)
print(f"pause {pause * 1000:.0f} ms: {calls} calls, server CPU {(cpu_nanos() - before) / calls / 1000:.1f} µs/call")
