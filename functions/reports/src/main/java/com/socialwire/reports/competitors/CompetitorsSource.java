package com.socialwire.reports.competitors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.reports.jobs.Report;
import com.socialwire.reports.jobs.ReportSource;
import com.socialwire.reports.jobs.ReportType;
import com.socialwire.shared.Json;
import com.socialwire.shared.tenants.Tenant;

/**
 * The report document's {@code competitors} section from the {@link CompetitorPulse} (the one computation of it): a
 * competitor pulse report reads every handle now (one business-discovery call each, this week's snapshots stored);
 * the other report types leave the section as the skeleton lays it out. Shape: {@code {available, reason, connection,
 * rows[{handle, followers, followersChange, mediaCount, avgLikes, avgComments, postsPerWeek, error}]}}, a number
 * without data JSON null.
 */
public final class CompetitorsSource implements ReportSource {

    private final CompetitorPulse pulse;

    public CompetitorsSource(CompetitorPulse pulse) {
        this.pulse = pulse;
    }

    @Override
    public void fill(Tenant tenant, Report report, ObjectNode doc) {
        if (report.type == ReportType.COMPETITOR_PULSE) {
            doc.set("competitors", section(pulse.run(tenant.id())));
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
