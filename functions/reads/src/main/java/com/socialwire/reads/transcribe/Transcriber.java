package com.socialwire.reads.transcribe;

import com.socialwire.reads.model.InstagramMedia;

import java.util.Optional;

/**
 * Turns a reel's audio into text through the configured hosted transcription boundary (the instagram-read seed's),
 * within its duration cap. Never fails a read: an answer of empty means "no transcript", with {@link #unavailableReason}.
 */
public interface Transcriber {

    /** Whether a transcription boundary is configured at all. */
    boolean available();

    /** The transcript of {@code reel} (its video asset URL, identity and duration), or empty. */
    Optional<InstagramMedia.Transcript> transcribe(InstagramMedia reel);

    /** Why the last empty answer was empty (not configured, longer than the cap, the boundary failed), for a limitation. */
    String unavailableReason(InstagramMedia reel);
}
