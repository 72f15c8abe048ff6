package io.socksgate.api;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The bandwidth and quota limits ({@code io.socksgate.limit} factory configurations) and what they
 * do now.
 *
 * @since 1.3
 */
@ProviderType
public interface LimitRegistry {

    /** Every limit, by name, those with an invalid configuration included. */
    List<LimitInfo> limits();

    /**
     * Checks limit properties as they would be written to an {@code io.socksgate.limit}
     * configuration (keys as in the .cfg file) with the parser the limits use.
     *
     * @return one problem per bad key; empty when the properties are valid
     */
    List<String> problems(Map<String, ?> limitProperties);
}
