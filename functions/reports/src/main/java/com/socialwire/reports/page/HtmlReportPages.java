package com.socialwire.reports.page;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.reports.jobs.ReportPages;

/** The report worker's page renderer: each report document becomes its {@link ReportPage}. */
public final class HtmlReportPages implements ReportPages {

    @Override
    public String render(ObjectNode doc) {
        return ReportPage.render(doc);
    }
}
