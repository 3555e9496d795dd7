package com.socialwire.reads.billing;

import com.socialwire.shared.billing.PriceCard;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The price card's line items of one Instagram read, in the order they are held: a media read (a miss, or the
 * cheaper cached answer), a comment batch by its size (or cached), our transcription of a reel, and each parse (its
 * fee plus the model's tokens at the card's markup, held at {@code parseHoldUsd}, a cached parse only its fee). What
 * is held is the most the read can cost; what is settled is what was delivered.
 */
public final class ReadCharges {

    public static final String MEDIA = "read_media";
    public static final String MEDIA_CACHED = "read_media_cached";
    public static final String COMMENTS_PREFIX = "read_comments_";
    public static final String COMMENTS_CACHED = "read_comments_cached";
    public static final String TRANSCRIPT = "read_transcript";
    public static final String PARSE_MEDIA = "parse_media";
    public static final String PARSE_COMMENTS = "parse_comments";
    public static final String PARSE_CACHED = "parse_cached";

    private final PriceCard card;
    private final BigDecimal parseHoldUsd;
    private final Map<String, Long> items = new LinkedHashMap<>();
    private long llmHeld;
    private long llmSpent;

    public ReadCharges(PriceCard card, BigDecimal parseHoldUsd) {
        this.card = card;
        this.parseHoldUsd = parseHoldUsd;
    }

    public PriceCard card() {
        return card;
    }

    /** The comment batch's line item: {@code read_comments_20}, {@code _100} or {@code _500}. */
    public static String commentBatch(int limit) {
        return COMMENTS_PREFIX + limit;
    }

    /** The comment batch sizes, smallest first. */
    static final int[] BATCHES = {20, 100, 500};

    /**
     * The batch a read of {@code returned} comments is charged as when {@code asked} were asked for: the smallest batch
     * that holds them (a media with 87 comments read as a batch of 500 is a batch of 100), never more than the one held.
     */
    public static int batchHolding(int returned, int asked) {
        for (int batch : BATCHES) {
            if (batch >= returned) {
                return Math.min(batch, asked);
            }
        }
        return asked;
    }

    /** Holds the fee of {@code item}. */
    public ReadCharges hold(String item) {
        Long held = items.get(item);
        items.put(item, (held == null ? 0 : held) + card.fee(item));
        return this;
    }

    /** Holds a parse: its fee and the model's worst case. */
    public ReadCharges holdParse(String item) {
        hold(item);
        llmHeld += card.llm(parseHoldUsd);
        return this;
    }

    /** What is held for the parses' model tokens. */
    public long modelHeld() {
        return llmHeld;
    }

    /** What to hold: every line item plus the parses' model worst case. */
    public long held() {
        long sum = llmHeld;
        for (long fee : items.values()) {
            sum += fee;
        }
        return sum;
    }

    /** The line items held, for the ledger reference. */
    public List<String> lineItems() {
        return new ArrayList<>(items.keySet());
    }

    /** Charges a parse's model tokens. */
    public void spendModel(BigDecimal usd) {
        llmSpent += card.llm(usd);
    }

    /** What {@code delivered} line items plus the model tokens spent come to. */
    public long settled(List<String> delivered) {
        long sum = llmSpent;
        for (String item : delivered) {
            sum += card.fee(item);
        }
        return sum;
    }

    /** The reference of the hold in the ledger. */
    public String reference(String what) {
        return what + " (" + String.join(" + ", items.keySet()) + ")";
    }
}
