/**
 * Socksgate's public API: the values that describe proxy requests and sessions, and the services
 * other bundles use to observe and control them.
 */
@Export
@Version("0.2.0")
package io.socksgate.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
