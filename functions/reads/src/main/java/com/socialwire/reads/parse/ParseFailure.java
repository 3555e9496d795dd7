package com.socialwire.reads.parse;

import java.util.List;

/**
 * A parse that produced no valid output, thrown by {@link Parser#run}. {@code permanent}: asking again cannot help (the
 * model's output missed the mode's schema twice, or the model refused the request) — the caller refunds and ends the
 * parse; else the model was unavailable (timeout, 429, 5xx) and a later attempt may succeed. {@code costUsd} is what the
 * model calls made before the failure cost (the caller refunds the parse anyway). The message never holds a secret or
 * the model's raw text.
 */
public final class ParseFailure extends RuntimeException {

    private final boolean permanent;
    private final int httpStatus;
    private final double costUsd;
    private final List<String> problems;

    public ParseFailure(boolean permanent, int httpStatus, String message, double costUsd, List<String> problems) {
        super(message, null, false, false);
        this.permanent = permanent;
        this.httpStatus = httpStatus;
        this.costUsd = costUsd;
        this.problems = List.copyOf(problems);
    }

    public boolean permanent() {
        return permanent;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public double costUsd() {
        return costUsd;
    }

    /** The schema problems of the last answer (empty when the model did not answer). */
    public List<String> problems() {
        return problems;
    }
}
