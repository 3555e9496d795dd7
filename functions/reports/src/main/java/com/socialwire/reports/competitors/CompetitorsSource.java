package com.socialwire.reports.competitors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.reports.jobs.Report;
import com.socialwire.reports.jobs.ReportSource;
import com.socialwire.reports.jobs.ReportType;
import com.socialwire.shared.Json;
import com.socialwire.shared.tenants.Tenant;

import java.util.function.Supplier;

/**
 * The report document's {@code competitors} section from the {@link CompetitorPulse} (the one computation of it): a
 * competitor pulse report reads every handle now (one business-discovery call each, this week's snapshots stored);
 * the other report types keep the skeleton's empty section, saying where competitors are. Shape: {@code {available, reason, connection,
 * rows[{handle, followers, followersChange, mediaCount, avgLikes, avgComments, postsPerWeek, error}]}}, a number
 * without data JSON null.
 */
public final class CompetitorsSource implements ReportSource {

    private final Supplier<CompetitorPulse> pulse;

    /** {@code pulse} is asked for only by a competitor pulse report (the other reports build nothing of it). */
    public CompetitorsSource(Supplier<CompetitorPulse> pulse) {
        this.pulse = pulse;
    }

    @Override
    public void fill(Tenant tenant, Report report, ObjectNode doc) {
        if (report.type == ReportType.COMPETITOR_PULSE) {
            doc.set("competitors", section(pulse.get().run(tenant.id())));
        } else if (doc.path("competitors").isObject()) {
            ((ObjectNode) doc.get("competitors")).put("reason", "competitors are in the weekly competitor pulse report");
        }
    }

    static ObjectNode section(CompetitorPulse.Pulse p) {
        ObjectNode s = Json.object();
        s.put("available", p.available());
        s.put("reason", p.reason());
        s.put("connection", p.connection());
        ArrayNode rows = s.putArray("rows");
        for (CompetitorPulse.Row r : p.rows()) {
            ObjectNode o = rows.addObject();
            o.put("handle", r.handle());
            o.put("followers", r.followers());
            o.put("followersChange", r.followersChange());
            o.put("mediaCount", r.mediaCount());
            o.put("avgLikes", r.avgLikes());
            o.put("avgComments", r.avgComments());
            o.put("postsPerWeek", r.postsPerWeek());
            if (r.error() == null) {
                o.putNull("error");
            } else {
                o.putObject("error").put("code", r.error().code()).put("category", r.error().category()).put("reason", r.error().reason());
            }
        }
        return s;
    }
}
