package com.socialwire.posts.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BulkRowsTest {

    private static Map<String, String> row(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void convertsEveryColumnToItsField() {
        ObjectNode post = BulkRows.toPost(row(
                "content", "  Hello, world\nline two ",
                "platforms", "twitter; linkedin|instagram",
                "scheduled_at", "2026-04-14T09:00:00Z",
                "category", "work",
                "hashtags", "#ai;ml",
                "tags", "launch|q2",
                "labels", "client-a",
                "campaign_id", "cmp_123",
                "media", "med_1;med_2",
                "requires_approval", "TRUE"));
        assertEquals(Json.tree("""
                {"content":"Hello, world\\nline two","platforms":["twitter","linkedin","instagram"],
                 "scheduledFor":"2026-04-14T09:00:00Z","category":"work","hashtags":["#ai","ml"],
                 "tags":["launch","q2"],"labels":["client-a"],"campaignId":"cmp_123","media":["med_1","med_2"],
                 "requiresApproval":true}"""), post);
        assertEquals(List.of("content", "platforms", "scheduledFor", "category", "hashtags", "tags", "labels",
                "campaignId", "media", "requiresApproval"), fieldNames(post));
    }

    @Test
    void emptyCellsAndEmptyListsAreLeftOut() {
        ObjectNode post = BulkRows.toPost(row("content", "Hi", "platforms", " ; | ", "scheduled_at", "  ",
                "category", "", "hashtags", ";;", "media", "", "requires_approval", " "));
        assertEquals(Json.tree("{\"content\":\"Hi\"}"), post);
        assertEquals(Json.object(), BulkRows.toPost(Map.of()));
    }

    @Test
    void scheduledForIsPreferredOverItsAliases() {
        assertEquals("B", BulkRows.toPost(row("scheduled_at", "A", "scheduled_for", "B")).get("scheduledFor").asText());
        assertEquals("C", BulkRows.toPost(row("scheduledfor", "C", "scheduledat", "D")).get("scheduledFor").asText());
        assertEquals("D", BulkRows.toPost(row("scheduled_for", " ", "scheduledat", "D")).get("scheduledFor").asText());
        assertEquals("E", BulkRows.toPost(row("scheduledAt", "E")).get("scheduledFor").asText());
        assertEquals("cmp", BulkRows.toPost(row("campaignid", "cmp")).get("campaignId").asText());
        assertTrue(BulkRows.toPost(row("requiresapproval", "no")).get("requiresApproval").isBoolean());
    }

    @ParameterizedTest
    @CsvSource({"true,true", "TRUE,true", "yes,true", "Yes,true", "1,true", "false,false", "No,false", "0,false"})
    void requiresApprovalIsABoolean(String cell, boolean expected) {
        ObjectNode post = BulkRows.toPost(row("requires_approval", cell));
        assertTrue(post.get("requiresApproval").isBoolean());
        assertEquals(expected, post.get("requiresApproval").booleanValue());
    }

    @Test
    void anythingElseIsPassedOnForTheServiceToReject() {
        ObjectNode post = BulkRows.toPost(row("requires_approval", "maybe", "platforms", "TWITTER;myspace"));
        assertEquals("maybe", post.get("requiresApproval").asText());
        assertTrue(post.get("requiresApproval").isTextual());
        assertEquals(List.of("TWITTER", "myspace"), Json.mapper().convertValue(post.get("platforms"), List.class));
    }

    @Test
    void unknownColumnsAreIgnoredAndNamed() {
        ObjectNode post = BulkRows.toPost(row("content", "Hi", "account_ids", "acc_1", "status", "scheduled"));
        assertEquals(Json.tree("{\"content\":\"Hi\"}"), post);
        assertEquals(List.of("account_ids", "status"),
                BulkRows.unknownColumns(List.of("content", "account_ids", "Platforms", "", "status")));
        assertEquals(List.of(), BulkRows.unknownColumns(BulkRows.COLUMNS));
    }

    @Test
    void keysAreMatchedCaseInsensitively() {
        ObjectNode post = BulkRows.toPost(row(" Content ", "Hi", "PLATFORMS", "x"));
        assertEquals(Json.tree("{\"content\":\"Hi\",\"platforms\":[\"x\"]}"), post);
    }

    @Test
    void splitKeepsOrderAndDropsEmptyItems() {
        assertEquals(List.of("a", "b c", "d"), BulkRows.split(" a ;; b c |d|"));
        assertEquals(List.of(), BulkRows.split(null));
        assertEquals(List.of(), BulkRows.split(""));
    }

    @Test
    void fromACsvFileEndToEnd() {
        String csv = "Content,Platforms,Scheduled_At,Category,Hashtags,Tags,Labels,Campaign_Id,Media,Requires_Approval\r\n"
                + "\"Launch day, finally!\nSee you there\",instagram|facebook,2026-05-01T08:00:00Z,work,#launch;#day,,,"
                + "cmp_9,med_a,false\r\n"
                + "Draft idea,twitter,,,,,,,,\r\n"
                + "broken,row\r\n";
        Csv.Parsed parsed = Csv.parse(csv);
        List<ObjectNode> posts = parsed.rows().stream().filter(Csv.Row::ok).map(r -> BulkRows.toPost(r.values())).toList();
        assertEquals(2, posts.size());
        assertEquals(Json.tree("""
                {"content":"Launch day, finally!\\nSee you there","platforms":["instagram","facebook"],
                 "scheduledFor":"2026-05-01T08:00:00Z","category":"work","hashtags":["#launch","#day"],
                 "campaignId":"cmp_9","media":["med_a"],"requiresApproval":false}"""), posts.get(0));
        assertEquals(Json.tree("{\"content\":\"Draft idea\",\"platforms\":[\"twitter\"]}"), posts.get(1));
        assertFalse(parsed.rows().get(2).ok());
        assertEquals(2, parsed.rows().get(2).index());
        assertEquals(List.of(), BulkRows.unknownColumns(parsed.columns()));
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> out = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
