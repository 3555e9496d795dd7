package com.socialwire.local.stores;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Json;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What IAM checks for one HTTP request to a store: the actions it needs, each on its resource
 * ARN, derived as AWS derives them — DynamoDB and KMS from {@code X-Amz-Target} and the body,
 * SQS from the target or {@code Action} and the queue URL, S3 from the method, path and query.
 */
public final class IamCalls {

    /** One permission a request needs. */
    public record Call(String action, String resource) {
    }

    /** The parts of a request the derivation reads. */
    public record Request(String method, String path, String query, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static final String REGION = LocalStores.REGION;
    private static final String ACCOUNT = LocalStores.ACCOUNT_ID;

    private IamCalls() {
    }

    /** The access key id a request is signed with (header or presigned query), or null if unsigned. */
    public static String accessKeyId(Request r) {
        String auth = r.header("authorization");
        if (auth != null) {
            int c = auth.indexOf("Credential=");
            if (c >= 0) {
                int end = auth.indexOf('/', c);
                return end < 0 ? null : auth.substring(c + "Credential=".length(), end).trim();
            }
            if (auth.startsWith("AWS ")) {
                int colon = auth.indexOf(':');
                return colon < 0 ? null : auth.substring(4, colon).trim();
            }
        }
        Map<String, String> q = query(r.query());
        String credential = q.get("X-Amz-Credential");
        if (credential != null) {
            int slash = credential.indexOf('/');
            return slash < 0 ? credential : credential.substring(0, slash);
        }
        return q.get("AWSAccessKeyId");
    }

    // ------------------------------------------------------------------ DynamoDB

    public static List<Call> dynamoDb(Request r) {
        String target = r.header("x-amz-target");
        if (target == null) {
            return List.of();
        }
        String op = target.substring(target.indexOf('.') + 1);
        JsonNode body = r.body().length == 0 ? Json.object() : Json.tree(r.body());
        List<Call> out = new ArrayList<>();
        switch (op) {
            case "BatchGetItem", "BatchWriteItem" ->
                    body.path("RequestItems").fieldNames().forEachRemaining(t -> out.add(new Call("dynamodb:" + op, table(t))));
            case "TransactGetItems" -> body.path("TransactItems").forEach(i -> out.add(new Call("dynamodb:GetItem", table(i.path("Get").path("TableName").asText()))));
            case "TransactWriteItems" -> body.path("TransactItems").forEach(i -> i.fieldNames().forEachRemaining(kind -> {
                String action = switch (kind) {
                    case "ConditionCheck" -> "dynamodb:ConditionCheckItem";
                    case "Put" -> "dynamodb:PutItem";
                    case "Update" -> "dynamodb:UpdateItem";
                    case "Delete" -> "dynamodb:DeleteItem";
                    default -> "dynamodb:" + kind;
                };
                out.add(new Call(action, table(i.path(kind).path("TableName").asText())));
            }));
            case "ListTables" -> out.add(new Call("dynamodb:ListTables", "*"));
            default -> {
                String table = table(body.path("TableName").asText());
                String index = body.path("IndexName").asText("");
                out.add(new Call("dynamodb:" + op, index.isEmpty() ? table : table + "/index/" + index));
            }
        }
        return out;
    }

    private static String table(String nameOrArn) {
        return nameOrArn.startsWith("arn:") ? nameOrArn : "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + nameOrArn;
    }

    // ------------------------------------------------------------------ SQS

    public static List<Call> sqs(Request r) {
        String target = r.header("x-amz-target");
        String action;
        String queueUrl;
        String queueName = null;
        if (target != null) {
            action = target.substring(target.indexOf('.') + 1);
            JsonNode body = r.body().length == 0 ? Json.object() : Json.tree(r.body());
            queueUrl = body.path("QueueUrl").asText(null);
            queueName = body.path("QueueName").asText(null);
        } else {
            Map<String, String> params = new LinkedHashMap<>(query(r.query()));
            String type = r.header("content-type");
            if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
                params.putAll(query(new String(r.body(), StandardCharsets.UTF_8)));
            }
            action = params.get("Action");
            queueUrl = params.get("QueueUrl");
            queueName = params.get("QueueName");
            if (queueUrl == null && r.path().length() > 1) {
                queueUrl = r.path();
            }
        }
        if (action == null) {
            return List.of();
        }
        if (queueUrl != null) {
            queueName = queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
        }
        String resource = queueName == null ? "*" : "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + queueName;
        // a batch call is authorised as its single action
        String iamAction = switch (action) {
            case "SendMessageBatch" -> "SendMessage";
            case "DeleteMessageBatch" -> "DeleteMessage";
            case "ChangeMessageVisibilityBatch" -> "ChangeMessageVisibility";
            default -> action;
        };
        return List.of(new Call("sqs:" + iamAction, resource));
    }

