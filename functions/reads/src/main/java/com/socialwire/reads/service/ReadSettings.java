package com.socialwire.reads.service;

import com.socialwire.shared.Config;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * How long read answers are kept and what a parse holds, from config.
 *
 * @param mediaTtl      a post's or reel's answer stays fresh this long ({@code READ_CACHE_MEDIA_TTL_SECONDS}, 900)
 * @param commentsTtl   a comment batch's ({@code READ_CACHE_COMMENTS_TTL_SECONDS}, 300)
 * @param staleGrace    after that, an entry is served as {@code stale} this long ({@code READ_CACHE_STALE_SECONDS}, 3600)
 * @param parseTtl      a parse output, keyed by content hash, mode, model and prompt version ({@code READ_PARSE_TTL_SECONDS}, 7 days)
 * @param refreshClaim  one reader refreshes a stale entry; the others serve it stale this long ({@code READ_REFRESH_CLAIM_SECONDS}, 30)
 * @param parseHoldUsd  the model's worst case held per parse line item ({@code READ_PARSE_HOLD_USD}, 0.05)
 */
public record ReadSettings(Duration mediaTtl, Duration commentsTtl, Duration staleGrace, Duration parseTtl, Duration refreshClaim,
                           BigDecimal parseHoldUsd) {

    public static ReadSettings fromConfig(Config config) {
        return new ReadSettings(Duration.ofSeconds(config.getLong("READ_CACHE_MEDIA_TTL_SECONDS", 900)),
                Duration.ofSeconds(config.getLong("READ_CACHE_COMMENTS_TTL_SECONDS", 300)),
                Duration.ofSeconds(config.getLong("READ_CACHE_STALE_SECONDS", 3600)),
                Duration.ofSeconds(config.getLong("READ_PARSE_TTL_SECONDS", 7 * 24 * 3600)),
                Duration.ofSeconds(config.getLong("READ_REFRESH_CLAIM_SECONDS", 30)),
                new BigDecimal(config.get("READ_PARSE_HOLD_USD", "0.05")));
    }
}
