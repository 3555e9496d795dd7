package com.socialwire.reports.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders a report document as its self-contained HTML page with SVG charts (the page renderer, package
 * {@code reports.page}). Null: this worker stores the document only.
 */
public interface ReportPages {

    /** The page of {@code doc}, or null when no renderer is connected. */
    String render(ObjectNode doc);

    /** No renderer: documents only. */
    ReportPages NONE = new ReportPages() {
        @Override
        public String render(ObjectNode doc) {
            return null;
        }
    };
}
