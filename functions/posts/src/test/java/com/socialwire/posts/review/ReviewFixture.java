package com.socialwire.posts.review;

import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.posts.Posts;
import com.socialwire.posts.publish.PublishFixture.TestClock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The posts context on DynamoDB Local with a clock the test moves, and tenants made through TenantsFunction. */
final class ReviewFixture {

    final LocalEnvironment env = LocalEnvironment.shared();
    final TestClock clock = new TestClock(Instant.parse("2026-12-05T09:00:00Z"));
    final Posts posts = new Posts(env.functionConfig("PostsFunction"), clock);
    private final FunctionClient tenants = new FunctionClient(env, "TenantsFunction");

    /** A new tenant of {@code key}'s account: its id. */
    String tenant(TestKeys.Key key, String name) {
        FunctionClient.Response r = tenants.call("POST", "/v1/tenants", key.raw(), "{\"name\":\"" + name + "\"}");
        assertEquals(201, r.status(), r.body());
        return r.json().path("id").asText();
    }

    void deleteTenant(TestKeys.Key key, String tenantId) {
        FunctionClient.Response r = tenants.call("DELETE", "/v1/tenants/" + tenantId, key.raw(), null);
        assertEquals(200, r.status(), r.body());
    }

    /** Every item of the table, each as text (a scan: tests only). */
    List<String> everyItem() {
        List<String> out = new ArrayList<>();
        try (DynamoDbClient db = DynamoDbClient.builder().endpointOverride(env.stores().dynamoEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build()) {
            for (Map<String, AttributeValue> item : db.scanPaginator(b -> b.tableName(env.resources().tables().get("Table"))).items()) {
                out.add(item.toString());
            }
        }
        return out;
    }
}
