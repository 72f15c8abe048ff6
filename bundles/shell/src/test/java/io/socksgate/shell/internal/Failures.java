package io.socksgate.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.apache.karaf.shell.support.CommandException;

/** Runs commands that must fail the way Karaf reports to the caller: by throwing. */
final class Failures {

    private Failures() {}

    /** Runs the command, asserts that it threw a {@link CommandException}, and returns its message. */
    static String of(SocksCommandSupport command) {
        CommandException e = catchThrowableOfType(CommandException.class, command::execute);
        assertThat(e).as("%s failed", command.getClass().getSimpleName()).isNotNull();
        return e.getMessage();
    }
}
