"""Echo through a SOCKS proxy with PySocks (Debian: python3-socks), for Socksgate's itests.

Usage: pysocks_echo.py PROXY_PORT socks4|socks5 rdns|local HOST PORT [OPTION...]

Options:
  --expect-error PREFIX       the proxy must refuse the request with this error code
  --user USER --password PW   SOCKS5 username/password (RFC 1929)
  --expect-auth-error TEXT    the proxy must refuse the login (SOCKS5AuthError containing TEXT)

Connects to HOST:PORT through the SOCKS proxy on 127.0.0.1:PROXY_PORT, sends a message and
reads it back. "rdns" lets the proxy resolve HOST (SOCKS4a, SOCKS5 domain name); "local"
resolves it here. Exit code 0 only when the echo matched, or, with --expect-error, when the
proxy refused with its SOCKS4 or SOCKS5 error code (PySocks: SOCKS4Error, SOCKS5Error) and a
message starting with PREFIX (e.g. "0x05" or "0x5b"), or, with --expect-auth-error, when the
proxy refused the credentials (PySocks: SOCKS5AuthError) with a message containing TEXT.
"""

import sys

import socks

TIMEOUT_SECONDS = 30


def error_chain(error):
    """PySocks wraps the proxy's own error in GeneralProxyError("Socket error", error)."""
    chain = [error]
    while isinstance(getattr(chain[-1], "socket_err", None), socks.ProxyError):
        chain.append(chain[-1].socket_err)
    return chain


OPTIONS = ("--expect-error", "--user", "--password", "--expect-auth-error")


def parse_options(args):
    """The options after the positional arguments, as a dict; None when malformed."""
    if len(args) % 2 != 0:
        return None
    options = {}
    for name, value in zip(args[0::2], args[1::2]):
        if name not in OPTIONS or name in options:
            return None
        options[name] = value
    if ("--user" in options) != ("--password" in options):
        return None
    if "--expect-error" in options and "--expect-auth-error" in options:
        return None
    return options


def matches(message, expected, auth):
    """Refusal codes are prefixes ("0x05: ..."); login refusals are matched anywhere."""
    return expected in message if auth is not None else message.startswith(expected)


def main(argv):
    options = parse_options(argv[6:]) if len(argv) >= 6 else None
    if options is None:
        print(__doc__, file=sys.stderr)
        return 64
    proxy_port = int(argv[1])
    proxy_type = {"socks4": socks.SOCKS4, "socks5": socks.SOCKS5}[argv[2]]
    refusal = {"socks4": socks.SOCKS4Error, "socks5": socks.SOCKS5Error}[argv[2]]
    rdns = {"rdns": True, "local": False}[argv[3]]
    host, port = argv[4], int(argv[5])
    expected_error = options.get("--expect-error")
    expected_auth_error = options.get("--expect-auth-error")
    if expected_auth_error is not None:
        refusal, expected_error = socks.SOCKS5AuthError, expected_auth_error

    message = ("pysocks %s %s %s:%d " % (argv[2], argv[3], host, port)).encode("ascii")
    message += bytes(range(256)) * 64  # 16 KiB of every byte value

    sock = socks.socksocket()
    sock.set_proxy(
        proxy_type,
        "127.0.0.1",
        proxy_port,
        rdns=rdns,
        username=options.get("--user"),
        password=options.get("--password"),
    )
    sock.settimeout(TIMEOUT_SECONDS)
    try:
        try:
            sock.connect((host, port))
        except socks.ProxyError as error:
            chain = error_chain(error)
            described = " <- ".join("%s: %s" % (type(e).__name__, e) for e in chain)
            if expected_error is not None and any(
                isinstance(e, refusal) and matches(str(e), expected_error, expected_auth_error) for e in chain
            ):
                print("refused as expected: %s" % described)
                return 0
            print("proxy error: %s" % described, file=sys.stderr)
            return 2
        if expected_error is not None:
            print("connected, but expected the proxy to refuse with %s" % expected_error, file=sys.stderr)
            return 3
        sock.sendall(message)
        received = b""
        while len(received) < len(message):
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    finally:
        sock.close()
    if received != message:
        print("echo mismatch: sent %d bytes, received %d" % (len(message), len(received)), file=sys.stderr)
        return 1
    print("echoed %d bytes" % len(received))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
