package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.billing.PriceCard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Instagram reads cost, through the local runtime's gateway and the LOCAL READ API SANDBOX: a miss is charged the
 * price card's read_media, the hit that follows the cheaper read_media_cached, a removed post nothing; the account's
 * balance and ledger say the same as each answer's usage, and no hold is left open.
 */
class ReadsBillingE2ETest {

    static final PriceCard CARD = PriceCard.BUILT_IN;
    static LocalRuntime runtime;
    static LocalApi api;

    @BeforeAll
    static void start() throws Exception {
        LocalEnvironment env = LocalEnvironment.shared();
        runtime = new LocalRuntime(env, 0, null, 2);
        Fixtures.Account agency = new Fixtures().signup("Reads Billing " + Ids.base62(6));
        api = new LocalApi(env, "http://127.0.0.1:" + runtime.port(), agency.adminKey());
    }

    @AfterAll
    static void stop() {
        runtime.closeKeepingStores();
    }

    static JsonNode get(String path, int status) throws Exception {
        HttpResponse<String> r = api.send("GET", path, api.key, null);
        assertEquals(status, r.statusCode(), path + " -> " + r.body());
        return Json.tree(r.body());
    }

    @Test
    void aMissThenACheaperHitAreWhatTheBalanceLosesAndARemovedPostCostsNothing() throws Exception {
        String shortcode = "C" + Ids.base62(10); // a post no other test has cached
        JsonNode before = get("/v1/billing/balance", 200);
        long available = before.path("availableMicroCredits").asLong();

        JsonNode miss = get("/v1/instagram/post?url=https://www.instagram.com/p/" + shortcode + "/", 200);
        assertEquals("miss", miss.path("cache").path("status").asText());
        assertEquals(CARD.fee("read_media"), miss.path("usage").path("settledMicroCredits").asLong(), miss.path("usage").toString());
        JsonNode hit = get("/v1/instagram/post?url=" + shortcode, 200);
        assertEquals("hit", hit.path("cache").path("status").asText());
        assertEquals(CARD.fee("read_media_cached"), hit.path("usage").path("settledMicroCredits").asLong(), hit.path("usage").toString());
        assertEquals(miss.path("data"), hit.path("data"));
        JsonNode gone = get("/v1/instagram/post?url=GoneAbc1234", 404);
        assertEquals(gone.path("error").path("details").path("usage").path("reservedMicroCredits").asLong(),
                gone.path("error").path("details").path("usage").path("refundedMicroCredits").asLong());

        JsonNode after = get("/v1/billing/balance", 200);
        assertEquals(available - CARD.fee("read_media") - CARD.fee("read_media_cached"), after.path("availableMicroCredits").asLong());
        assertEquals(0, after.path("reservedMicroCredits").asLong(), "no hold left open");
        assertEquals(CARD.version(), after.path("priceCardVersion").asText());
        JsonNode ledger = get("/v1/billing/ledger?limit=20", 200).path("items");
        assertTrue(ledger.toString().contains(shortcode), "the ledger names what was read: " + ledger);
    }
}
