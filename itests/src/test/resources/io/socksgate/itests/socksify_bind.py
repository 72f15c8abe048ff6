"""Active-mode BIND the way an FTP client does it, for running under Dante's socksify.

The program only binds, listens and accepts; socksify (libdsocks) turns bind() into a SOCKS BIND
request for any peer (DST 0.0.0.0:0), getsockname() into the address the proxy opened, and
accept() into the wait for the proxy's second reply. It prints that address as
"ADVERTISED host port", accepts one peer, prints "PEER host port", answers the peer's line with
"echo:" + line and exits 0.

Python's socket.accept() calls accept4(), which libdsocks does not wrap, so accept() is called
through libc (ctypes), where the preloaded library catches it; it needs a real address buffer.
"""
import ctypes
import os
import socket
import sys

libc = ctypes.CDLL(None, use_errno=True)

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(("0.0.0.0", 0))
server.listen(1)
host, port = server.getsockname()
print("ADVERTISED %s %d" % (host, port), flush=True)

address = ctypes.create_string_buffer(128)
length = ctypes.c_uint32(len(address))
fd = libc.accept(server.fileno(), address, ctypes.byref(length))
if fd < 0:
    print("accept failed: " + os.strerror(ctypes.get_errno()), file=sys.stderr, flush=True)
    sys.exit(2)
peer = socket.socket(fileno=fd)
peer.settimeout(30)
print("PEER %s %d" % peer.getpeername(), flush=True)
line = b""
while not line.endswith(b"\n"):
    chunk = peer.recv(100)
    if not chunk:
        break
    line += chunk
peer.sendall(b"echo:" + line)
peer.close()
