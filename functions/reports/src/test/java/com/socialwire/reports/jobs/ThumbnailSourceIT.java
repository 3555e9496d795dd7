package com.socialwire.reports.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.reports.Reports;
import com.socialwire.shared.aws.LeanS3;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import com.socialwire.shared.tenants.Tenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The top posts' thumbnails are embedded in the report as data: URIs; a medium without one, or another tenant's, is not. */
class ThumbnailSourceIT {

    static LocalEnvironment env;
    static Reports reports;
    static String bucket;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.shared();
        reports = new Reports(env.functionConfig("ReportWorkerFunction"), Clock.systemUTC());
        bucket = env.functionConfig("ReportWorkerFunction").require("REPORTS_BUCKET");
    }

    static String tenant(TestKeys.Key admin) {
        FunctionClient tenants = new FunctionClient(env, "TenantsFunction");
        return tenants.call("POST", "/v1/tenants", admin.raw(), "{\"name\":\"Bakery\",\"timezone\":\"Europe/Berlin\"}").json().path("id").asText();
    }

    static void media(String tenantId, String mediaId, String status, String thumbnailKey) {
        reports.table().put(new Write.Put(Item.create().s(Table.PK, MediaLibrary.pk(tenantId)).s(Table.SK, MediaLibrary.sk(mediaId))
                .s("id", mediaId).s("tenantId", tenantId).s("status", status).s("kind", "image").s("mimeType", "image/jpeg")
                .s("s3Key", "media/" + tenantId + "/" + mediaId).s("thumbnailKey", thumbnailKey).build()));
    }

    @Test
    void aTopPostsThumbnailIsEmbeddedAndOneWithoutAThumbnailOrOfAnotherTenantIsNot() {
        TestKeys.Key admin = TestKeys.newAccount(env);
        String tenantId = tenant(admin);
        String other = tenant(admin);
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, 4, (byte) 0xFF, (byte) 0xD9};
        String key = "thumbnails/" + tenantId + "/med_thumb1.jpg";
        LeanS3.of(reports.aws()).putObject(bucket, key, jpeg, "image/jpeg");
        media(tenantId, "med_thumb1", "ready", key);
        media(tenantId, "med_nothumb", "ready", null);
        media(other, "med_elsewhere", "ready", key);

        Tenant t = reports.tenants().get(tenantId).orElseThrow();
        ReportPeriod week = ReportPeriod.of(ReportPeriod.Span.WEEK, LocalDate.parse("2026-11-23"));
        Report report = new Report("rpt_thumbs", tenantId, admin.accountId(), ReportType.WEEKLY_REPORT, week, "Europe/Berlin", "test",
                Instant.now(), ReportStatus.PENDING, 1);
        ObjectNode doc = ReportDocument.skeleton(report, t, Instant.now());
        for (String mediaId : new String[]{"med_thumb1", "med_nothumb", "med_elsewhere", "med_missing"}) {
            doc.withArray("topPosts").addObject().put("postId", "pst_" + mediaId).putNull("thumbnailUrl").put("thumbnailMediaId", mediaId);
        }
        new ThumbnailSource(reports.table(), reports.reportFiles()).fill(t, report, doc);

        assertEquals("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg), doc.path("topPosts").get(0).path("thumbnailUrl").asText());
        for (int i = 1; i < 4; i++) {
            assertTrue(doc.path("topPosts").get(i).path("thumbnailUrl").isNull(), doc.path("topPosts").get(i).toString());
        }
    }
}
