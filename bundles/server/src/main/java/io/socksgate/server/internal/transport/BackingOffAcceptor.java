package io.socksgate.server.internal.transport;

import io.socksgate.server.internal.log.CountedWarning;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.transport.socket.nio.NioSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acceptor of the ports opened for SOCKS BIND requests (listeners use {@link IoThreadAcceptor}),
 * with its own thread: a BIND peer is rare and joins the processor of its client. It backs off
 * when the process runs out of file descriptors (EMFILE,
 * ENFILE). MINA's own accept then logs an ERROR with a stack trace and retries after 50 ms, about
 * 20 times a second for as long as the shortage lasts, since the connection waiting in the
 * backlog keeps the socket ready. Here the wait doubles from 50 ms up to 1 s while accept keeps
 * failing (the first success resets it) and the failures are one {@link CountedWarning}.
 *
 * <p>MINA's accept cannot be told to do this, so it is written anew here; what it needs of MINA's
 * internals (the acceptor's selector) is in {@link MinaInternals.AcceptingAcceptor}. Its sessions
 * are {@link TunnelSession}s.
 */
public final class BackingOffAcceptor extends MinaInternals.AcceptingAcceptor {

    private static final Logger LOG = LoggerFactory.getLogger(BackingOffAcceptor.class);

    static final Duration FIRST_PAUSE = Duration.ofMillis(50);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);
    private static final Duration REPORT_INTERVAL = Duration.ofSeconds(10);

    private final CountedWarning shortage;
    /** The next pause after a failed accept; acceptor thread only. */
    private Duration pause = FIRST_PAUSE;

    BackingOffAcceptor(IoProcessor<NioSession> processor, ScheduledExecutorService timers) {
        super(processor);
        shortage = new CountedWarning(LOG, REPORT_INTERVAL, timers);
    }

    @Override
    protected NioSession accept(IoProcessor<NioSession> processor, ServerSocketChannel handle) throws Exception {
        if (!readyToAccept(handle)) {
            return null;
        }
        SocketChannel channel;
        try {
            channel = handle.accept();
        } catch (IOException e) {
            if (!outOfDescriptors(e)) {
                throw e;
            }
            backOff(handle, e);
            return null;
        }
        if (channel == null) {
            return null;
        }
        pause = FIRST_PAUSE;
        return TunnelSession.of(this, processor, channel);
    }

    /** Pauses the acceptor thread: nothing can be accepted until descriptors are free again. */
    private void backOff(ServerSocketChannel handle, IOException e) {
        shortage.occurred(shortageMessage(localAddressOf(handle), e));
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt(); // the acceptor is being disposed
            return;
        }
        pause = nextPause(pause);
    }

    /** The pause after {@code pause} while accept keeps failing: doubled, at most {@link #LONGEST_PAUSE}. */
    static Duration nextPause(Duration pause) {
        Duration doubled = pause.multipliedBy(2);
        return doubled.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : doubled;
    }

    /** The warning for an accept that found no file descriptor free, worded once for both acceptors. */
    static String shortageMessage(Object where, IOException e) {
        return "cannot accept connections on " + where + ": " + e.getMessage() + "; retrying after pauses of up to "
                + LONGEST_PAUSE.toMillis() + " ms. Raise the open-file limit (ulimit -n, LimitNOFILE) or lower"
                + " max.sessions";
    }

    /** EMFILE (this process) or ENFILE (the whole system), as the JDK words them on Linux. */
    public static boolean outOfDescriptors(IOException e) {
        String message = e.getMessage();
        return message != null && message.startsWith("Too many open files");
    }

    private static String localAddressOf(ServerSocketChannel handle) {
        try {
            return ListeningSession.text((InetSocketAddress) handle.getLocalAddress());
        } catch (IOException e) {
            return "a closed listener";
        }
    }
}
