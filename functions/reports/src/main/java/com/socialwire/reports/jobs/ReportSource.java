package com.socialwire.reports.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.tenants.Tenant;

/**
 * Where a report's numbers come from: each source fills the sections of the document it knows for the report's period
 * (and the previous one, for the KPI cards' change). The stats and analytics services (package {@code reports.stats})
 * are a source, so a report's numbers are the ones those endpoints answer for the same period.
 */
public interface ReportSource {

    void fill(Tenant tenant, Report report, ObjectNode doc);
}
