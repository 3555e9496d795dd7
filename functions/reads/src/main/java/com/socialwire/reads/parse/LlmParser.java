package com.socialwire.reads.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.reads.model.CommentsRead;
import com.socialwire.reads.model.InstagramMedia;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.llm.LlmClient;
import com.socialwire.shared.providers.llm.LlmResult;
import com.socialwire.shared.providers.llm.OfflineLlm;
import com.socialwire.shared.providers.llm.PriceTable;
import com.socialwire.shared.security.Hashing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@link Parser} over the configured language model ({@code LLM_PROVIDER}): each mode's prompt from
 * {@link ParsePrompts}, its output checked against the mode's {@link Schema} and rules, an invalid output asked for once
 * more with its problems named and then a permanent {@link ParseFailure}; cited comment ids and quotes the sample does
 * not have are dropped (and said so). With no model configured (offline) {@link OfflineParse} answers in the same
 * schemas, labelled as offline.
 */
public final class LlmParser implements Parser {

    /** Comments a media parse reads along with the media, and a comment parse reads. */
    static final int MEDIA_COMMENT_SAMPLE = 20;
    static final int COMMENTS_SAMPLE = 100;
    /** Metrics older than this when the parse is asked for are said to be stale. */
    static final Duration STALE_METRICS = Duration.ofHours(6);

    static final String NO_VISUAL_INSPECTION = "no visual inspection (OCR/vision not enabled): the images and video frames were not looked at";
    static final String OFFLINE = "offline parse: no language model is configured, so a deterministic local summarizer wrote this "
            + "(OFFLINE, keyword rules, not a model's reading)";

    private final LlmClient llm;
    private final PriceTable prices;
    private final Clock clock;

    public LlmParser(LlmClient llm, PriceTable prices, Clock clock) {
        this.llm = llm;
        this.prices = prices;
        this.clock = clock;
    }

    @Override
    public Request media(String mode, InstagramMedia media, CommentsRead commentSample) {
        ParseModes.Mode m = ParseModes.of(ParseModes.MEDIA, mode);
        CommentSample sample = commentSample == null ? null : CommentSample.of(commentSample, MEDIA_COMMENT_SAMPLE, false);
        List<String> limitations = new ArrayList<>();
        if (media.caption() == null || media.caption().isBlank()) {
            limitations.add("missing caption: the media has no caption to read");
        }
        boolean moving = "reel".equals(media.type()) || "video".equals(media.type());
        if (moving && (media.transcript() == null || media.transcript().text() == null || media.transcript().text().isBlank())) {
            limitations.add("missing transcript: the parse read the caption" + (sample == null ? "" : " and comments") + " only");
        }
        limitations.add(NO_VISUAL_INSPECTION);
        if (media.metrics() != null && media.metrics().asOf() != null
                && Duration.between(media.metrics().asOf(), clock.instant()).compareTo(STALE_METRICS) > 0) {
            limitations.add("stale metrics: the counts are as of " + media.metrics().asOf());
        }
        if (sample != null) {
            limitations.addAll(sample.limitations());
        }
        return request(m, ParsePrompts.mediaData(media, sample), sample == null ? CommentSample.of(null, 0, false) : sample, limitations);
    }

    @Override
    public Request comments(String mode, CommentsRead comments) {
        ParseModes.Mode m = ParseModes.of(ParseModes.COMMENTS, mode);
        CommentSample sample = CommentSample.of(comments, COMMENTS_SAMPLE, "spam_low_signal".equals(mode));
        List<String> limitations = new ArrayList<>(sample.limitations());
        if ("notable_replies".equals(mode) && !sample.hasReplies()) {
            limitations.add("no replies in the sample: ask for the comments with includeReplies=true to see reply threads");
        }
        return request(m, ParsePrompts.commentsData(sample), sample, limitations);
    }

    private Request request(ParseModes.Mode mode, ObjectNode data, CommentSample sample, List<String> limitations) {
        LlmClient.LlmRequest request = ParsePrompts.request(mode, data);
        String contentHash = Hashing.sha256Hex(Json.write(data));
        boolean callsNothing = mode.kind().equals(ParseModes.COMMENTS) && sample.size() == 0; // see run
        return new Request(mode.kind(), mode.name(), llm.describe(), mode.promptVersion(), contentHash,
                callsNothing ? 0 : worstCaseUsd(request),
                new ParsePrompt(mode, request, data, sample, limitations));
    }

    /** The first call and the one re-ask at their largest, each at its output cap. */
    private double worstCaseUsd(LlmClient.LlmRequest request) {
        return prices.worstCase(llm, request).add(prices.worstCase(llm, ParsePrompts.largestReask(request))).doubleValue();
    }

    @Override
    public String cacheKey(Request request) {
        String key = String.join("\n", request.contentHash(), request.kind(), request.mode(), request.model(), request.promptVersion());
        return "parse:" + request.kind() + ":" + request.mode() + ":" + Hashing.sha256Hex(key).substring(0, 40);
    }

