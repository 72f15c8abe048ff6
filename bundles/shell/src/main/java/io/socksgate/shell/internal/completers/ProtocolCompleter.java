package io.socksgate.shell.internal.completers;

import io.socksgate.config.tokens.EnumTokens;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Completes protocol names with the words the configuration parser accepts ({@code
 * EnumTokens.PROTOCOLS}), so a protocol added there is offered everywhere at once.
 */
@Service
public class ProtocolCompleter extends NamesCompleter {

    @Override
    List<String> names() {
        return EnumTokens.PROTOCOLS.tokens();
    }
}
