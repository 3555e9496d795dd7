package com.socialwire.reports.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.reports.Reports;
import com.socialwire.reports.jobs.Report;
import com.socialwire.reports.jobs.ReportFiles;
import com.socialwire.reports.jobs.ReportService;
import com.socialwire.reports.jobs.ReportStatus;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.snapstart.Priming;


import java.util.Map;

/**
 * ReportsFunction's reports routes: {@code POST /v1/tenants/{tenantId}/reports} {type, period?} asks for a report (202:
 * the report worker builds it; once per tenant, type and period — asking again answers the same report, and runs a
 * failed one again), {@code GET .../reports} lists them newest first ({@code ?type=}, cursor), {@code GET
 * .../reports/{reportId}} reads one with its document and a presigned link to its HTML page ({@code htmlUrl}). Staff
 * keys ask; every key of the tenant reads (a client's approvers get their reports too).
 */
public final class ReportsHandler implements HttpFunction, HttpApi.Actions<ReportsHandler.Action> {

    static final String REPORTS = "/v1/tenants/{tenantId}/reports";
    static final String REPORT = REPORTS + "/{reportId}";

    /** What the routes do, one action each. */
    enum Action { LIST, CREATE, GET }

    /** Built by the first request: the store, the queue and S3 are not needed to route it. */
    private final Lazy<ReportService> reports;
    private final Lazy<ReportFiles> files;
    private final HttpApi api;

    public ReportsHandler() {
        this(Reports.fromEnvironment());
    }

    private ReportsHandler(Reports r) {
        this(Lazy.of(new Services(r)), Lazy.of(new Files(r)), r.gate());
    }

    public ReportsHandler(Lazy<ReportService> reports, Lazy<ReportFiles> files, Gate gate) {
        this.reports = reports;
        this.files = files;
        if (Priming.active()) {
            Priming.register("report service", reports::get);
        }
        Access read = Access.roles(Role.ADMIN, Role.WRITE, Role.READ, Role.CLIENT);
        Access staff = Access.roles(Role.ADMIN, Role.WRITE);
        this.api = HttpApi.builder(gate, this)
                .route("GET", REPORTS, read, Action.LIST)
                .route("POST", REPORTS, staff, Action.CREATE)
                .route("GET", REPORT, read, Action.GET)
                .build();
    }

    @Override
    public ApiResponse run(Action action, ApiRequest r) {
        String tenantId = r.pathParam("tenantId");
        return switch (action) {
            case LIST -> ApiResponse.ok(Report.toJson(reports.get().list(tenantId, r.query("type").orElse(null), r.limit(), r.cursor())));
            case CREATE -> new ApiResponse(202, Map.of(), reports.get().request(tenantId, r.jsonObject()).report().toJson());
            case GET -> ApiResponse.ok(withFiles(reports.get().get(tenantId, r.pathParam("reportId"))));
        };
    }

    /** The report, its document (once built) and a presigned link to its page (once rendered). */
    private ObjectNode withFiles(Report report) {
        ObjectNode out = report.toJson();
        boolean built = report.status == ReportStatus.COMPLETED;
        out.set("document", built && report.documentKey != null ? files.get().document(report.documentKey) : null);
        out.put("htmlUrl", built && report.pageKey != null ? files.get().url(report.pageKey) : null);
        return out;
    }

    @Override
    public HttpApi api() {
        return api;
    }

    private static final class Services implements java.util.function.Supplier<ReportService> {
        private final Reports r;

        Services(Reports r) {
            this.r = r;
        }

        @Override
        public ReportService get() {
            return r.reportService();
        }
    }

    private static final class Files implements java.util.function.Supplier<ReportFiles> {
        private final Reports r;

        Files(Reports r) {
            this.r = r;
        }

        @Override
        public ReportFiles get() {
            return r.reportFiles();
        }
    }
}
