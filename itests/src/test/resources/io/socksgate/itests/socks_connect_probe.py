"""SOCKS5 CONNECT probe, run inside the test's network namespace.

Usage: socks_connect_probe.py PROXY_PORT HOST PORT [--serve]
With --serve it first listens on HOST:PORT itself, so a granted CONNECT reaches a real server.
Prints "REPLY <code>" with the SOCKS5 reply code (0 granted, 2 not allowed, 5 refused), or
"NOPROXY" when nothing answers the greeting on 127.0.0.1:PROXY_PORT.
"""
import socket
import struct
import sys

proxy_port, host, port = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
listener = None
if "--serve" in sys.argv[4:]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(1)

try:
    client = socket.create_connection(("127.0.0.1", proxy_port), timeout=10)
    client.sendall(b"\x05\x01\x00")
    if client.recv(2) != b"\x05\x00":
        raise OSError("no SOCKS5 greeting")
except OSError:
    print("NOPROXY", flush=True)
    sys.exit(0)
client.sendall(b"\x05\x01\x00\x01" + socket.inet_aton(host) + struct.pack(">H", port))
reply = b""
while len(reply) < 2:
    chunk = client.recv(2 - len(reply))
    if not chunk:
        break
    reply += chunk
print("REPLY %d" % reply[1] if len(reply) == 2 else "REPLY none", flush=True)
client.close()
if listener is not None:
    listener.close()
