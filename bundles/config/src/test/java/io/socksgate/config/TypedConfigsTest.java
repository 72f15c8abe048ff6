package io.socksgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypedConfigsTest {

    /** A configuration definition as the bundles write them, every supported type and name form. */
    @interface Sample {
        String name() default "";

        String action();

        int port() default 1080;

        long quota() default 5L;

        boolean enabled() default true;

        String[] bind() default {"127.0.0.1"};

        String[] users();

        int timeout_idle() default 600;

        String http__realm() default "x";

        String dash$_$key() default "";

        String dollar$$sign() default "";

        String drop$ped() default "";
    }

    @interface Unsupported {
        double ratio();
    }

    @Test
    void keysNoAccessorReadsAreNamedWithTheKnownKeyTheyAreClosestTo() {
        Map<String, Object> properties = new java.util.LinkedHashMap<>();
        properties.put("action", "allow");
        properties.put("timeout.idle", "5");
        properties.put("timeout_idle", "5"); // the accessor's name, not its key
        properties.put("prot", "1");
        properties.put("qouta", "1k");
        properties.put("zzz", "1");
        // what Config Admin, File Install and Karaf add: never a typo
        properties.put("service.pid", "x~y");
        properties.put("service.factoryPid", "x");
        properties.put("felix.fileinstall.filename", "file:/etc/x-y.cfg");
        properties.put("component.name", "c");
        properties.put("org.apache.karaf.features.configKey", "x");
        properties.put(":org.apache.felix.configadmin.revision:", 3L);

        assertThat(TypedConfigs.unknownKeys(Sample.class, properties))
                .isEqualTo("unknown keys, ignored: 'prot' (did you mean 'port'?), 'qouta' (did you mean 'quota'?),"
                        + " 'timeout_idle' (did you mean 'timeout.idle'?), 'zzz'");
        assertThat(TypedConfigs.unknownKeys(Sample.class, Map.of("action", "deny", "service.pid", "x~y")))
                .isNull();
    }

    private static Sample sample(Map<String, ?> properties) {
        return TypedConfigs.of(Sample.class, properties);
    }

    @Test
    void absentKeysTakeTheAnnotationsDefaultsAndWithoutOneWhatDsGives() {
        Sample config = sample(Map.of());
        assertThat(config.name()).isEmpty();
        assertThat(config.port()).isEqualTo(1080);
        assertThat(config.quota()).isEqualTo(5L);
        assertThat(config.enabled()).isTrue();
        assertThat(config.bind()).containsExactly("127.0.0.1");
        assertThat(config.timeout_idle()).isEqualTo(600);
        assertThat(config.action()).isNull();
        assertThat(config.users()).isEmpty();
    }

    @Test
    void aDefaultArrayCannotBeChangedThroughTheConfiguration() {
        Sample config = sample(Map.of());
        config.bind()[0] = "changed";
        assertThat(config.bind()).containsExactly("127.0.0.1");
    }

    @Test
    void methodNamesMapToKeysAsDeclarativeServicesMapsThem() {
        assertThat(TypedConfigs.key("timeout_idle")).isEqualTo("timeout.idle");
        assertThat(TypedConfigs.key("max_sessions_per_client")).isEqualTo("max.sessions.per.client");
        assertThat(TypedConfigs.key("http__realm")).isEqualTo("http_realm");
        assertThat(TypedConfigs.key("dash$_$key")).isEqualTo("dash-key");
        assertThat(TypedConfigs.key("dollar$$sign")).isEqualTo("dollar$sign");
        assertThat(TypedConfigs.key("drop$ped")).isEqualTo("dropped");

        Sample config = sample(Map.of(
                "timeout.idle", "30",
                "http_realm", "Office",
                "dash-key", "d",
                "dollar$sign", "s",
                "dropped", "p",
                "timeout_idle", "99"));
        assertThat(config.timeout_idle()).isEqualTo(30);
        assertThat(config.http__realm()).isEqualTo("Office");
        assertThat(config.dash$_$key()).isEqualTo("d");
        assertThat(config.dollar$$sign()).isEqualTo("s");
        assertThat(config.drop$ped()).isEqualTo("p");
    }

    @Test
    void commaListsArraysAndCollectionsAreSplitIntoTrimmedEntries() {
        assertThat(sample(Map.of("bind", " 127.0.0.1, ::1 ,,")).bind()).containsExactly("127.0.0.1", "::1");
        assertThat(sample(Map.of("bind", new String[] {"127.0.0.1, ::1", " 192.0.2.1"}))
                        .bind())
                .containsExactly("127.0.0.1", "::1", "192.0.2.1");
        assertThat(sample(Map.of("bind", List.of("a", "b,c"))).bind()).containsExactly("a", "b", "c");
        assertThat(sample(Map.of("bind", " , ")).bind()).isEmpty();
        assertThat(sample(Map.of("bind", 1080)).bind()).containsExactly("1080");
    }

    @Test
    void aSingleTextIsTheValueAsGivenAndAMultiValuedOneItsCommaList() {
        assertThat(sample(Map.of("name", " front ")).name()).isEqualTo(" front ");
        assertThat(sample(Map.of("name", new String[] {"a", "b"})).name()).isEqualTo("a,b");
        assertThat(sample(Map.of("name", 7)).name()).isEqualTo("7");
    }

    @Test
    void numbersFromNumbersAndFromDecimalText() {
        assertThat(sample(Map.of("port", 1081)).port()).isEqualTo(1081);
        assertThat(sample(Map.of("port", 1082L)).port()).isEqualTo(1082);
        assertThat(sample(Map.of("port", " 01083 ")).port()).isEqualTo(1083);
        assertThat(sample(Map.of("port", "-1")).port()).isEqualTo(-1);
        assertThat(sample(Map.of("port", new String[] {"1084"})).port()).isEqualTo(1084);
        assertThat(sample(Map.of("quota", "10000000000")).quota()).isEqualTo(10_000_000_000L);
    }

    @Test
    void aValueThatIsNoWholeNumberNamesKeyAndValue() {
        for (Object bad : List.of(
                "10x8",
                "+1080",
                "\uff11\uff10\uff18\uff10",
                "0x438",
                "1080.0",
                "",
                "99999999999",
                1.5,
                3_000_000_000L)) {
            ConfigValueException e = catchThrowableOfType(ConfigValueException.class, () -> sample(Map.of("port", bad))
                    .port());
            assertThat(e).as("%s", bad).isNotNull();
            assertThat(e.key()).isEqualTo("port");
            assertThat(e.value()).isEqualTo(bad);
            assertThat(e.getMessage())
                    .isEqualTo("port = '" + String.valueOf(bad).trim() + "': expected a whole number");
        }
        assertThatThrownBy(() -> sample(Map.of("port", new String[] {"1", "2"})).port())
                .hasMessage("port = '1, 2': expected a whole number");
        assertThatThrownBy(() -> sample(Map.of("quota", "99999999999999999999")).quota())
                .isInstanceOf(ConfigValueException.class);
    }

    @Test
    void onlyTheBadKeyFailsTheOthersStillRead() {
        Sample config = sample(Map.of("port", "x", "timeout.idle", "5"));
        assertThat(config.timeout_idle()).isEqualTo(5);
        assertThatThrownBy(config::port).isInstanceOf(ConfigValueException.class);
    }

    @Test
    void booleansFromBooleansAndText() {
        assertThat(sample(Map.of("enabled", false)).enabled()).isFalse();
        assertThat(sample(Map.of("enabled", " FALSE ")).enabled()).isFalse();
        assertThat(sample(Map.of("enabled", "true")).enabled()).isTrue();
        assertThatThrownBy(() -> sample(Map.of("enabled", "yes")).enabled())
                .hasMessage("enabled = 'yes': expected true or false");
    }

    @Test
    void theConfiguredValueIsKeptForProblemsAndIsTheDefaultWhenAbsent() {
        Sample config = sample(Map.of("bind", " , ", "port", 5));
        assertThat(TypedConfigs.configured(config, "bind")).isEqualTo(" , ");
        assertThat(TypedConfigs.configured(config, "port")).isEqualTo(5);
        assertThat(TypedConfigs.configured(config, "timeout.idle")).isEqualTo(600);
        assertThatThrownBy(() -> TypedConfigs.configured(config, "nope")).hasMessageContaining("no key nope");
    }

    @Test
    void laterChangesToTheMapAreNotSeen() {
        Map<String, Object> properties = new java.util.HashMap<>(Map.of("port", 1));
        Sample config = sample(properties);
        properties.put("port", 2);
        assertThat(config.port()).isEqualTo(1);
    }

    @Test
    void aDictionaryBecomesAMap() {
        Hashtable<String, Object> dictionary = new Hashtable<>(Map.of("service.pid", "x~y", "port", "1085"));
        Map<String, Object> properties = TypedConfigs.properties(dictionary);
        assertThat(properties).isEqualTo(Map.of("service.pid", "x~y", "port", "1085"));
        assertThat(sample(properties).port()).isEqualTo(1085);
        assertThat(TypedConfigs.properties(null)).isEmpty();
    }

    @Test
    void anAccessorOfAnotherTypeIsRefusedWhenTheConfigurationIsMade() {
        assertThatThrownBy(() -> TypedConfigs.of(Unsupported.class, Map.of()))
                .hasMessageContaining("Unsupported.ratio");
    }

    @Test
    void itIsAnAnnotationOfItsTypeThatNeverShowsItsValues() {
        Sample config = sample(Map.of("name", "secret"));
        assertThat(config.annotationType()).isEqualTo(Sample.class);
        assertThat(config.toString()).doesNotContain("secret");
        assertThat(config).isEqualTo(config).isNotEqualTo(sample(Map.of("name", "secret")));
    }
}
