package com.socialwire.local.stores;

import com.fasterxml.jackson.core.type.TypeReference;
import com.socialwire.shared.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Each function's IAM permissions as template.yaml grants them, resolved to the local resources:
 * its {@code Policies} (SAM policy templates and inline {@code Statement}s), the managed policy SAM
 * attaches for an SQS event source, and every {@code AWS::IAM::Policy} attached to the role SAM
 * generates for it ({@code <Function>Role}). Locally each function signs its calls with an access
 * key id that names it ({@link #accessKeyId}), so a store can tell whose call it is and refuse
 * what that function's role could not do on AWS.
 */
public final class FunctionPolicies {

    /** Managed policies that grant nothing on the services the local runtime enforces. */
    private static final Set<String> NO_DATA_ACCESS = Set.of("AWSLambdaBasicExecutionRole", "AWSXrayWriteOnlyAccess",
            "AWSLambdaVPCAccessExecutionRole", "CloudWatchLambdaInsightsExecutionRolePolicy");

    private static final Map<String, Object> SAM = loadSamTemplates();

    private final Map<String, IamPolicy> byFunction;

    private FunctionPolicies(Map<String, IamPolicy> byFunction) {
        this.byFunction = byFunction;
    }

    /** The local access key id of {@code functionLogicalId}: the function's own name. */
    public static String accessKeyId(String functionLogicalId) {
        return functionLogicalId;
    }

    /** The policy of the function an access key id names, or empty for any other key (the stores' own, a developer's tool). */
    public Optional<IamPolicy> forAccessKey(String accessKeyId) {
        return Optional.ofNullable(accessKeyId).map(byFunction::get);
    }

    public IamPolicy of(String functionLogicalId) {
        IamPolicy p = byFunction.get(functionLogicalId);
        if (p == null) {
            throw new IllegalArgumentException("no function " + functionLogicalId + " in template.yaml");
        }
        return p;
    }

    public static FunctionPolicies from(Template template, LocalResources resources) {
        Map<String, List<IamPolicy.Statement>> statements = new LinkedHashMap<>();
        Map<String, Object> globals = Template.map(Template.map(template.raw().getOrDefault("Globals", Map.of())).get("Function"));
        template.resourcesOfType("AWS::Serverless::Function").forEach((id, r) -> {
            Map<String, Object> p = Template.map(r.getOrDefault("Properties", Map.of()));
            List<IamPolicy.Statement> out = new ArrayList<>();
            for (Object policy : policies(globals.get("Policies"))) {
                out.addAll(expand(policy, resources));
            }
            for (Object policy : policies(p.get("Policies"))) {
                out.addAll(expand(policy, resources));
            }
            Map<String, Map<String, Object>> events = Template.map(p.getOrDefault("Events", Map.of()));
            events.values().forEach(e -> {
                Object source = Template.map(SAM.get("EventSourcePolicies")).get(String.valueOf(e.get("Type")));
                if (source != null) {
                    out.addAll(statements(Template.map(source).get("Statement"), resources));
                }
            });
            statements.put(id, out);
        });
        // policies attached to the roles SAM generates, outside the functions (e.g. to break a dependency cycle)
        template.resourcesOfType("AWS::IAM::Policy").forEach((id, r) -> {
            Map<String, Object> p = Template.map(r.getOrDefault("Properties", Map.of()));
            for (Object role : Template.list(p.get("Roles"))) {
                String roleId = Template.refTarget(role);
                String fn = roleId.endsWith("Role") ? roleId.substring(0, roleId.length() - "Role".length()) : roleId;
                List<IamPolicy.Statement> target = statements.get(fn);
                if (target == null) {
                    throw new IllegalArgumentException(id + " is attached to " + roleId + ", which is no function's role");
                }
                target.addAll(statements(Template.map(p.get("PolicyDocument")).get("Statement"), resources));
            }
        });
        Map<String, IamPolicy> out = new LinkedHashMap<>();
        statements.forEach((fn, s) -> out.put(accessKeyId(fn), new IamPolicy(s)));
        return new FunctionPolicies(out);
    }

    private static List<Object> policies(Object policies) {
        if (policies == null) {
            return List.of();
        }
        return policies instanceof List<?> l ? new ArrayList<>(l) : List.of(policies);
    }

    /** One entry of a function's {@code Policies}: a managed policy name, an inline policy, or a SAM policy template. */
    private static List<IamPolicy.Statement> expand(Object policy, LocalResources resources) {
        if (policy instanceof String name) {
            if (NO_DATA_ACCESS.contains(name.substring(name.lastIndexOf('/') + 1))) {
                return List.of();
            }
            throw new IllegalArgumentException("the local runtime does not know managed policy " + name
                    + "; write its statements inline or add it to sam-policy-templates.json");
        }
        Map<String, Object> m = Template.map(policy);
        if (m.containsKey("Statement")) {
            return statements(m.get("Statement"), resources);
        }
        if (m.size() != 1) {
            throw new IllegalArgumentException("a policy is a managed policy name, a Statement or one SAM policy template: " + m);
        }
        String name = m.keySet().iterator().next();
        Map<String, Object> samTemplate = Template.map(Template.map(SAM.get("Templates")).get(name));
        if (samTemplate.isEmpty()) {
            throw new IllegalArgumentException("the local runtime does not know SAM policy template " + name
                    + "; add it to sam-policy-templates.json from SAM's policy_templates.json");
        }
        Map<String, Object> args = Template.map(m.get(name));
        Map<String, String> values = new LinkedHashMap<>();
        for (String param : Template.<Object>map(samTemplate.get("Parameters")).keySet()) {
            if (!args.containsKey(param)) {
                throw new IllegalArgumentException(name + " needs " + param);
            }
            values.put(param, resources.resolve(args.get(param)));
        }
        Object definition = bind(Template.map(samTemplate.get("Definition")).get("Statement"), values);
        return statements(definition, resources);
    }

    /** Replaces the template's {@code {"Ref": Param}} with the value given for it. */
    private static Object bind(Object node, Map<String, String> values) {
        if (node instanceof Map<?, ?> m) {
            if (m.size() == 1 && m.get("Ref") instanceof String ref && values.containsKey(ref)) {
                return values.get(ref);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k.toString(), bind(v, values)));
            return out;
        }
        if (node instanceof List<?> l) {
            return l.stream().map(v -> bind(v, values)).toList();
        }
        return node;
    }

    private static List<IamPolicy.Statement> statements(Object statement, LocalResources resources) {
        List<IamPolicy.Statement> out = new ArrayList<>();
        for (Object o : policies(statement)) {
            Map<String, Object> s = Template.map(o);
            if (s.containsKey("NotAction") || s.containsKey("NotResource") || s.containsKey("Condition")) {
                throw new IllegalArgumentException("the local runtime does not evaluate NotAction, NotResource or Condition: " + s);
            }
            List<String> actions = policies(s.get("Action")).stream().map(String::valueOf).toList();
            List<String> arns = policies(s.get("Resource")).stream().map(resources::resolve).toList();
            out.add(new IamPolicy.Statement(!"Deny".equals(s.get("Effect")), actions, arns));
        }
        return out;
    }

    private static Map<String, Object> loadSamTemplates() {
        try (InputStream in = FunctionPolicies.class.getResourceAsStream("/sam-policy-templates.json")) {
            return Json.mapper().readValue(in, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
