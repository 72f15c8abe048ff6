package io.socksgate.shell.internal;

import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.support.CommandException;

/**
 * What every {@code socks:*} command shares, in the manner of Karaf's own {@code *CommandSupport}
 * classes: it prints its result to {@link #out()} and returns nothing, and a command that cannot
 * do what it was asked THROWS. Karaf then prints {@code Error executing command: MESSAGE} and the
 * caller gets a failure (over {@code ssh karaf@host 'socks:...'} a non-zero exit status), where a
 * message printed to stderr would vanish and look like success.
 */
public abstract class SocksCommandSupport implements Action {

    /**
     * Where the result is printed: System.out, which Karaf's shell points at the calling session's
     * console while the command runs (commands are created for each call); tests replace it.
     */
    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        doExecute();
        return null;
    }

    /**
     * Does the command's work, printing its result.
     *
     * @throws CommandException (see {@link #failure}) when it cannot
     */
    protected abstract void doExecute() throws Exception;

    PrintStream out() {
        return out;
    }

    /**
     * The failure of a command: Karaf shows its message without a stack trace (and logs it at
     * DEBUG only: an operator's typo is no error of the container), and ends an ssh exec with
     * status 1.
     */
    static CommandException failure(String message) {
        return new CommandException(message);
    }

    /**
     * The client IP address an option or argument gives (a literal, never a name to look up), or
     * null when it gives none.
     *
     * @throws CommandException naming the option when the text is no IP address
     */
    static InetAddress clientAddress(String option, String text) throws CommandException {
        if (text == null) {
            return null;
        }
        try {
            return Endpoints.clientAddress(text);
        } catch (IllegalArgumentException e) {
            throw failure(option + ": " + e.getMessage());
        }
    }

    /**
     * The service an optional reference holds, or a failure saying it is not there (the bundle
     * that provides it is stopped or not installed).
     */
    static <T> T required(T service, String what) throws CommandException {
        if (service == null) {
            throw failure(what + " is not available: is the Socksgate server bundle running (bundle:list)?");
        }
        return service;
    }

    /** How often {@link #awaitUntil} looks again. */
    private static final long POLL_MILLIS = 20;

    /**
     * Waits, at most {@code timeout}, until {@code done} holds. Config Admin hands a configuration
     * to its component asynchronously; a command that changes one waits until the change is in
     * force, so the next command (or the client after it) sees it.
     *
     * @return whether {@code done} held in time
     */
    static boolean awaitUntil(Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
