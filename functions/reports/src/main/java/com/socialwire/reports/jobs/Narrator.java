package com.socialwire.reports.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.billing.MeteredCall;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.providers.llm.LlmClient;
import com.socialwire.shared.providers.llm.LlmResult;
import com.socialwire.shared.providers.llm.OfflineLlm;
import com.socialwire.shared.providers.llm.PriceTable;
import com.socialwire.shared.tenants.LlmBudget;
import com.socialwire.shared.tenants.Tenant;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Supplier;

/**
 * Writes a report's narrative as the report's one paid operation: a hold of the price card's {@value #FEE} fee plus the
 * worst case of two model calls (one metered call under the report's operation id, so a redelivered job finds the hold
 * its first attempt took). The model is asked for a short summary quoting only the data's numbers; a narrative that
 * quotes another number ({@link NarrativeCheck}) is asked for once more, naming those numbers, and if the second one
 * does too, the {@link TemplateNarrative} replaces it, labelled. A spent daily LLM budget or a model that stays
 * unavailable also gets the labelled template (the report is still delivered, for its fee). The hold is left open:
 * the worker settles it once the report is stored.
 */
public final class Narrator {

    /** The price card's fee of a report. */
    public static final String FEE = "report";
    static final int MAX_TOKENS = 400;

    /** How the narrative came out. */
    public sealed interface Outcome {
        /** Written; {@code hold} is open, to be settled with {@code amountMicroCredits}. */
        record Written(ObjectNode narrative, Metering.Hold hold, long amountMicroCredits) implements Outcome {
        }

        /** Not enough credits for the fee and the model's worst case: nothing was called or held. */
        record NoCredits(long requiredMicroCredits, long availableMicroCredits) implements Outcome {
        }

        /** The model is unavailable for now: everything given back; try again later. */
        record Unavailable(String message) implements Outcome {
        }
    }

    private final LlmClient llm;
    private final PriceTable prices;
    private final Metering metering;
    private final MeteredCall calls;

    public Narrator(LlmClient llm, PriceTable prices, Metering metering, LlmBudget budget) {
        this.llm = llm;
        this.prices = prices;
        this.metering = metering;
        this.calls = new MeteredCall(metering, budget);
    }

    public Metering metering() {
        return metering;
    }

    /** Writes the narrative of {@code doc}; {@code lastReceive}: an unavailable model then gets the template instead of a retry. */
    public Outcome write(Tenant tenant, Report report, ObjectNode doc, boolean lastReceive) {
        NarrativeCheck check = new NarrativeCheck(doc, report.period);
        LlmClient.LlmRequest first = request(tenant, doc, List.of());
        long fee = metering.card().fee(FEE);
        String reference = "report " + report.id;
        Attempts attempts = new Attempts(tenant, doc, check, first);
        MeteredCall.Outcome<LlmResult.Ok> o = calls.llm(tenant, tenant.accountId(), report.operationId(), fee,
                prices.worstCase(llm, first).multiply(BigDecimal.valueOf(2.2)), reference, attempts);
        String fallback;
        switch (o) {
            case MeteredCall.Outcome.NoCredits<LlmResult.Ok> n -> {
                return new Outcome.NoCredits(n.requiredMicroCredits(), n.availableMicroCredits());
            }
            case MeteredCall.Outcome.Answered<LlmResult.Ok> a -> {
                ObjectNode narrative = attempts.accepted
                        ? narrative(a.value().text(), llm.offline() ? "offline" : "llm", a.value().model(), null)
                        : narrative(TemplateNarrative.write(doc, tenant.name()), "offline", TemplateNarrative.MODEL, attempts.rejected);
                return new Outcome.Written(narrative, a.hold(), a.costMicroCredits() + fee);
            }
            case MeteredCall.Outcome.Unavailable<LlmResult.Ok> u -> {
                if (!lastReceive) {
                    return new Outcome.Unavailable(u.message());
                }
                fallback = "the model was unavailable";
            }
            case MeteredCall.Outcome.Refused<LlmResult.Ok> r -> fallback = r.reason();
            case MeteredCall.Outcome.Failed<LlmResult.Ok> f -> fallback = "the model refused the request";
        }
        // no narrative from the model: the report goes out with the template, for its fee alone
        MeteredCall.Outcome<Object> feeOnly = calls.run(tenant.accountId(), report.operationId(), fee, reference, new FeeOnly());
        if (feeOnly instanceof MeteredCall.Outcome.Answered<Object> a) {
            return new Outcome.Written(narrative(TemplateNarrative.write(doc, tenant.name()), "offline", TemplateNarrative.MODEL, fallback),
                    a.hold(), fee);
        }
        if (feeOnly instanceof MeteredCall.Outcome.NoCredits<Object> n) {
            return new Outcome.NoCredits(n.requiredMicroCredits(), n.availableMicroCredits());
        }
        return new Outcome.Unavailable("the fee could not be held");
    }

