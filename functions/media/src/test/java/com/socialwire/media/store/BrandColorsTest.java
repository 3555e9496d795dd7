package com.socialwire.media.store;

import com.socialwire.shared.store.AttrValue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An AI image's brand colours: the listed ones, else the tenant's branding (the review page's colours). */
class BrandColorsTest {

    @Test
    void theBrandingsColoursAreUsedWhenNoneAreListed() {
        Map<String, AttrValue> settings = Map.of("branding", AttrValue.fromM(Map.of("primaryColor", AttrValue.fromS("#1d4ed8"),
                "accentColor", AttrValue.fromS("#f59e0b"), "logoMediaId", AttrValue.fromS("med_1"))));
        assertEquals(List.of("#1d4ed8", "#f59e0b"), MediaStore.colors(settings));
        assertEquals(List.of("#1d4ed8"), MediaStore.colors(Map.of("branding", AttrValue.fromM(Map.of("primaryColor", AttrValue.fromS("#1d4ed8"))))));
    }

    @Test
    void listedColoursWinAndNoneIsEmpty() {
        Map<String, AttrValue> settings = Map.of("brandColors", AttrValue.fromL(List.of(AttrValue.fromS("#000000"))),
                "branding", AttrValue.fromM(Map.of("primaryColor", AttrValue.fromS("#1d4ed8"))));
        assertEquals(List.of("#000000"), MediaStore.colors(settings));
        assertEquals(List.of(), MediaStore.colors(Map.of()));
    }
}
