package io.socksgate.server.internal;

import io.socksgate.api.Authenticator;
import io.socksgate.api.LimitRegistry;
import io.socksgate.api.ListenerRegistry;
import io.socksgate.api.LoginBlocks;
import io.socksgate.api.PolicyService;
import io.socksgate.api.SessionListener;
import io.socksgate.api.SessionRegistry;
import io.socksgate.api.UdpRelay;
import io.socksgate.api.UpstreamRegistry;
import io.socksgate.config.factory.FactoryConfigurations;
import io.socksgate.config.factory.RegistersService;
import io.socksgate.server.internal.auth.AuthConfig;
import io.socksgate.server.internal.auth.Authentication;
import io.socksgate.server.internal.dial.upstream.UpstreamConfig;
import io.socksgate.server.internal.dial.upstream.UpstreamConfigs;
import io.socksgate.server.internal.dial.upstream.UpstreamTable;
import io.socksgate.server.internal.exchange.SessionTable;
import io.socksgate.server.internal.limit.LimitConfig;
import io.socksgate.server.internal.limit.LimitSettings;
import io.socksgate.server.internal.limit.LimitTable;
import io.socksgate.server.internal.listener.ListenerConfig;
import io.socksgate.server.internal.listener.ListenerTable;
import io.socksgate.server.internal.listener.ProxyListener;
import io.socksgate.server.internal.log.SessionEvents;
import io.socksgate.server.internal.transport.ProxyEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The server bundle's one component. It references only other bundles' services (the policy,
 * the UDP relay, the {@link Authenticator} and {@link SessionListener} whiteboards), builds the
 * engine, session table, session events, authentication and listener table with plain
 * constructors, registers the API services among them, and runs one {@link ProxyListener} per
 * {@code io.socksgate.listener} factory configuration.
 *
 * <p>Why a {@code ManagedServiceFactory} for the listeners rather than a DS factory component:
 * a listener needs the engine, the session table, the events and the authentication, which as DS
 * references had to be services of their own, there only to wire this bundle. The factory (as
 * Karaf and Sling consume factory configurations) hands each configuration over as properties;
 * the listener reads them through the typed {@code ListenerConfig}, whose {@code factoryPid}
 * keeps the metatype the webconsole and {@code config:} show. The component itself takes
 * {@code io.socksgate.auth}, which the authentication reads through {@link AuthConfig}.
 */
@Component(
        service = {},
        configurationPid = "io.socksgate.auth",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AuthConfig.class)
@RegistersService(SessionRegistry.class)
@RegistersService(ListenerRegistry.class)
@RegistersService(LoginBlocks.class)
@RegistersService(UpstreamRegistry.class)
@RegistersService(LimitRegistry.class)
public final class ServerRuntime {

    private static final String LISTENER_PID = "io.socksgate.listener";

    private final PolicyService policy;
    private final ProxyEngine engine = new ProxyEngine();
    private final SessionTable sessions = new SessionTable();
    private final SessionEvents events = new SessionEvents();
    private final ListenerTable listeners = new ListenerTable();
    private final Authentication authentication;
    private final List<ServiceRegistration<?>> registrations;
    private final FactoryConfigurations<ProxyListener> listenerConfigurations;
    private final UpstreamTable upstreams = new UpstreamTable(engine, Clock.systemUTC(), listeners::reaches);
    private final FactoryConfigurations<UpstreamTable.Entry> upstreamConfigurations;
    private final LimitTable limits;
    private final FactoryConfigurations<LimitTable.Entry> limitConfigurations;
    /** The UDP relay while there is one; guarded by this for the hand-over to the listeners. */
    private volatile UdpRelay udpRelay;

