package com.socialwire.local.stores;

import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.store.Cursors;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.Test;
import com.socialwire.shared.aws.AwsCallObserver;
import com.socialwire.shared.aws.LeanDynamoDb;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import com.socialwire.shared.store.AttrValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Table#query} on the keys-only indexes: a page is read back whole, in the index's order, across cursors,
 * filtered on the whole items, and an item deleted between the query and its read is left out.
 */
class TableIndexQueryIT {

    private final LocalEnvironment env = LocalEnvironment.shared();
    /** The SDK's client, to set up and inspect; the table under test speaks through the functions' lean client. */
    private final DynamoDbClient db = new AwsClients(env.functionConfig("TenantsFunction")).dynamoDbSdk();
    private final String name = env.resources().tables().get("Table");
    private final LeanDynamoDb lean = new AwsClients(env.functionConfig("TenantsFunction")).dynamoDb();
    private final Table table = new Table(() -> lean, name, new Cursors(new byte[32], Clock.systemUTC()));

    @Test
    void bothIndexesHoldKeysOnly() {
        DescribeTableResponse d = db.describeTable(b -> b.tableName(name));
        assertEquals(List.of(Table.GSI1, Table.GSI2), d.table().globalSecondaryIndexes().stream()
                .map(GlobalSecondaryIndexDescription::indexName).sorted().toList());
        d.table().globalSecondaryIndexes().forEach(g -> assertEquals(ProjectionType.KEYS_ONLY, g.projection().projectionType(), g.indexName()));
    }