    @Override
    public Parsed run(Request request) {
        ParsePrompt p = (ParsePrompt) request.prompt();
        if (p.mode().kind().equals(ParseModes.COMMENTS) && p.sample().size() == 0) {
            return offline(p, "no comments to parse: nothing was sent to a model");
        }
        if (llm.offline()) {
            return offline(p, OFFLINE);
        }
        LlmResult.Ok first = answered(llm.complete(p.request()), 0);
        Checked c1 = check(p, first.text());
        if (c1.problems().isEmpty()) {
            return parsed(p, c1, first.model(), first.inputTokens(), first.outputTokens(), first.costUsd().doubleValue());
        }
        LlmResult.Ok second = answered(llm.complete(ParsePrompts.reask(p.request(), first.text(), c1.problems())),
                first.costUsd().doubleValue());
        double cost = first.costUsd().add(second.costUsd()).doubleValue();
        Checked c2 = check(p, second.text());
        if (!c2.problems().isEmpty()) {
            throw new ParseFailure(true, 0, "the model's " + p.mode().kind() + " " + p.mode().name()
                    + " output did not match its schema twice: " + String.join("; ", c2.problems().subList(0, Math.min(3, c2.problems().size()))),
                    cost, c2.problems());
        }
        return parsed(p, c2, second.model(), (long) first.inputTokens() + second.inputTokens(),
                (long) first.outputTokens() + second.outputTokens(), cost);
    }

    private static LlmResult.Ok answered(LlmResult r, double spentUsd) {
        return switch (r) {
            case LlmResult.Ok ok -> ok;
            case LlmResult.Transient t -> throw new ParseFailure(false, t.httpStatus(), "the model is unavailable: " + t.message(), spentUsd, List.of());
            case LlmResult.Failed f -> throw new ParseFailure(true, f.httpStatus(), "the model refused the request: " + f.message(), spentUsd, List.of());
        };
    }

    private Parsed offline(ParsePrompt p, String label) {
        Checked c = check(p, Json.write(OfflineParse.answer(p)));
        if (!c.problems().isEmpty()) {
            throw new IllegalStateException("the offline " + p.mode().name() + " parse missed its schema: " + c.problems());
        }
        List<String> limitations = new ArrayList<>(c.limitations());
        limitations.add(label);
        return new Parsed(p.mode().name(), c.output(), limitations, OfflineLlm.MODEL, p.mode().promptVersion(), 0, 0, 0);
    }

    private static Parsed parsed(ParsePrompt p, Checked c, String model, long in, long out, double cost) {
        return new Parsed(p.mode().name(), c.output(), c.limitations(), model, p.mode().promptVersion(), in, out, cost);
    }

    /** An answer checked: its valid, pruned output and limitations, or the problems to name in a re-ask. */
    record Checked(JsonNode output, List<String> limitations, List<String> problems) {
    }

    static Checked check(ParsePrompt p, String answer) {
        JsonNode node = jsonObject(answer);
        if (node == null) {
            return new Checked(null, p.limitations(), List.of("the answer is not one JSON object"));
        }
        List<String> cuts = new ArrayList<>();
        node = Schema.repair(p.mode().schema(), node, "$", cuts);
        List<String> problems = Schema.problems(p.mode().schema(), node);
        if (!problems.isEmpty()) {
            return new Checked(null, p.limitations(), problems);
        }
        Set<String> ids = p.sample().ids();
        List<String> invented = new ArrayList<>();
        JsonNode pruned = Schema.prune(p.mode().schema(), node, ids, invented);
        if (pruned == null) {
            return new Checked(null, p.limitations(), List.of("a required field cites only comment ids that are not in the sample: " + invented));
        }
        int inventedQuotes = Quotes.dropInvented(pruned, p.sample());
        List<String> notes = new ArrayList<>();
        List<String> rules = ParseModes.applyRules(p.mode(), pruned, p.sample().size(), notes);
        if (!rules.isEmpty()) {
            return new Checked(null, p.limitations(), rules);
        }
        List<String> limitations = new ArrayList<>(p.limitations());
        limitations.addAll(notes);
        if (!cuts.isEmpty()) {
            limitations.add("the model's answer was over the schema's bounds and was cut: " + String.join("; ", cuts));
        }
        if (!invented.isEmpty() || inventedQuotes > 0) {
            limitations.add("the model cited " + invented.size() + " comment id(s) not in the sample and " + inventedQuotes
                    + " quote(s) not in their comment: dropped");
        }
        return new Checked(pruned, limitations, List.of());
    }

    /** The JSON object in {@code answer}: the whole text, or what is between its first '{' and last '}' (a fenced answer). */
    static JsonNode jsonObject(String answer) {
        if (answer == null) {
            return null;
        }
        int open = answer.indexOf('{');
        int close = answer.lastIndexOf('}');
        if (open < 0 || close < open) {
            return null;
        }
        try {
            JsonNode node = Json.untrustedTree(answer.substring(open, close + 1).getBytes(StandardCharsets.UTF_8));
            return node != null && node.isObject() ? node : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