    private static ObjectNode narrative(String text, String source, String model, String fallbackReason) {
        ObjectNode n = Json.object();
        n.put("text", text);
        n.put("source", source);
        n.put("model", model);
        if (fallbackReason != null) {
            n.put("fallbackReason", fallbackReason);
        }
        return n;
    }

    /** The prompt: the rules, and the data as JSON (numbers only where the document has them; no captions). */
    LlmClient.LlmRequest request(Tenant tenant, ObjectNode doc, List<String> rejected) {
        String system = "You write the summary of a social media report for " + tenant.name() + ", for the brand's team and its client.\n"
                + "Write 3 to 5 plain sentences, no markdown, no lists. Quote ONLY numbers that appear in the DATA, written as they are "
                + "there (you may round decimals). Never add, subtract, average or estimate numbers; do not invent any. "
                + "A null value means no data: say so, never call it zero.";
        StringBuilder user = new StringBuilder("DATA:\n").append(Json.write(data(doc)));
        if (!rejected.isEmpty()) {
            user.append("\n\nYour last summary quoted numbers that are not in the DATA: ").append(String.join(", ", rejected))
                    .append(". Write it again using only numbers from the DATA.");
        }
        return new LlmClient.LlmRequest(system, List.of(new LlmClient.Message("user", user.toString())), MAX_TOKENS, 0.3);
    }

    /** What the model sees of the document. */
    static ObjectNode data(ObjectNode doc) {
        ObjectNode d = Json.object();
        d.put("report", TemplateNarrative.title(doc.path("type").asText()));
        d.set("period", doc.path("period"));
        d.set("kpis", doc.path("kpis"));
        d.set("costs", doc.path("costs"));
        d.set("inbox", doc.path("inbox"));
        d.set("contentMix", doc.path("contentMix"));
        ArrayNode top = d.putArray("topPosts");
        for (JsonNode p : doc.path("topPosts")) {
            if (top.size() == 3) {
                break;
            }
            top.addObject().put("platform", p.path("platform").asText()).set("views", p.path("views"));
            ((ObjectNode) top.get(top.size() - 1)).set("reach", p.path("reach"));
            ((ObjectNode) top.get(top.size() - 1)).set("engagement", p.path("engagement"));
        }
        if (doc.path("competitors").path("available").asBoolean(false)) {
            d.set("competitors", doc.path("competitors").path("rows"));
        }
        return d;
    }

    /** The metered call's model calls: the first narrative, and a second one if the first quoted numbers not in the data. */
    private final class Attempts implements Supplier<LlmResult> {
        private final Tenant tenant;
        private final ObjectNode doc;
        private final NarrativeCheck check;
        private final LlmClient.LlmRequest first;
        boolean accepted;
        String rejected;

        Attempts(Tenant tenant, ObjectNode doc, NarrativeCheck check, LlmClient.LlmRequest first) {
            this.tenant = tenant;
            this.doc = doc;
            this.check = check;
            this.first = first;
        }

        @Override
        public LlmResult get() {
            if (llm.offline()) {
                accepted = true;
                return new LlmResult.Ok(TemplateNarrative.write(doc, tenant.name()), OfflineLlm.MODEL, 0, 0, BigDecimal.ZERO);
            }
            LlmResult r1 = llm.complete(first);
            if (!(r1 instanceof LlmResult.Ok ok1)) {
                return r1;
            }
            List<String> bad = problems(ok1.text());
            if (bad.isEmpty()) {
                accepted = true;
                return ok1;
            }
            LlmResult r2 = llm.complete(request(tenant, doc, bad));
            if (!(r2 instanceof LlmResult.Ok ok2)) {
                rejected = "the model's narrative quoted numbers not in the data (" + String.join(", ", bad) + ") and could not be asked again";
                return ok1; // the first call was made and is paid for
            }
            List<String> bad2 = problems(ok2.text());
            accepted = bad2.isEmpty();
            if (!accepted) {
                rejected = "the model's narrative quoted numbers not in the data twice (" + String.join(", ", bad2) + ")";
            }
            return new LlmResult.Ok(ok2.text(), ok2.model(), ok1.inputTokens() + ok2.inputTokens(), ok1.outputTokens() + ok2.outputTokens(),
                    ok1.costUsd().add(ok2.costUsd()));
        }

        private List<String> problems(String text) {
            return text == null || text.isBlank() ? List.of("(no text)") : check.unknown(text);
        }
    }

    /** The fee alone: nothing is called. */
    private static final class FeeOnly implements Supplier<MeteredCall.Answer<Object>> {
        @Override
        public MeteredCall.Answer<Object> get() {
            return new MeteredCall.Answer.Ok<>("fee", 0L);
        }
    }
}
