"""A destination for the transparent-mode itests, run inside the test's network namespace.

usage: transparent_target.py LOG ADDRESS[,ADDRESS...] PORT[,PORT...]

Listens on every address and port; prints READY once all are bound. Each connection is written
to LOG as one line "PORT PEER-ADDRESS" as it is accepted (the peer is who connected: Socksgate or
its upstream, never the redirected client). A connection whose first bytes are an HTTP GET is
answered with a small page naming the peer; any other connection is echoed until its EOF.
"""
import socket
import sys
import threading

log_path, addresses, ports = sys.argv[1], sys.argv[2].split(","), [int(p) for p in sys.argv[3].split(",")]
log_lock = threading.Lock()


def serve(conn, port, peer):
    with conn:
        with log_lock, open(log_path, "a") as log:
            log.write("%d %s\n" % (port, peer))
        first = conn.recv(65536)
        if first.startswith(b"GET "):
            while b"\r\n\r\n" not in first:
                more = conn.recv(65536)
                if not more:
                    return
                first += more
            body = ("hello from the target, peer %s\n" % peer).encode()
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
            return
        data = first
        while data:
            conn.sendall(data)
            data = conn.recv(65536)
        conn.shutdown(socket.SHUT_WR)


def accept(server, port):
    while True:
        conn, peer = server.accept()
        threading.Thread(target=serve, args=(conn, port, peer[0]), daemon=True).start()


for address in addresses:
    for port in ports:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        server = socket.socket(family, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind((address, port))
        server.listen(64)
        threading.Thread(target=accept, args=(server, port), daemon=True).start()
print("READY", flush=True)
threading.Event().wait()