    /** @param authProperties the {@code io.socksgate.auth} configuration */
    @Activate
    public ServerRuntime(@Reference PolicyService policy, Map<String, Object> authProperties, BundleContext context) {
        this.policy = policy;
        authentication = new Authentication(authProperties);
        limits =
                LimitTable.create(policy, engine::runLater, engine.timers(), engine.blockingWork(), quotaFile(context));
        registrations = List.of(
                context.registerService(SessionRegistry.class, sessions, null),
                context.registerService(ListenerRegistry.class, listeners, null),
                context.registerService(LoginBlocks.class, authentication, null),
                context.registerService(UpstreamRegistry.class, upstreams, null),
                context.registerService(LimitRegistry.class, limits, null));
        // Upstreams first: a listener's first request may already be routed through one.
        upstreamConfigurations = new FactoryConfigurations<>("Socksgate upstreams", UpstreamConfig.class, upstreams)
                .register(context, UpstreamConfigs.FACTORY_PID);
        // Limits before listeners too: the first request may already be limited.
        limitConfigurations = new FactoryConfigurations<>("Socksgate limits", LimitConfig.class, limits)
                .register(context, LimitSettings.FACTORY_PID);
        listenerConfigurations = new FactoryConfigurations<>(
                        "Socksgate listeners", ListenerConfig.class, new Listeners())
                .register(context, LISTENER_PID);
    }

    /**
     * Quota usage lives in Karaf's {@code data/socksgate/}, where an operator looks (and which
     * {@code bin/karaf clean} resets); outside Karaf, in this bundle's data area.
     */
    private static Path quotaFile(BundleContext context) {
        String data = System.getProperty("karaf.data");
        if (data != null) {
            return Path.of(data, "socksgate", "quotas.properties");
        }
        java.io.File file = context.getDataFile("quotas.properties");
        return file == null ? null : file.toPath();
    }

    @Modified
    void modified(Map<String, Object> authProperties) {
        authentication.modified(authProperties);
    }

    @Deactivate
    void stop() {
        registrations.forEach(ServiceRegistration::unregister);
        listenerConfigurations.close();
        upstreamConfigurations.close();
        limitConfigurations.close();
        limits.stop();
        engine.stop();
        events.stop();
        listeners.stop();
    }

    @Reference(
            service = Authenticator.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addAuthenticator(Authenticator authenticator, Map<String, Object> properties) {
        authentication.addAuthenticator(authenticator, properties);
    }

    void removeAuthenticator(Authenticator authenticator) {
        authentication.removeAuthenticator(authenticator);
    }

    @Reference(
            service = SessionListener.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addSessionListener(SessionListener listener) {
        events.addListener(listener);
    }

    void removeSessionListener(SessionListener listener) {
        events.removeListener(listener);
    }

    /** Optional: without the UDP relay bundle, UDP ASSOCIATE is answered 07. */
    @Reference(
            service = UdpRelay.class,
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void setUdpRelay(UdpRelay relay) {
        udpRelay = relay;
        listenerConfigurations.instances().forEach(l -> l.udpRelay = relay);
    }

    synchronized void unsetUdpRelay(UdpRelay relay) {
        // A greedy reference binds the replacement before it unbinds the one it replaces.
        if (udpRelay == relay) {
            setUdpRelay(null);
        }
    }

    /** Each listener configuration as a running listener. */
    private final class Listeners implements FactoryConfigurations.Instances<ProxyListener> {

        @Override
        public ProxyListener create(String pid, Map<String, Object> properties) {
            ProxyListener listener =
                    new ProxyListener(engine, sessions, authentication, policy, events, listeners, properties);
            listener.udpRelay = udpRelay;
            listener.upstreams = upstreams;
            listener.limits = limits;
            upstreams.listenersChanged(); // the loop guard: it may now accept on an upstream's server
            return listener;
        }

        @Override
        public void update(ProxyListener listener, Map<String, Object> properties) {
            listener.modified(properties);
            upstreams.listenersChanged();
        }

        @Override
        public void delete(ProxyListener listener) {
            listener.close();
            upstreams.listenersChanged();
        }
    }
}
