package com.socialwire.reports.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.reports.competitors.CompetitorPulse;
import com.socialwire.shared.tenants.Tenant;

import java.util.function.Supplier;

/**
 * The competitor pulse report's {@code competitors} section from {@link CompetitorPulse#run} (business discovery, Facebook
 * Login only: otherwise not available, with the reason). The other report types leave the section to that report.
 */
public final class CompetitorSource implements ReportSource {

    private final Supplier<CompetitorPulse> pulse;

    public CompetitorSource(Supplier<CompetitorPulse> pulse) {
        this.pulse = pulse;
    }

    @Override
    public void fill(Tenant tenant, Report report, ObjectNode doc) {
        ObjectNode section = (ObjectNode) doc.get("competitors");
        if (report.type != ReportType.COMPETITOR_PULSE) {
            section.put("reason", "competitors are in the weekly competitor pulse report");
            return;
        }
        CompetitorPulse.Pulse p = pulse.get().run(tenant.id());
        section.put("available", p.available());
        section.put("reason", p.reason());
        section.put("connection", p.connection());
        ArrayNode rows = section.putArray("rows");
        for (CompetitorPulse.Row r : p.rows()) {
            ObjectNode o = rows.addObject();
            o.put("handle", r.handle());
            o.put("followers", r.followers());
            o.put("followersChange", r.followersChange());
            o.put("mediaCount", r.mediaCount());
            o.put("avgLikes", r.avgLikes());
            o.put("avgComments", r.avgComments());
            o.put("postsPerWeek", r.postsPerWeek());
            o.put("error", r.error() == null ? null : r.error().reason());
        }
    }
}
