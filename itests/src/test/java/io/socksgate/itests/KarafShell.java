package io.socksgate.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/**
 * Runs Karaf shell commands in-process, in one shell session (so {@code jaas:realm-manage} and the
 * {@code jaas:update} that applies its pending changes share state), as a user with the admin
 * role: the command ACLs ({@code etc/org.apache.karaf.command.acl.*.cfg}) check the caller's
 * subject.
 */
final class KarafShell {

    private KarafShell() {}

    /**
     * Runs {@code commands} in order and returns what the shell printed, each command preceded by
     * a prompt line; a command that throws fails the test with everything printed so far.
     */
    static String execute(SessionFactory sessions, String... commands) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        Subject admin = new Subject();
        admin.getPrincipals().add(new UserPrincipal("itest"));
        admin.getPrincipals().add(new RolePrincipal("admin"));
        try {
            Subject.doAs(admin, (PrivilegedExceptionAction<Void>) () -> {
                Session session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out);
                try {
                    for (String command : commands) {
                        out.println("karaf@root()> " + command);
                        Object result = session.execute(command);
                        if (result != null) {
                            out.println(result);
                        }
                    }
                } finally {
                    session.close();
                }
                return null;
            });
        } catch (PrivilegedActionException e) {
            throw new AssertionError(
                    "shell command failed: " + e.getCause() + "\nthe shell printed:\n"
                            + printed.toString(StandardCharsets.UTF_8),
                    e.getCause());
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code command}, which must fail as Karaf commands do: by throwing. Returns the
     * exception's message; fails the test when the command succeeded.
     */
    static String executeFailing(SessionFactory sessions, String command) {
        String printed;
        try {
            printed = execute(sessions, command);
        } catch (AssertionError failed) {
            if (failed.getCause() == null) {
                throw failed;
            }
            return String.valueOf(failed.getCause().getMessage());
        }
        throw new AssertionError("expected " + command + " to fail; it printed:\n" + printed);
    }
}
