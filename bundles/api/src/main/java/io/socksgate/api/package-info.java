/**
 * Socksgate's public API: the values that describe proxy requests and sessions, and the services
 * other bundles use to observe and control them.
 *
 * <h2>Versions</h2>
 *
 * The package version is semantic and checked by the build: bnd-baseline compares this bundle
 * with the baseline (bundles/api/baseline) and fails when a change needs a higher version than
 * the one below: a new minor version for an addition, a new major version for anything that can
 * break a consumer compiled against the baseline.
 *
 * <h2>How the value records grow</h2>
 *
 * The records here ({@link ProxyRequest}, {@link SessionInfo}, {@link Decision}, ...) get new
 * components as Socksgate learns more about a request. Adding a component changes the record's
 * canonical constructor, which consumers call (to ask {@link PolicyService} about a request, or to
 * build values in their tests); code compiled against the previous constructor would no longer
 * link. So a component is only ever <em>appended</em>, and the previous canonical constructor stays
 * as a constructor that passes the new component's neutral value ({@code null}, empty, {@code
 * false}) on: then the change is a minor one. {@link ProxyRequest}'s eight-argument constructor is
 * such a constructor (it predates {@code deferredDestination}). Components are never removed,
 * reordered or retyped, and accessors keep their meaning; that would be a major change.
 *
 * <p>Services are {@code @ProviderType} (only Socksgate implements them: a method may be added in a
 * minor version) and SPIs {@code @ConsumerType} (other bundles implement them: a new method is a
 * major change).
 */
@Export
@Version("1.4.0")
package io.socksgate.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
