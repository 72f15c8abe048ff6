package io.socksgate.server.internal.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socksgate.config.InvalidConfigurationException;
import io.socksgate.config.TypedConfigs;
import io.socksgate.policy.internal.LocalAddresses;
import io.socksgate.policy.internal.ManagementPorts;
import io.socksgate.policy.internal.PolicyConfig;
import io.socksgate.policy.internal.PolicyEngine;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LimitSettingsTest {

    private final PolicyEngine policy = new PolicyEngine(
            new LocalAddresses(),
            new ManagementPorts(Set.of(8101)),
            TypedConfigs.of(PolicyConfig.class, Map.of("default.action", "deny")));

    @Test
    void defaultsAreAPerUserBudgetWithABurstOfOneSecondAndADailyDenyingQuota() {
        LimitSettings settings = LimitSettings.from(Map.of("rate.in", "5m", "rate.out", "64k"), "partners", policy);
        assertThat(settings.name()).isEqualTo("partners");
        assertThat(settings.scope()).isEqualTo(Scope.PER_USER);
        assertThat(settings.rateIn()).isEqualTo(5_000_000);
        assertThat(settings.burstIn()).isEqualTo(5_000_000);
        assertThat(settings.burstOut()).isEqualTo(64_000);
        assertThat(settings.quota()).isZero();
        assertThat(settings.period()).isEqualTo(QuotaPeriod.DAY);
        assertThat(settings.action()).isEqualTo(QuotaAction.DENY);
        assertThat(settings.matcher().summary()).isEqualTo("any");
    }

    @Test
    void everyBadKeyIsNamedAtOnce() {
        assertThatThrownBy(() -> LimitSettings.from(
                        Map.of(
                                "rate.in", "5 MB",
                                "burst", "0",
                                "quota.period", "year",
                                "quota.action", "kill",
                                "source", "10.0.0.0/40"),
                        "bad",
                        policy))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .hasSize(5)
                        .anySatisfy(p -> assertThat(p).startsWith("rate.in = '5 MB': expected bytes"))
                        .anySatisfy(p -> assertThat(p).startsWith("burst = '0'"))
                        .anySatisfy(p -> assertThat(p).startsWith("quota.period = 'year'"))
                        .anySatisfy(p -> assertThat(p).startsWith("quota.action = 'kill'"))
                        .anySatisfy(p -> assertThat(p).startsWith("source: ")));
        assertThatThrownBy(() -> LimitSettings.from(Map.of("users", "alice"), "nothing", policy))
                .hasMessageContaining("would limit nothing");
    }

    @Test
    void theShippedExampleIsAValidLimit() throws Exception {
        Path example = Path.of("..", "..", "features", "src", "main", "cfg", "io.socksgate.limit-example.cfg.example");
        Properties keys = new Properties();
        try (Reader in = Files.newBufferedReader(example)) {
            keys.load(in);
        }
        Map<String, Object> properties = new HashMap<>();
        keys.forEach((k, v) -> properties.put((String) k, v));
        LimitSettings settings = LimitSettings.from(properties, "example", policy);
        assertThat(settings.rateIn()).isEqualTo(10_000_000);
        assertThat(settings.matcher().summary()).isEqualTo("users=@partners");
    }

    @Test
    void periodsStartAtTheHourMidnightMondayAndTheFirst() {
        java.time.ZoneId utc = java.time.ZoneOffset.UTC;
        java.time.Instant wednesday = java.time.Instant.parse("2026-12-09T15:42:10Z");
        assertThat(QuotaPeriod.HOUR.start(wednesday, utc))
                .isEqualTo(java.time.Instant.parse("2026-12-09T15:00:00Z").getEpochSecond());
        assertThat(QuotaPeriod.DAY.start(wednesday, utc))
                .isEqualTo(java.time.Instant.parse("2026-12-09T00:00:00Z").getEpochSecond());
        assertThat(QuotaPeriod.WEEK.start(wednesday, utc))
                .isEqualTo(java.time.Instant.parse("2026-12-07T00:00:00Z").getEpochSecond());
        assertThat(QuotaPeriod.MONTH.start(wednesday, utc))
                .isEqualTo(java.time.Instant.parse("2026-12-01T00:00:00Z").getEpochSecond());
    }
}
