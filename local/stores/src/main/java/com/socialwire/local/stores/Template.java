package com.socialwire.local.stores;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * template.yaml as the local runtime reads it: resources, parameters, and every function with
 * its handler, timeout, environment and events. The template is the single source of truth —
 * the local runtime creates what it declares and runs the handlers it names.
 */
public final class Template {

    private final Map<String, Object> root;

    private Template(Map<String, Object> root) {
        this.root = root;
    }

    public static Template load(Path path) {
        try (Reader r = Files.newBufferedReader(path)) {
            Map<String, Object> root = new Yaml(new CloudFormationConstructor()).load(r);
            return new Template(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    /** Finds template.yaml from the working directory or the {@code socialwire.root} system property upward. */
    public static Path locate() {
        String root = System.getProperty("socialwire.root");
        Path start = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("template.yaml"))) {
                return p.resolve("template.yaml");
            }
        }
        throw new IllegalStateException("template.yaml not found from " + start.toAbsolutePath());
    }

    public Map<String, Object> raw() {
        return root;
    }

    public Map<String, Map<String, Object>> resources() {
        return map(root.get("Resources"));
    }

    public Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        resources().forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                out.put(id, r);
            }
        });
        return out;
    }

    public Map<String, Object> properties(String logicalId) {
        Map<String, Object> r = resources().get(logicalId);
        if (r == null) {
            throw new IllegalArgumentException("no resource " + logicalId + " in template.yaml");
        }
        return map(r.getOrDefault("Properties", Map.of()));
    }

    /** Parameter defaults, by name. */
    public Map<String, Object> parameterDefaults() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Map<String, Object>> params = map(root.getOrDefault("Parameters", Map.of()));
        params.forEach((k, v) -> out.put(k, v.get("Default")));
        return out;
    }

    private Map<String, Object> globalsFunction() {
        Map<String, Map<String, Object>> g = map(root.getOrDefault("Globals", Map.of()));
        return g.getOrDefault("Function", Map.of());
    }

    public List<FunctionDef> functions() {
        List<FunctionDef> out = new ArrayList<>();
        Map<String, Object> globals = globalsFunction();
        resourcesOfType("AWS::Serverless::Function").forEach((id, r) -> {
            Map<String, Object> p = map(r.getOrDefault("Properties", Map.of()));
            Map<String, Object> env = new LinkedHashMap<>(variables(globals));
            env.putAll(variables(p));
            int timeout = number(p.getOrDefault("Timeout", globals.getOrDefault("Timeout", 3)));
            int memory = number(p.getOrDefault("MemorySize", globals.getOrDefault("MemorySize", 128)));
            List<EventDef> events = new ArrayList<>();
            Map<String, Map<String, Object>> evs = map(p.getOrDefault("Events", Map.of()));
            evs.forEach((name, e) -> events.add(event(name, e)));
            out.add(new FunctionDef(id, (String) p.get("Handler"), timeout, memory, env, events));
        });
        return out;
    }

    public FunctionDef function(String logicalId) {
        return functions().stream().filter(f -> f.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no function " + logicalId + " in template.yaml"));
    }

    private static Map<String, Object> variables(Map<String, Object> props) {
        Map<String, Object> env = map(props.getOrDefault("Environment", Map.of()));
        return map(env.getOrDefault("Variables", Map.of()));
    }

    private static EventDef event(String name, Map<String, Object> e) {
        String type = (String) e.get("Type");
        Map<String, Object> p = map(e.getOrDefault("Properties", Map.of()));
        return switch (type) {
            case "HttpApi" -> new HttpApiEvent(name,
                    p.get("Method") == null ? "ANY" : p.get("Method").toString().toUpperCase(),
                    (String) p.get("Path"));
            case "SQS" -> new SqsEvent(name, refTarget(p.get("Queue")), number(p.getOrDefault("BatchSize", 10)),
                    list(p.getOrDefault("FunctionResponseTypes", List.of())).contains("ReportBatchItemFailures"),
                    number(p.getOrDefault("MaximumBatchingWindowInSeconds", 0)));
            case "Schedule", "ScheduleV2" -> new ScheduleEvent(name, type, (String) p.get("Schedule") != null
                    ? (String) p.get("Schedule") : (String) p.get("ScheduleExpression"),
                    p.get("Input") == null ? null : p.get("Input").toString(),
                    !Boolean.FALSE.equals(p.get("Enabled")) && !"DISABLED".equals(p.get("State")));
            case "S3" -> {
                Map<String, Object> filter = map(p.getOrDefault("Filter", Map.of()));
                Map<String, Object> key = map(filter.getOrDefault("S3Key", Map.of()));
                String prefix = null;
                String suffix = null;
                for (Object rule : list(key.getOrDefault("Rules", List.of()))) {
                    Map<String, Object> r = map(rule);
                    if ("prefix".equalsIgnoreCase(String.valueOf(r.get("Name")))) {
                        prefix = String.valueOf(r.get("Value"));
                    } else if ("suffix".equalsIgnoreCase(String.valueOf(r.get("Name")))) {
                        suffix = String.valueOf(r.get("Value"));
                    }
                }
                Object ev = p.get("Events");
                List<String> names = ev instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(ev));
                yield new S3Event(name, refTarget(p.get("Bucket")), names, prefix, suffix);
            }
            default -> new OtherEvent(name, type);
        };
    }

    /** The logical id a {@code !Ref X} or {@code !GetAtt X.Arn} points at. */
    static String refTarget(Object value) {
        Map<String, Object> m = map(value);
        if (m.containsKey("Ref")) {
            return m.get("Ref").toString();
        }
        Object att = m.get("Fn::GetAtt");
        if (att instanceof List<?> l) {
            return l.get(0).toString();
        }
        if (att != null) {
            return att.toString().split("\\.")[0];
        }
        throw new IllegalArgumentException("expected !Ref or !GetAtt, got " + value);
    }

    @SuppressWarnings("unchecked")
    static <T> Map<String, T> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, T>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }

    static int number(Object o) {
        return o instanceof Number n ? n.intValue() : Integer.parseInt(o.toString());
    }

    /** A function of template.yaml. */
    public record FunctionDef(String logicalId, String handler, int timeoutSeconds, int memoryMb,
                              Map<String, Object> environment, List<EventDef> events) {
        public String handlerClass() {
            return handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        }

        public String handlerMethod() {
            return handler.contains("::") ? handler.substring(handler.indexOf("::") + 2) : "handleRequest";
        }
    }

    /** An event source of a function. */
    public sealed interface EventDef permits HttpApiEvent, SqsEvent, ScheduleEvent, S3Event, OtherEvent {
        String name();
    }

    /** An HTTP API route; a null path is the {@code $default} route. */
    public record HttpApiEvent(String name, String method, String path) implements EventDef {
        public boolean isDefault() {
            return path == null;
        }
    }

    public record SqsEvent(String name, String queue, int batchSize, boolean reportsBatchItemFailures,
                           int maxBatchingWindowSeconds) implements EventDef {
    }

    public record ScheduleEvent(String name, String type, String expression, String input, boolean enabled) implements EventDef {
    }

    public record S3Event(String name, String bucket, List<String> events, String prefix, String suffix) implements EventDef {
    }

    public record OtherEvent(String name, String type) implements EventDef {
    }

    /** Reads CloudFormation's short-form intrinsics ({@code !Ref}, {@code !GetAtt}, {@code !Sub}, ...) as their long forms. */
    static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            for (String fn : List.of("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join", "Select",
                    "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or", "Condition", "Length", "ToJsonString")) {
                yamlConstructors.put(new Tag("!" + fn), new Intrinsic(fn.equals("Condition") ? "Condition" : "Fn::" + fn));
            }
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode s) {
                    String text = constructScalar(s);
                    value = key.equals("Fn::GetAtt") ? List.of(text.split("\\.", 2)) : text;
                } else if (node instanceof SequenceNode s) {
                    value = constructSequence(s);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put(key, value);
                return out;
            }
        }
    }
}
