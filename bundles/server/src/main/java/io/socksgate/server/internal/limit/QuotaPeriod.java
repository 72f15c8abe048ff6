package io.socksgate.server.internal.limit;

import io.socksgate.config.tokens.EnumTokens;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;

/** The calendar period a quota counts over, in the host's time zone (midnight is the operator's). */
public enum QuotaPeriod {
    HOUR,
    DAY,
    WEEK,
    MONTH;

    public static final EnumTokens<QuotaPeriod> TOKENS = EnumTokens.of(
            "quota period",
            QuotaPeriod.class,
            Map.of(
                    HOUR, List.of("hour"),
                    DAY, List.of("day"),
                    WEEK, List.of("week"),
                    MONTH, List.of("month")));

    /** When the period holding {@code now} began, in epoch seconds. */
    long start(Instant now, ZoneId zone) {
        ZonedDateTime time = now.atZone(zone);
        ZonedDateTime start =
                switch (this) {
                    case HOUR -> time.truncatedTo(ChronoUnit.HOURS);
                    case DAY -> time.truncatedTo(ChronoUnit.DAYS);
                    case WEEK -> time.truncatedTo(ChronoUnit.DAYS)
                            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                    case MONTH -> time.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
                };
        return start.toEpochSecond();
    }
}
