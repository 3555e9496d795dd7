package com.socialwire.local.stores;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IAM evaluation of the functions' policies from template.yaml: SAM templates, statements, wildcards, deny by default. */
class FunctionPoliciesTest {

    static final String TABLE = "arn:aws:dynamodb:us-east-1:000000000000:table/socialwire-Table";
    static final String BUCKET = "arn:aws:s3:::socialwire-mediabucket";
    static final String KEY = LocalKms.keyArn(Provisioner.kmsKeyId("SecretsKey"));

    static String queue(String logicalId) {
        return "arn:aws:sqs:us-east-1:000000000000:socialwire-" + logicalId;
    }

    /** The local resources of template.yaml as the provisioner names them, without starting a store. */
    static LocalResources resources(Template t) {
        LocalResources res = new LocalResources();
        res.conditions(Template.map(t.raw().getOrDefault("Conditions", Map.of())));
        t.resourcesOfType("AWS::DynamoDB::Table").keySet().forEach(id -> res.table(id, Provisioner.tableName(id)));
        t.resourcesOfType("AWS::SQS::Queue").keySet().forEach(id -> res.queue(id,
                "http://127.0.0.1:9324/000000000000/" + Provisioner.queueName(id), queue(id), Provisioner.queueName(id)));
        t.resourcesOfType("AWS::S3::Bucket").keySet().forEach(id -> res.bucket(id, Provisioner.bucketName(id)));
        t.resourcesOfType("AWS::KMS::Key").keySet().forEach(id -> res.kmsKey(id, Provisioner.kmsKeyId(id)));
        return res;
    }

    static FunctionPolicies of(Template t) {
        return FunctionPolicies.from(t, resources(t));
    }

    final FunctionPolicies real = of(Template.load(Template.locate()));

    @Test
    void wildcardsMatchAsIamDoes() {
        assertTrue(IamPolicy.matches("sqs:SendMessage*", "sqs:SendMessageBatch"));
        assertTrue(IamPolicy.matches("arn:aws:s3:::b/*", "arn:aws:s3:::b/media/t/x.jpg"), "* crosses slashes");
        assertTrue(IamPolicy.matches("arn:aws:s3:::b/?edia/*", "arn:aws:s3:::b/media/x"));
        assertFalse(IamPolicy.matches("arn:aws:s3:::b/*", "arn:aws:s3:::b"), "the bucket is not one of its objects");
        assertFalse(IamPolicy.matches("arn:aws:s3:::b/media/*", "arn:aws:s3:::b/thumbnails/x"));
        assertTrue(IamPolicy.matches("*", ""));
        IamPolicy p = new IamPolicy(List.of(new IamPolicy.Statement(true, List.of("DynamoDB:getitem"), List.of(TABLE))));
        assertTrue(p.allows("dynamodb:GetItem", TABLE), "actions match whatever their case");
        assertFalse(p.allows("dynamodb:GetItem", TABLE.toUpperCase()), "resources match case-sensitively");
    }

    @Test
    void nothingIsAllowedUnlessAStatementAllowsItAndAnExplicitDenyWins() {
        assertFalse(new IamPolicy(List.of()).allows("dynamodb:GetItem", TABLE));
        IamPolicy p = new IamPolicy(List.of(
                new IamPolicy.Statement(true, List.of("s3:*"), List.of(BUCKET + "/*")),
                new IamPolicy.Statement(false, List.of("s3:DeleteObject"), List.of(BUCKET + "/media/*"))));
        assertTrue(p.allows("s3:DeleteObject", BUCKET + "/thumbnails/a.jpg"));
        assertFalse(p.allows("s3:DeleteObject", BUCKET + "/media/a.jpg"), "Deny beats Allow");
        assertFalse(p.allows("s3:ListBucket", BUCKET), "no statement names the bucket itself");
    }

