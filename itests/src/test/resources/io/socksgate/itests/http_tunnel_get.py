"""GET a URL through an HTTP proxy's CONNECT tunnel with python3's http.client, for Socksgate's itests.

Usage: http_tunnel_get.py PROXY_PORT HOST PORT PATH OUTPUT [USER PASSWORD]

HTTPConnection to the proxy on 127.0.0.1:PROXY_PORT with set_tunnel(HOST, PORT), which sends
"CONNECT HOST:PORT HTTP/1.0" with no Host header, and with USER and PASSWORD a
"Proxy-Authorization: Basic ..." header among the tunnel's headers (http.client never answers a
407 by itself). Then "GET PATH" through the tunnel: the body goes to OUTPUT and "status STATUS
bytes N" to stdout. Exit code 0 after a response through the tunnel, 2 when the proxy refused the
tunnel (http.client raises OSError "Tunnel connection failed: STATUS REASON", printed to stderr
as "tunnel refused: ..."), 3 on any other failure.
"""

import base64
import http.client
import sys

TIMEOUT_SECONDS = 30


def main(argv):
    if len(argv) not in (6, 8):
        print(__doc__, file=sys.stderr)
        return 64
    proxy_port, host, port, path, output = int(argv[1]), argv[2], int(argv[3]), argv[4], argv[5]
    headers = {}
    if len(argv) == 8:
        credentials = ("%s:%s" % (argv[6], argv[7])).encode("utf-8")
        headers["Proxy-Authorization"] = "Basic " + base64.b64encode(credentials).decode("ascii")
    connection = http.client.HTTPConnection("127.0.0.1", proxy_port, timeout=TIMEOUT_SECONDS)
    connection.set_tunnel(host, port, headers=headers)
    try:
        try:
            connection.request("GET", path)
        except OSError as error:
            if str(error).startswith("Tunnel connection failed"):
                print("tunnel refused: %s" % error, file=sys.stderr)
                return 2
            print("failed: %r" % error, file=sys.stderr)
            return 3
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    with open(output, "wb") as out:
        out.write(body)
    print("status %d bytes %d" % (response.status, len(body)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
