package com.socialwire.reads.service;

import com.socialwire.shared.Config;

import java.time.Duration;

/**
 * How long read answers are kept and what a parse holds, from config.
 *
 * @param mediaTtl      a post's or reel's answer stays fresh this long ({@code READ_CACHE_MEDIA_TTL_SECONDS}, 900)
 * @param commentsTtl   a comment batch's ({@code READ_CACHE_COMMENTS_TTL_SECONDS}, 300)
 * @param staleGrace    after that, an entry is served as {@code stale} this long ({@code READ_CACHE_STALE_SECONDS}, 3600)
 * @param parseTtl      a parse output, keyed by content hash, mode, model and prompt version ({@code READ_PARSE_TTL_SECONDS}, 7 days)
 * @param refreshClaim  one reader refreshes a stale entry; the others serve it stale this long ({@code READ_REFRESH_CLAIM_SECONDS}, 30)
 * @param parseHoldMicroUsd the model's worst case held per parse line item, in millionths of a USD ({@code READ_PARSE_HOLD_USD},
 *                          0.05): a whole number, so that no read builds a BigDecimal (its class initialiser costs a cold start
 *                          ~12 ms) until a parse needs one
 */
public record ReadSettings(Duration mediaTtl, Duration commentsTtl, Duration staleGrace, Duration parseTtl, Duration refreshClaim,
                           long parseHoldMicroUsd) {

    public static ReadSettings fromConfig(Config config) {
        return new ReadSettings(Duration.ofSeconds(config.getLong("READ_CACHE_MEDIA_TTL_SECONDS", 900)),
                Duration.ofSeconds(config.getLong("READ_CACHE_COMMENTS_TTL_SECONDS", 300)),
                Duration.ofSeconds(config.getLong("READ_CACHE_STALE_SECONDS", 3600)),
                Duration.ofSeconds(config.getLong("READ_PARSE_TTL_SECONDS", 7 * 24 * 3600)),
                Duration.ofSeconds(config.getLong("READ_REFRESH_CLAIM_SECONDS", 30)),
                microUsd(config.get("READ_PARSE_HOLD_USD", "0.05")));
    }

    /** A dollar amount with at most 6 decimals ("0.05") in millionths (50000). */
    static long microUsd(String usd) {
        if (!usd.matches("\\d{1,9}(\\.\\d{1,6})?")) {
            throw new IllegalStateException("READ_PARSE_HOLD_USD must be a dollar amount with at most 6 decimals, e.g. 0.05");
        }
        int dot = usd.indexOf('.');
        String fraction = dot < 0 ? "" : usd.substring(dot + 1);
        return Long.parseLong(dot < 0 ? usd : usd.substring(0, dot)) * 1_000_000 + Long.parseLong((fraction + "000000").substring(0, 6));
    }
}
