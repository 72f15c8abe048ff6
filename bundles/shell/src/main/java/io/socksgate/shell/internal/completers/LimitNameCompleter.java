package io.socksgate.shell.internal.completers;

import io.socksgate.api.LimitInfo;
import io.socksgate.api.LimitRegistry;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes the names of the bandwidth limits, valid or not. */
@Service
public class LimitNameCompleter extends NamesCompleter {

    // Optional: Karaf registers none of a bundle's commands while one has a missing mandatory
    // reference, and the limits come from the server bundle, which may be stopped.
    @Reference(optional = true)
    LimitRegistry limits;

    public LimitNameCompleter() {}

    LimitNameCompleter(LimitRegistry limits) {
        this.limits = limits;
    }

    @Override
    List<String> names() {
        return limits == null
                ? List.of()
                : limits.limits().stream().map(LimitInfo::name).toList();
    }
}
