package io.socksgate.server.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** This host's TCP sockets as {@code ss -Htan} lists them (Debian package iproute2). */
final class Sockets {

    /**
     * One socket: its state ({@code ESTAB}, {@code SYN-SENT}, ...), its local address as text
     * ({@code 127.0.0.1}, an IPv4-mapped one without its {@code ::ffff:} prefix) and both ports.
     */
    record Socket(String state, String localAddress, int localPort, int peerPort, String line) {}

    private Sockets() {}

    static List<Socket> all() {
        Process ss;
        try {
            ss = new ProcessBuilder("ss", "-Htan").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run ss: install the Debian package iproute2", e);
        }
        try {
            String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ss.waitFor(10, TimeUnit.SECONDS) || ss.exitValue() != 0) {
                throw new AssertionError("ss -Htan failed: " + out);
            }
            List<Socket> sockets = new ArrayList<>();
            for (String line : out.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 5) {
                    sockets.add(new Socket(f[0], host(f[3]), port(f[3]), port(f[4]), line.trim()));
                }
            }
            return sockets;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("reading ss -Htan failed", e);
        } finally {
            ss.destroy();
        }
    }

    private static String host(String address) {
        String host = address.substring(0, address.lastIndexOf(':'));
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.startsWith("::ffff:") ? host.substring("::ffff:".length()) : host;
    }

    private static int port(String address) {
        String port = address.substring(address.lastIndexOf(':') + 1);
        return port.equals("*") ? 0 : Integer.parseInt(port);
    }
}
