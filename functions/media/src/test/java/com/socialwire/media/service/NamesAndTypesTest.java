package com.socialwire.media.service;

import com.socialwire.media.model.Filenames;
import com.socialwire.media.model.MediaKeys;
import com.socialwire.media.model.MediaTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamesAndTypesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "photo.jpg|photo.jpg",
            "My Summer Photo (1).JPG|My_Summer_Photo_1_.JPG",
            "../../etc/passwd|passwd",
            "C:\\Users\\me\\Pictures\\été 2024.png|ete_2024.png",
            ".htaccess|htaccess",
            "...|file",
            "\u0000\u0007|file",
            "a/b/|file",
            "rm -rf $(whoami);.gif|rm_-rf_whoami_.gif",
            "日本語.webp|webp",
    })
    void filenamesBecomeSafeKeySegments(String in, String out) {
        assertEquals(out, Filenames.safe(in));
    }

    @Test
    void longFilenamesKeepTheirExtension() {
        String safe = Filenames.safe("x".repeat(300) + ".jpeg");
        assertEquals(100, safe.length());
        assertTrue(safe.endsWith("x.jpeg"), safe);
    }

    @Test
    void typesAreNormalisedAndOnlyVideosMayCrossBetweenMp4AndQuickTime() {
        assertEquals("image/jpeg", MediaTypes.normalize(" Image/JPEG; charset=binary "));
        assertTrue(MediaTypes.allowed("video/quicktime"));
        assertFalse(MediaTypes.allowed("application/pdf"));
        assertFalse(MediaTypes.allowed("image/heic"));
        assertEquals(Optional.of("gif"), MediaTypes.kindOf("image/gif"));
        assertTrue(MediaTypes.fulfils("video/mp4", "video/quicktime"));
        assertTrue(MediaTypes.fulfils("video/quicktime", "video/mp4"));
        assertFalse(MediaTypes.fulfils("image/jpeg", "image/png"));
        assertFalse(MediaTypes.fulfils("video/mp4", "image/png"));
        assertFalse(MediaTypes.fulfils("image/gif", "video/mp4"));
    }

    @Test
    void objectKeysRoundTripAndOthersAreNotMediaUploads() {
        String key = MediaKeys.upload("tnt_abc", "med_def", "photo.png");
        assertEquals("media/tnt_abc/med_def/photo.png", key);
        assertEquals(Optional.of(new MediaKeys.Parsed("tnt_abc", "med_def", "photo.png")), MediaKeys.parse(key));
        assertEquals("thumbnails/tnt_abc/med_def.jpg", MediaKeys.thumbnail("tnt_abc", "med_def"));
        assertEquals(Optional.empty(), MediaKeys.parse("thumbnails/tnt_abc/med_def.jpg"));
        assertEquals(Optional.empty(), MediaKeys.parse("media/tnt_abc/med_def/sub/photo.png"));
        assertEquals(Optional.empty(), MediaKeys.parse("media/tnt_abc/other/photo.png"));
        assertEquals(Optional.empty(), MediaKeys.parse("media/tnt_abc/med_def/"));
    }
}
