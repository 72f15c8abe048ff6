package io.socksgate.shell.internal.completers;

import io.socksgate.api.UpstreamInfo;
import io.socksgate.api.UpstreamRegistry;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes the names of the upstreams, valid or not. */
@Service
public class UpstreamNameCompleter extends NamesCompleter {

    // Optional: Karaf registers none of a bundle's commands while one has a missing mandatory
    // reference, and the upstreams come from the server bundle, which may be stopped.
    @Reference(optional = true)
    UpstreamRegistry upstreams;

    public UpstreamNameCompleter() {}

    UpstreamNameCompleter(UpstreamRegistry upstreams) {
        this.upstreams = upstreams;
    }

    @Override
    List<String> names() {
        return upstreams == null
                ? List.of()
                : upstreams.upstreams().stream().map(UpstreamInfo::name).toList();
    }
}
