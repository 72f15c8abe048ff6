"""UDP datagrams through a SOCKS5 proxy with PySocks (Debian: python3-socks), for Socksgate's itests.

Usage: pysocks_udp.py PROXY_PORT HOST PORT [OPTION...]

Options:
  --sizes N,N,...      payload sizes in bytes, used in turn (default 512)
  --count N            datagrams to send (default: one per size)
  --rdns               let the proxy resolve HOST (SOCKS5 ATYP 03); default: HOST as given
  --expect-source IP   the address the relay must name as the answer's sender (default: HOST,
                       when it is an IP literal)
  --timeout SECONDS    how long to wait for one answer before sending the datagram again (2)
  --retries N          how often one datagram may be sent again before it counts as lost (3)

Opens a PySocks UDP socket (socks.socksocket(AF_INET, SOCK_DGRAM), which makes the SOCKS5 UDP
ASSOCIATE on its first sendto) through the proxy on 127.0.0.1:PROXY_PORT and sends datagrams to
an echo server at HOST:PORT, one at a time: each must come back, byte for byte, from HOST:PORT
before the next is sent. UDP may lose a datagram even on loopback, so a datagram without an
answer within --timeout is sent again, at most --retries times; answers to earlier datagrams that
arrive late are recognised and skipped. Every payload is different (a sequence number and a
pattern derived from it), so a mixed-up, truncated or corrupted answer is told apart from a late
one.

Exit code 0 only when every datagram came back intact; 1 when one was lost, corrupted or came
from the wrong sender; 2 when the proxy refused; 64 for bad arguments. The last line on stdout
sums up what was sent, received, retried and skipped.
"""

import socket
import struct
import sys

import socks


def parse(argv):
    """The arguments as a dict; None when malformed."""
    if len(argv) < 4:
        return None
    options = {
        "proxy_port": int(argv[1]),
        "host": argv[2],
        "port": int(argv[3]),
        "sizes": [512],
        "count": None,
        "rdns": False,
        "expect_source": None,
        "timeout": 2.0,
        "retries": 3,
    }
    rest = argv[4:]
    while rest:
        name = rest.pop(0)
        if name == "--rdns":
            options["rdns"] = True
            continue
        if not rest:
            return None
        value = rest.pop(0)
        if name == "--sizes":
            options["sizes"] = [int(size) for size in value.split(",")]
        elif name == "--count":
            options["count"] = int(value)
        elif name == "--expect-source":
            options["expect_source"] = value
        elif name == "--timeout":
            options["timeout"] = float(value)
        elif name == "--retries":
            options["retries"] = int(value)
        else:
            return None
    if options["count"] is None:
        options["count"] = len(options["sizes"])
    if options["expect_source"] is None and is_ip_literal(options["host"]):
        options["expect_source"] = options["host"]
    return options


def is_ip_literal(text):
    for family in (socket.AF_INET, socket.AF_INET6):
        try:
            socket.inet_pton(family, text)
            return True
        except (OSError, ValueError):
            continue
    return False


def same_address(a, b):
    """Compares IP literals by value ("::1" and "0:0::1" are the same address)."""
    for family in (socket.AF_INET, socket.AF_INET6):
        try:
            return socket.inet_pton(family, a) == socket.inet_pton(family, b)
        except (OSError, ValueError):
            continue
    return a == b


def payload(sequence, size):
    """Datagram number SEQUENCE of SIZE bytes: the number, then a pattern that depends on it."""
    head = struct.pack(">I", sequence)
    pattern = bytes((sequence * 7 + i) % 251 for i in range(max(0, size - len(head))))
    return (head + pattern)[:size] if size >= len(head) else bytes([sequence % 256] * size)


def first_difference(expected, actual):
    for i, (x, y) in enumerate(zip(expected, actual)):
        if x != y:
            return "byte %d is 0x%02x, expected 0x%02x" % (i, y, x)
    return "lengths differ"


def main(argv):
    options = parse(argv)
    if options is None:
        print(__doc__, file=sys.stderr)
        return 64
    host, port = options["host"], options["port"]
    # The TCP control connection PySocks opens for UDP ASSOCIATE gets no timeout of its own.
    socket.setdefaulttimeout(30)
    sock = socks.socksocket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.set_proxy(socks.SOCKS5, "127.0.0.1", options["proxy_port"], rdns=options["rdns"])
    sock.settimeout(options["timeout"])

    sent_bytes = 0
    retries = 0
    late = 0
    earlier = {}  # payloads already answered -> their sequence number, to recognise late copies
    try:
        for sequence in range(options["count"]):
            size = options["sizes"][sequence % len(options["sizes"])]
            message = payload(sequence, size)
            attempts = 0
            sock.sendto(message, (host, port))
            sent_bytes += size
            while True:
                try:
                    answer, source = sock.recvfrom(65536)
                except socket.timeout:
                    attempts += 1
                    if attempts > options["retries"]:
                        print(
                            "datagram #%d (%d bytes) to %s:%d got no answer, sent %d times with %.1f s to answer each"
                            % (sequence, size, host, port, attempts, options["timeout"]),
                            file=sys.stderr,
                        )
                        summary(sequence, sent_bytes, retries, late)
                        return 1
                    retries += 1
                    print("datagram #%d (%d bytes): no answer within %.1f s, sending it again (retry %d)"
                          % (sequence, size, options["timeout"], attempts))
                    sock.sendto(message, (host, port))
                    continue
                if answer != message:
                    if answer in earlier:
                        late += 1
                        print("skipped a late answer to datagram #%d while waiting for #%d" % (earlier[answer], sequence))
                        continue
                    print(
                        "datagram #%d: sent %d bytes, the answer has %d bytes (%s)"
                        % (sequence, size, len(answer), first_difference(message, answer)),
                        file=sys.stderr,
                    )
                    summary(sequence, sent_bytes, retries, late)
                    return 1
                source_host, source_port = source[0], source[1]
                if isinstance(source_host, bytes):
                    source_host = source_host.decode("ascii", "replace")
                expected = options["expect_source"]
                if source_port != port or (expected is not None and not same_address(source_host, expected)):
                    print(
                        "datagram #%d: the answer names %s:%d as its sender, expected %s:%d"
                        % (sequence, source_host, source_port, expected or host, port),
                        file=sys.stderr,
                    )
                    summary(sequence, sent_bytes, retries, late)
                    return 1
                break
            if len(earlier) < 4096:
                earlier[message] = sequence
    except socks.ProxyError as error:
        print("proxy error: %s: %s" % (type(error).__name__, error), file=sys.stderr)
        return 2
    finally:
        sock.close()
    summary(options["count"], sent_bytes, retries, late)
    return 0


def summary(answered, sent_bytes, retries, late):
    print("answered=%d sent_bytes=%d retries=%d late=%d" % (answered, sent_bytes, retries, late))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
