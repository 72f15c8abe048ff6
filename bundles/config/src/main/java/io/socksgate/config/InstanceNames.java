package io.socksgate.config;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The instance name of a factory configuration, the same for every bundle: {@code NAME} of
 * {@code etc/FACTORYPID-NAME.cfg} (File Install) or of the PID {@code FACTORYPID~NAME} (a named
 * factory configuration); otherwise the whole generated PID.
 */
public final class InstanceNames {

    /** Where File Install (and Karaf's config commands) record a configuration's file. */
    public static final String FILENAME = "felix.fileinstall.filename";

    private static final Pattern USABLE = Pattern.compile("[A-Za-z0-9._-]+");

    private InstanceNames() {}

    /**
     * Null when {@code name} can be an instance name, and so part of the file name {@code
     * FACTORYPID-NAME.cfg} and of the PID {@code FACTORYPID~NAME}; otherwise what is wrong with it,
     * worded to follow the name ({@code name 'a/b' may only contain ...}).
     */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "is empty";
        }
        if (!USABLE.matcher(name).matches()) {
            return "may only contain letters, digits, '.', '_' and '-'";
        }
        if (name.equals(".") || name.equals("..")) {
            return "is not a usable file name";
        }
        return null;
    }

    /**
     * The instance name of the configuration with these properties ({@code service.pid} and
     * {@value #FILENAME}).
     */
    public static String of(String factoryPid, Map<String, ?> properties) {
        return of(factoryPid, String.valueOf(properties.get("service.pid")), properties.get(FILENAME));
    }

    /**
     * The instance name from the configuration's file ({@code null} when it has none), else its
     * PID.
     */
    public static String of(String factoryPid, String pid, Object file) {
        if (file != null) {
            String base = file.toString().replaceFirst("^.*[/\\\\]", "").replaceFirst("\\.cfg$", "");
            if (base.startsWith(factoryPid + "-")) {
                return base.substring(factoryPid.length() + 1);
            }
        }
        int tilde = pid.indexOf('~');
        return tilde >= 0 ? pid.substring(tilde + 1) : pid;
    }

    /** The name a component shows: its {@code name} value when not blank, else {@code instanceName}. */
    public static String shown(Object name, String instanceName) {
        String text = name == null ? "" : String.valueOf(name).trim();
        return text.isEmpty() ? instanceName : text;
    }
}