    @Test
    void pagesAcrossCursorsAreCompleteOrderedAndFilteredOnTheWholeItems() {
        String list = "TEST#" + UUID.randomUUID() + "#LIST";
        Random random = new Random(12);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 230; i++) { // more than two BatchGetItems' worth in one page below
            String sk = String.format("%04d", i);
            String colour = random.nextBoolean() ? "red" : "blue";
            db.putItem(b -> b.tableName(name).item(AttrValue.toSdk(Item.create().s(Table.PK, list + "#" + sk).s(Table.SK, "ITEM")
                    .s(Table.GSI1PK, list).s(Table.GSI1SK, sk).s("colour", colour).s("doc", "x".repeat(300)).build())));
            all.add(sk + ":" + colour);
        }
        Predicate<Map<String, AttrValue>> red = i -> "red".equals(Item.s(i, "colour"));
        for (int limit : new int[] {7, 100, 230}) {
            for (boolean ascending : new boolean[] {true, false}) {
                for (Predicate<Map<String, AttrValue>> keep : List.of(i -> true, red)) {
                    List<String> seen = new ArrayList<>();
                    String cursor = null;
                    int pages = 0;
                    do {
                        Page<Map<String, AttrValue>> page = table.query(Table.GSI1, Table.GSI1PK, list, limit, cursor, ascending, keep);
                        page.items().forEach(i -> seen.add(Item.s(i, Table.GSI1SK) + ":" + Item.s(i, "colour")));
                        assertTrue(page.items().stream().allMatch(i -> i.containsKey("doc")), "whole items, not the index's keys");
                        cursor = page.nextCursor();
                        pages++;
                    } while (cursor != null);
                    List<String> expected = new ArrayList<>(all.stream().filter(s -> keep != red || s.endsWith(":red")).toList());
                    if (!ascending) {
                        java.util.Collections.reverse(expected);
                    }
                    assertEquals(expected, seen, "limit " + limit + (ascending ? " ascending" : " descending"));
                    assertTrue(pages >= 230 / limit, "pages of at most " + limit);
                }
            }
        }
    }

    @Test
    void anItemDeletedBetweenTheQueryAndItsReadIsLeftOut() {
        String list = "TEST#" + UUID.randomUUID() + "#LIST";
        for (int i = 0; i < 5; i++) {
            String sk = "" + i;
            db.putItem(b -> b.tableName(name).item(AttrValue.toSdk(Item.create().s(Table.PK, list + "#" + sk).s(Table.SK, "ITEM")
                    .s(Table.GSI2PK, list).s(Table.GSI2SK, sk).s("n", sk).build())));
        }
        // the index answers, then item 2 goes before the page is read back
        LeanDynamoDb deletingAfterQuery = ObservedDynamoDb.of(env.functionConfig("TenantsFunction"), new AwsCallObserver() {
            @Override
            public void succeeded(String service, String operation, SdkRequest request, SdkResponse response, String accessKeyId) {
                if (operation.equals("Query")) {
                    db.deleteItem(b -> b.tableName(name).key(AttrValue.toSdk(Table.key(list + "#2", "ITEM"))));
                }
            }
        });
        Table racing = new Table(() -> deletingAfterQuery, name, new Cursors(new byte[32], Clock.systemUTC()));
        Page<Map<String, AttrValue>> page = racing.query(Table.GSI2, Table.GSI2PK, list, 10, null, true);
        assertEquals(List.of("0", "1", "3", "4"), page.items().stream().map(i -> Item.s(i, "n")).toList());
        assertNull(page.nextCursor());
    }

    @Test
    void aTableKeptOnDiskGetsTheTemplatesIndexesAsADeployedStackDoes() throws Exception {
        // the deployer's credentials, as the Provisioner's (a function's role may not create tables)
        DynamoDbClient db = Provisioner.configure(DynamoDbClient.builder(), env.stores().dynamoEndpoint()).build();
        String id = "Kept" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String table = Provisioner.tableName(id);
        // as an earlier release left it: the ALL-projected GSI1, with an item in it
        db.createTable(b -> b.tableName(table).billingMode(software.amazon.awssdk.services.dynamodb.model.BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr(Table.PK), attr(Table.SK), attr(Table.GSI1PK), attr(Table.GSI1SK))
                .keySchema(key(Table.PK, "HASH"), key(Table.SK, "RANGE"))
                .globalSecondaryIndexes(g -> g.indexName("GSI1").keySchema(key(Table.GSI1PK, "HASH"), key(Table.GSI1SK, "RANGE"))
                        .projection(p -> p.projectionType(ProjectionType.ALL))));
        db.putItem(b -> b.tableName(table).item(AttrValue.toSdk(Item.create().s(Table.PK, "A").s(Table.SK, "B").s(Table.GSI1PK, "L").s(Table.GSI1SK, "1")
                .s("doc", "kept").build())));
        java.nio.file.Path yaml = java.nio.file.Files.createTempFile("template", ".yaml");
        java.nio.file.Files.writeString(yaml, """
                Resources:
                  %s:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      AttributeDefinitions:
                        - { AttributeName: PK, AttributeType: S }
                        - { AttributeName: SK, AttributeType: S }
                        - { AttributeName: GSI1PK, AttributeType: S }
                        - { AttributeName: GSI1SK, AttributeType: S }
                      KeySchema:
                        - { AttributeName: PK, KeyType: HASH }
                        - { AttributeName: SK, KeyType: RANGE }
                      GlobalSecondaryIndexes:
                        - IndexName: %s
                          KeySchema:
                            - { AttributeName: GSI1PK, KeyType: HASH }
                            - { AttributeName: GSI1SK, KeyType: RANGE }
                          Projection: { ProjectionType: KEYS_ONLY }
                """.formatted(id, Table.GSI1));
        try {
            new Provisioner(Template.load(yaml), env.stores()).provision(Map.of());
            List<GlobalSecondaryIndexDescription> indexes = db.describeTable(b -> b.tableName(table)).table().globalSecondaryIndexes();
            assertEquals(List.of(Table.GSI1), indexes.stream().map(GlobalSecondaryIndexDescription::indexName).toList());
            assertEquals(ProjectionType.KEYS_ONLY, indexes.get(0).projection().projectionType());
            LeanDynamoDb deployer = new LeanDynamoDb(env.stores().dynamoEndpoint(), LocalStores.REGION,
                    software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(LocalStores.ACCESS_KEY, LocalStores.SECRET_KEY)),
                    List.of(), Clock.systemUTC());
            Table kept = new Table(() -> deployer, table, new Cursors(new byte[32], Clock.systemUTC()));
            assertEquals(List.of("kept"), kept.query(Table.GSI1, Table.GSI1PK, "L", 10, null, true).items().stream()
                    .map(i -> Item.s(i, "doc")).toList(), "the new index is backfilled from the items");
        } finally {
            db.deleteTable(b -> b.tableName(table));
            java.nio.file.Files.delete(yaml);
        }
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeDefinition attr(String name) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeDefinition.builder().attributeName(name).attributeType("S").build();
    }

    private static software.amazon.awssdk.services.dynamodb.model.KeySchemaElement key(String name, String type) {
        return software.amazon.awssdk.services.dynamodb.model.KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
