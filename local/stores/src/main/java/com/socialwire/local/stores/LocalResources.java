package com.socialwire.local.stores;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the template's resources are called locally (table names, queue URLs and ARNs, bucket
 * names) and the parameter values in force, so {@code !Ref}, {@code !GetAtt} and {@code !Sub} in
 * the template resolve to local values exactly as CloudFormation resolves them on AWS.
 */
public final class LocalResources {

    private final Map<String, String> refs = new LinkedHashMap<>();
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final Map<String, String> queueUrls = new LinkedHashMap<>();
    private final Map<String, String> tables = new LinkedHashMap<>();
    private final Map<String, String> buckets = new LinkedHashMap<>();
    private final Map<String, String> kmsKeys = new LinkedHashMap<>();
    private Map<String, Object> conditions = Map.of();

    void conditions(Map<String, Object> templateConditions) {
        this.conditions = templateConditions;
    }

    void table(String logicalId, String name) {
        tables.put(logicalId, name);
        refs.put(logicalId, name);
        attributes.put(logicalId + ".Arn", "arn:aws:dynamodb:" + LocalStores.REGION + ":" + LocalStores.ACCOUNT_ID + ":table/" + name);
    }

    void queue(String logicalId, String url, String arn, String name) {
        queueUrls.put(logicalId, url);
        refs.put(logicalId, url);
        attributes.put(logicalId + ".Arn", arn);
        attributes.put(logicalId + ".QueueName", name);
        attributes.put(logicalId + ".QueueUrl", url);
    }

    void bucket(String logicalId, String name) {
        buckets.put(logicalId, name);
        refs.put(logicalId, name);
        attributes.put(logicalId + ".Arn", "arn:aws:s3:::" + name);
    }

    void kmsKey(String logicalId, String keyId) {
        String arn = LocalKms.keyArn(keyId);
        kmsKeys.put(logicalId, arn);
        refs.put(logicalId, keyId);
        attributes.put(logicalId + ".Arn", arn);
        attributes.put(logicalId + ".KeyId", keyId);
    }

    /** The local KMS keys' ARNs, by logical id. */
    public Map<String, String> kmsKeys() {
        return kmsKeys;
    }

    /** A resource with no local counterpart (a KMS key, a log group): {@code !Ref} resolves to {@code value}. */
    public void ref(String logicalId, String value) {
        refs.put(logicalId, value);
    }

    public void parameter(String name, String value) {
        refs.put(name, value);
    }

    public Map<String, String> tables() {
        return tables;
    }

    public Map<String, String> queueUrls() {
        return queueUrls;
    }

    public Map<String, String> buckets() {
        return buckets;
    }

    public String queueUrl(String logicalId) {
        String url = queueUrls.get(logicalId);
        if (url == null) {
            throw new IllegalArgumentException("no queue " + logicalId);
        }
        return url;
    }

    public String attribute(String logicalId, String attribute) {
        return attributes.get(logicalId + "." + attribute);
    }

    /** Resolves a template value (a literal or an intrinsic function) to a string. */
    public String resolve(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> m) {
            if (m.containsKey("Ref")) {
                String name = m.get("Ref").toString();
                return switch (name) {
                    case "AWS::Region" -> LocalStores.REGION;
                    case "AWS::AccountId" -> LocalStores.ACCOUNT_ID;
                    case "AWS::Partition" -> "aws";
                    case "AWS::URLSuffix" -> "localhost";
                    case "AWS::StackName" -> "socialwire-local";
                    case "AWS::NoValue" -> null;
                    default -> refs.getOrDefault(name, "");
                };
            }
            if (m.containsKey("Fn::GetAtt")) {
                Object att = m.get("Fn::GetAtt");
                List<?> parts = att instanceof List<?> l ? l : List.of(att.toString().split("\\.", 2));
                return attributes.getOrDefault(parts.get(0) + "." + parts.get(1), "");
            }
            if (m.containsKey("Fn::Sub")) {
                Object sub = m.get("Fn::Sub");
                if (sub instanceof List<?> l) {
                    Map<?, ?> vars = (Map<?, ?>) l.get(1);
                    String s = l.get(0).toString();
                    for (Map.Entry<?, ?> e : vars.entrySet()) {
                        s = s.replace("${" + e.getKey() + "}", resolve(e.getValue()));
                    }
                    return substitute(s);
                }
                return substitute(sub.toString());
            }
            if (m.containsKey("Fn::If")) {
                List<?> l = (List<?>) m.get("Fn::If");
                return resolve(condition(l.get(0).toString()) ? l.get(1) : l.get(2));
            }
            if (m.containsKey("Fn::Join")) {
                List<?> l = (List<?>) m.get("Fn::Join");
                return String.join(l.get(0).toString(), ((List<?>) l.get(1)).stream().map(this::resolve).toList());
            }
            throw new IllegalArgumentException("the local runtime does not resolve " + m.keySet());
        }
        if (value instanceof List<?> l) {
            return String.join(",", l.stream().map(this::resolve).toList());
        }
        return value.toString();
    }

    /** Evaluates a named condition of the template ({@code Fn::Equals}, {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or}). */
    boolean condition(String name) {
        Object c = conditions.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no condition " + name + " in template.yaml");
        }
        return truth(c);
    }

    private boolean truth(Object c) {
        Map<?, ?> m = (Map<?, ?>) c;
        if (m.containsKey("Fn::Equals")) {
            List<?> l = (List<?>) m.get("Fn::Equals");
            return java.util.Objects.equals(resolve(l.get(0)), resolve(l.get(1)));
        }
        if (m.containsKey("Fn::Not")) {
            return !truth(((List<?>) m.get("Fn::Not")).get(0));
        }
        if (m.containsKey("Fn::And")) {
            return ((List<?>) m.get("Fn::And")).stream().allMatch(this::truth);
        }
        if (m.containsKey("Fn::Or")) {
            return ((List<?>) m.get("Fn::Or")).stream().anyMatch(this::truth);
        }
        if (m.containsKey("Condition")) {
            return condition(m.get("Condition").toString());
        }
        throw new IllegalArgumentException("the local runtime does not evaluate condition " + m.keySet());
    }

    private static final Pattern VAR = Pattern.compile("\\$\\{([^}]+)}");

    private String substitute(String s) {
        Matcher m = VAR.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            Object ref = name.contains(".") ? Map.of("Fn::GetAtt", List.of(name.split("\\.", 2))) : Map.of("Ref", name);
            m.appendReplacement(out, Matcher.quoteReplacement(resolve(ref)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A function's environment from the template, resolved to local values. */
    public Map<String, String> environment(Template.FunctionDef function) {
        Map<String, String> env = new LinkedHashMap<>();
        function.environment().forEach((k, v) -> {
            String resolved = resolve(v);
            if (resolved != null) {
                env.put(k, resolved);
            }
        });
        return env;
    }
}
