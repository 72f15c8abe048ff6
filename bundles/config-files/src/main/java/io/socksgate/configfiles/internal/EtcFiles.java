package io.socksgate.configfiles.internal;

import io.socksgate.config.CommaLists;
import io.socksgate.config.InstanceNames;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where a Socksgate configuration's file lives in {@code etc/} and what it says: the names File
 * Install gives back the same configuration for, and the values in the text form the shipped
 * {@code .cfg} files use (multi-valued keys as one comma list, which every Socksgate component
 * splits). {@link io.socksgate.config.CfgFile} writes the file.
 */
final class EtcFiles {

    /** Where File Install (and Karaf's config commands) record a configuration's file. */
    static final String FILENAME = InstanceNames.FILENAME;

    /** Configuration Admin's own keys: never written to the file. */
    private static final Set<String> NOT_WRITTEN =
            Set.of("service.pid", "service.factoryPid", "service.bundleLocation", FILENAME);

    private EtcFiles() {}

    /**
     * The file name for a configuration, or null when it is none of Socksgate's.
     *
     * <p>A factory configuration becomes {@code FACTORYPID-INSTANCE.cfg}, which File Install reads
     * back as factory {@code FACTORYPID}: the instance is the part after {@code ~} of a named
     * configuration ({@code io.socksgate.listener~office}), else its {@code name} key when that can
     * be a file name, else the generated part of its PID. A plain configuration is {@code PID.cfg}.
     */
    static String fileName(String pid, String factoryPid, Object name) {
        String owner = factoryPid != null ? factoryPid : pid;
        if (owner == null || !owner.startsWith("io.socksgate.")) {
            return null;
        }
        if (factoryPid == null) {
            return pid + ".cfg";
        }
        return factoryPid + "-" + instance(pid, factoryPid, name) + ".cfg";
    }

    private static String instance(String pid, String factoryPid, Object name) {
        int tilde = pid.indexOf('~');
        if (tilde >= 0) {
            return pid.substring(tilde + 1);
        }
        String named = name == null ? "" : name.toString().trim();
        if (InstanceNames.problem(named) == null) {
            return named;
        }
        return pid.startsWith(factoryPid + ".") ? pid.substring(factoryPid.length() + 1) : pid;
    }

    /**
     * The configuration's keys as the file states them, sorted: every value as text, arrays and
     * collections as one comma list. The configuration takes these same values when it gets its
     * file, so what File Install reads back changes nothing, and its own write-back (it saves a
     * file's configuration on every change) keeps the plain {@code key = value} form.
     */
    static Map<String, String> textValues(Dictionary<String, Object> properties) {
        Map<String, String> values = new TreeMap<>();
        for (String key : list(properties.keys())) {
            if (!NOT_WRITTEN.contains(key)) {
                values.put(key, CommaLists.shown(properties.get(key)));
            }
        }
        return values;
    }

    private static List<String> list(java.util.Enumeration<String> keys) {
        List<String> out = new ArrayList<>();
        while (keys.hasMoreElements()) {
            out.add(keys.nextElement());
        }
        return out;
    }
}
