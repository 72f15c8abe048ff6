"""A plain TCP client for the transparent-mode itests, run as nobody so that the namespace's
iptables REDIRECT catches it.

usage: transparent_client.py SOURCE DESTINATION PORT BYTES [hold]

Connects from SOURCE to DESTINATION:PORT (it believes), sends BYTES random bytes while reading
the echo, half-closes, reads to EOF and prints "INTACT n" when the echo equals what was sent,
else "DIFFERENT sent received". With "hold", it prints "HELD" after the echo of its bytes and
keeps the connection open until its stdin closes. "CLOSED n" means the connection ended after n
bytes without an echo of everything (a refused destination is closed without a byte).
"""
import os
import socket
import sys
import threading

source, destination, port, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
hold = len(sys.argv) > 5 and sys.argv[5] == "hold"
family = socket.AF_INET6 if ":" in destination else socket.AF_INET
conn = socket.socket(family, socket.SOCK_STREAM)
conn.bind((source, 0))
conn.settimeout(30)
conn.connect((destination, port))
payload = os.urandom(size)
received = bytearray()


def send():
    try:
        conn.sendall(payload)
    except OSError:
        pass


sender = threading.Thread(target=send)
sender.start()
while len(received) < size:
    try:
        chunk = conn.recv(65536)
    except OSError:
        chunk = b""
    if not chunk:
        break
    received += chunk
sender.join()
if len(received) < size:
    print("CLOSED %d" % len(received), flush=True)
    sys.exit(0)
if hold:
    print("HELD", flush=True)
    sys.stdin.read()
conn.shutdown(socket.SHUT_WR)
while True:
    chunk = conn.recv(65536)
    if not chunk:
        break
    received += chunk
print(("INTACT %d" % size) if bytes(received) == payload else ("DIFFERENT %d %d" % (size, len(received))), flush=True)
