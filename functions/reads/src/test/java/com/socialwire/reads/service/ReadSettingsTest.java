package com.socialwire.reads.service;

import com.socialwire.shared.Config;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The reads' settings from config: TTL defaults and the parse hold read without a BigDecimal. */
class ReadSettingsTest {

    @Test
    void defaultsAreFifteenMinutesForMediaFiveForCommentsAnHourStaleAndFiveCentsPerParse() {
        ReadSettings s = ReadSettings.fromConfig(Config.of(Map.of()));
        assertEquals(Duration.ofMinutes(15), s.mediaTtl());
        assertEquals(Duration.ofMinutes(5), s.commentsTtl());
        assertEquals(Duration.ofHours(1), s.staleGrace());
        assertEquals(Duration.ofDays(7), s.parseTtl());
        assertEquals(50_000, s.parseHoldMicroUsd());
    }

    @Test
    void theParseHoldIsReadToTheMillionthOfADollarAndAnythingElseRefused() {
        assertEquals(1_000_000, ReadSettings.microUsd("1"));
        assertEquals(123_456, ReadSettings.microUsd("0.123456"));
        assertEquals(2_500_000, ReadSettings.microUsd("2.5"));
        for (String bad : List.of("1e-3", "0.1234567", "-1", ".5", "1.", "", "0,05")) {
            assertThrows(IllegalStateException.class, () -> ReadSettings.microUsd(bad), bad);
        }
    }
}