    @Test
    void samPolicyTemplatesGrantWhatSamGrants() {
        IamPolicy posts = real.of("PostsFunction");
        // DynamoDBCrudPolicy: items and every index of the one table, nothing about the table itself
        assertTrue(posts.allows("dynamodb:Query", TABLE + "/index/" + com.socialwire.shared.store.Table.GSI2));
        assertTrue(posts.allows("dynamodb:ConditionCheckItem", TABLE));
        assertFalse(posts.allows("dynamodb:DeleteTable", TABLE));
        assertFalse(posts.allows("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:000000000000:table/other"));
        // SQSSendMessagePolicy: sqs:SendMessage* on that queue only
        assertTrue(posts.allows("sqs:SendMessage", queue("ContentQueue")));
        assertTrue(posts.allows("sqs:SendMessageBatch", queue("ContentQueue")));
        assertFalse(posts.allows("sqs:SendMessage", queue("CommentsQueue")));
        assertFalse(posts.allows("sqs:ReceiveMessage", queue("ContentQueue")));
        // S3ReadPolicy: read, never write
        assertTrue(posts.allows("s3:GetObject", BUCKET + "/media/t/m/a.jpg"));
        assertTrue(posts.allows("s3:ListBucket", BUCKET));
        assertFalse(posts.allows("s3:PutObject", BUCKET + "/media/t/m/a.jpg"));
        // S3CrudPolicy
        assertTrue(real.of("MediaFunction").allows("s3:DeleteObject", BUCKET + "/thumbnails/x.jpg"));
        // no KMS statement, no KMS
        assertFalse(posts.allows("kms:Decrypt", KEY));
    }

    @Test
    void inlineStatementsResolveTheirIntrinsicsToTheLocalResources() {
        assertTrue(real.of("ContentWorkerFunction").allows("kms:Decrypt", KEY), "!GetAtt SecretsKey.Arn");
        assertFalse(real.of("ContentWorkerFunction").allows("kms:GenerateDataKey", KEY));
        assertTrue(real.of("TenantsFunction").allows("kms:GenerateDataKey", KEY));
        assertTrue(real.of("SystemFunction").allows("sqs:GetQueueAttributes", queue("ReportsDLQ")));
        assertFalse(real.of("SystemFunction").allows("sqs:ReceiveMessage", queue("ReportsDLQ")));
    }

    @Test
    void aPolicyAttachedToAFunctionsGeneratedRoleIsPartOfItsPermissions() {
        IamPolicy processor = real.of("MediaProcessorFunction");
        assertTrue(processor.allows("s3:PutObject", BUCKET + "/thumbnails/t/m.jpg"));
        assertFalse(processor.allows("s3:PutObject", BUCKET + "/media/t/m.jpg"), "it only reads and deletes uploads");
        assertTrue(processor.allows("s3:DeleteObject", BUCKET + "/media/t/m.jpg"));
        assertTrue(processor.allows("s3:ListBucket", BUCKET));
    }

    @Test
    void anSqsEventSourceGrantsWhatSamAttachesForIt() {
        IamPolicy worker = real.of("CommentWorkerFunction");
        assertTrue(worker.allows("sqs:ReceiveMessage", queue("CommentsQueue")), "AWSLambdaSQSQueueExecutionRole");
        assertTrue(worker.allows("sqs:DeleteMessage", queue("CommentsQueue")));
        assertFalse(worker.allows("sqs:SendMessage", queue("CommentsQueue")));
        assertFalse(real.of("PublishRunFunction").allows("sqs:ReceiveMessage", queue("ContentQueue")), "a schedule polls nothing");
    }

    @Test
    void eachFunctionIsKnownByItsOwnAccessKeyAndNoOtherKeyIsAFunction() {
        assertTrue(real.forAccessKey(FunctionPolicies.accessKeyId("MediaFunction")).orElseThrow().allows("s3:PutObject", BUCKET + "/media/x"));
        assertTrue(real.forAccessKey(LocalStores.ACCESS_KEY).isEmpty(), "the stores' own key is no function");
        assertTrue(real.forAccessKey(null).isEmpty());
    }

    @Test
    void aPolicyTheLocalRuntimeCannotEvaluateStopsItsStart(@TempDir Path dir) throws Exception {
        for (String policy : List.of("- SESCrudPolicy: { IdentityName: x }", "- AmazonS3FullAccess",
                "- Statement: [{ Effect: Allow, NotAction: 's3:*', Resource: '*' }]")) {
            Path t = dir.resolve("template.yaml");
            Files.writeString(t, """
                    Resources:
                      Fn:
                        Type: AWS::Serverless::Function
                        Properties:
                          Handler: x::y
                          Policies:
                            %s
                    """.formatted(policy), StandardCharsets.UTF_8);
            Template template = Template.load(t);
            assertThrows(IllegalArgumentException.class, () -> of(template), policy);
        }
    }