    // ------------------------------------------------------------------ S3 (path-style)

    private static final Pattern KEY = Pattern.compile("<Key>(.*?)</Key>", Pattern.DOTALL);

    public static List<Call> s3(Request r) {
        String path = URLDecoder.decode(r.path().replace("+", "%2B"), StandardCharsets.UTF_8);
        String rest = path.startsWith("/") ? path.substring(1) : path;
        if (rest.isEmpty()) {
            return List.of(new Call("s3:ListAllMyBuckets", "*"));
        }
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        String bucketArn = "arn:aws:s3:::" + bucket;
        Map<String, String> q = query(r.query());
        String m = r.method();
        if (key.isEmpty()) {
            if (m.equals("POST") && q.containsKey("delete")) {
                List<Call> out = new ArrayList<>();
                Matcher k = KEY.matcher(new String(r.body(), StandardCharsets.UTF_8));
                while (k.find()) {
                    out.add(new Call("s3:DeleteObject", bucketArn + "/" + xmlText(k.group(1))));
                }
                return out;
            }
            String action = switch (m) {
                case "PUT" -> q.containsKey("cors") ? "s3:PutBucketCORS" : q.containsKey("policy") ? "s3:PutBucketPolicy"
                        : q.containsKey("notification") ? "s3:PutBucketNotification" : "s3:CreateBucket";
                case "DELETE" -> "s3:DeleteBucket";
                default -> q.containsKey("location") ? "s3:GetBucketLocation" : q.containsKey("uploads") ? "s3:ListBucketMultipartUploads"
                        : q.containsKey("cors") ? "s3:GetBucketCORS" : q.containsKey("versions") ? "s3:ListBucketVersions" : "s3:ListBucket";
            };
            return List.of(new Call(action, bucketArn));
        }
        String objectArn = bucketArn + "/" + key;
        String action = switch (m) {
            case "GET", "HEAD" -> q.containsKey("uploadId") ? "s3:ListMultipartUploadParts" : q.containsKey("tagging") ? "s3:GetObjectTagging"
                    : q.containsKey("acl") ? "s3:GetObjectAcl" : "s3:GetObject";
            case "DELETE" -> q.containsKey("uploadId") ? "s3:AbortMultipartUpload" : "s3:DeleteObject";
            default -> q.containsKey("tagging") ? "s3:PutObjectTagging" : q.containsKey("acl") ? "s3:PutObjectAcl" : "s3:PutObject";
        };
        List<Call> out = new ArrayList<>(List.of(new Call(action, objectArn)));
        String copySource = r.header("x-amz-copy-source");
        if (m.equals("PUT") && copySource != null) {
            String source = URLDecoder.decode(copySource, StandardCharsets.UTF_8);
            out.add(new Call("s3:GetObject", "arn:aws:s3:::" + (source.startsWith("/") ? source.substring(1) : source)));
        }
        return out;
    }

    private static String xmlText(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
    }

    // ------------------------------------------------------------------ KMS

    /** A KMS call on the key {@code keyArn}: {@code kms:<Operation>}. */
    public static Call kms(String operation, String keyArn) {
        return new Call("kms:" + operation, keyArn);
    }

    static Map<String, String> query(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                out.put(k, v);
            }
        }
        return out;
    }
}