    // ------------------------------------------------------------------ the calls a request needs

    static IamCalls.Request request(String method, String path, String query, Map<String, String> headers, String body) {
        return new IamCalls.Request(method, path, query, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aDynamoDbRequestNeedsItsOperationOnItsTableOrIndexAndATransactionEachOfItsItems() {
        assertEquals(List.of(new IamCalls.Call("dynamodb:Query", TABLE + "/index/GSI1")), IamCalls.dynamoDb(request("POST", "/", "",
                Map.of("x-amz-target", "DynamoDB_20120810.Query"), "{\"TableName\":\"socialwire-Table\",\"IndexName\":\"GSI1\"}")));
        assertEquals(List.of(new IamCalls.Call("dynamodb:ConditionCheckItem", TABLE), new IamCalls.Call("dynamodb:UpdateItem", TABLE)),
                IamCalls.dynamoDb(request("POST", "/", "", Map.of("x-amz-target", "DynamoDB_20120810.TransactWriteItems"),
                        "{\"TransactItems\":[{\"ConditionCheck\":{\"TableName\":\"socialwire-Table\"}},{\"Update\":{\"TableName\":\"socialwire-Table\"}}]}")));
    }

    @Test
    void anSqsRequestNeedsItsActionOnTheQueueItsUrlNames() {
        assertEquals(List.of(new IamCalls.Call("sqs:SendMessage", queue("ContentQueue"))), IamCalls.sqs(request("POST", "/", "",
                Map.of("x-amz-target", "AmazonSQS.SendMessageBatch"),
                "{\"QueueUrl\":\"http://127.0.0.1:9324/000000000000/socialwire-ContentQueue\",\"Entries\":[]}")));
        assertEquals(List.of(new IamCalls.Call("sqs:ReceiveMessage", queue("DmsQueue"))), IamCalls.sqs(request("POST", "/000000000000/socialwire-DmsQueue", "",
                Map.of("content-type", "application/x-www-form-urlencoded"), "Action=ReceiveMessage&MaxNumberOfMessages=10")));
    }

    @Test
    void anS3RequestNeedsTheActionItsMethodAndQueryName() {
        assertEquals("s3:GetObject", IamCalls.s3(request("HEAD", "/socialwire-mediabucket/media/a%20b.jpg", "", Map.of(), "")).get(0).action());
        assertEquals(BUCKET + "/media/a b.jpg", IamCalls.s3(request("HEAD", "/socialwire-mediabucket/media/a%20b.jpg", "", Map.of(), "")).get(0).resource());
        assertEquals("s3:PutObject", IamCalls.s3(request("PUT", "/socialwire-mediabucket/thumbnails/x", "", Map.of(), "")).get(0).action());
        assertEquals("s3:DeleteObject", IamCalls.s3(request("DELETE", "/socialwire-mediabucket/x", "", Map.of(), "")).get(0).action());
        assertEquals(new IamCalls.Call("s3:ListBucket", BUCKET), IamCalls.s3(request("GET", "/socialwire-mediabucket", "list-type=2&prefix=media/", Map.of(), "")).get(0));
        assertEquals(List.of(new IamCalls.Call("s3:DeleteObject", BUCKET + "/a"), new IamCalls.Call("s3:DeleteObject", BUCKET + "/b&c")),
                IamCalls.s3(request("POST", "/socialwire-mediabucket", "delete", Map.of(),
                        "<Delete><Object><Key>a</Key></Object><Object><Key>b&amp;c</Key></Object></Delete>")));
    }

    @Test
    void theSignersAccessKeyComesFromTheAuthorizationHeaderOrAPresignedUrl() {
        assertEquals("PostsFunction", IamCalls.accessKeyId(request("GET", "/", "", Map.of("authorization",
                "AWS4-HMAC-SHA256 Credential=PostsFunction/20261204/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=ab"), "")));
        assertEquals("MediaFunction", IamCalls.accessKeyId(request("PUT", "/b/k",
                "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=MediaFunction%2F20261204%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=ab", Map.of(), "")));
    }
}
