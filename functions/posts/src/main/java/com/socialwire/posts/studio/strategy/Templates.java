package com.socialwire.posts.studio.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.studio.prompt.ContentTypes;
import com.socialwire.posts.studio.prompt.TemplateText;
import com.socialwire.shared.Ids;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.JsonBody;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.store.Page;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's prompt templates: a name, the content type, a body with {@code {variable}} placeholders, the variables it
 * declares ({name, required, description}) and an active flag. Every placeholder must be declared; every edit is a new
 * version, the earlier ones readable.
 */
public final class Templates {

    static final Set<String> FIELDS = Set.of("name", "contentType", "body", "variables", "active");
    static final Set<String> VARIABLE_FIELDS = Set.of("name", "required", "description");
    static final int MAX_VARIABLES = 50;
    static final int MAX_BODY = 20_000;

    private final StudioStore store;
    private final Clock clock;

    public Templates(StudioStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public ObjectNode create(Principal who, String tenantId, ObjectNode body) {
        ObjectNode t = Json.object();
        t.put("id", Ids.next("tpl"));
        t.put("tenantId", tenantId);
        t.putArray("variables");
        t.put("createdAt", IsoInstant.format(clock.instant()));
        apply(body, t, true);
        t.put("createdBy", who.keyId());
        return store.appendTemplate(tenantId, t.path("id").asText(), t, true).orElseThrow();
    }

    /** The next version: the current one with the fields {@code body} names changed. */
    public ObjectNode update(Principal who, String tenantId, String templateId, ObjectNode body) {
        ObjectNode t = get(tenantId, templateId, null);
        t.remove("version");
        apply(body, t, false);
        t.put("createdBy", who.keyId());
        return Fields.found(store.appendTemplate(tenantId, templateId, t, false), "template " + templateId);
    }

    private void apply(ObjectNode body, ObjectNode t, boolean create) {
        JsonBody b = new JsonBody(body, FIELDS);
        Fields.text(b, body, t, "name", create, 100);
        if (create || body.has("contentType")) {
            Optional<String> type = b.oneOf("contentType", true, Set.copyOf(ContentTypes.ALL));
            if (type.isPresent()) {
                t.put("contentType", type.get());
            }
        }
        if (create || body.has("body")) {
            JsonNode text = body.get("body");
            if (text == null || !text.isTextual() || text.asText().isBlank() || text.asText().length() > MAX_BODY) {
                b.reject("body", "is required: text of 1 to " + MAX_BODY + " characters");
            } else {
                t.put("body", text.asText()); // kept as written: its spacing is part of the prompt
            }
        }
        if (body.has("variables")) {
            t.set("variables", variables(b, body.get("variables")));
        }
        Fields.bool(b, body, t, "active", true);
        if (t.hasNonNull("body")) {
            placeholdersDeclared(b, t);
        }
        b.check();
        t.put("updatedAt", IsoInstant.format(clock.instant()));
    }

    private static ArrayNode variables(JsonBody b, JsonNode given) {
        ArrayNode out = Json.array();
        if (given == null || !given.isArray() || given.size() > MAX_VARIABLES) {
            b.reject("variables", "must be an array of at most " + MAX_VARIABLES + " {name, required, description}");
            return out;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            JsonNode v = given.get(i);
            String at = "variables[" + i + "]";
            if (!v.isObject()) {
                b.reject(at, "must be an object {name, required, description}");
                continue;
            }
            Iterator<String> fields = v.fieldNames();
            while (fields.hasNext()) {
                String f = fields.next();
                if (!VARIABLE_FIELDS.contains(f)) {
                    b.reject(at + "." + f, "unknown field");
                }
            }
            String name = v.path("name").isTextual() ? v.path("name").asText() : null;
            if (!TemplateText.validName(name)) {
                b.reject(at + ".name", "must match [a-zA-Z_][a-zA-Z0-9_]* (at most " + TemplateText.MAX_NAME + " characters)");
                continue;
            }
            if (names.contains(name)) {
                b.reject(at + ".name", "is declared twice");
                continue;
            }
            names.add(name);
            ObjectNode o = out.addObject().put("name", name);
            JsonNode required = v.get("required");
            if (required != null && !required.isNull() && !required.isBoolean()) {
                b.reject(at + ".required", "must be true or false");
            }
            o.put("required", required == null || !required.isBoolean() || required.booleanValue());
            JsonNode description = v.get("description");
            if (description != null && !description.isNull()) {
                if (!description.isTextual() || description.asText().length() > 500) {
                    b.reject(at + ".description", "must be text of at most 500 characters");
                } else {
                    o.put("description", description.asText());
                }
            }
        }
        return out;
    }

    /** Every {placeholder} of the body is a valid name declared in {@code variables}. */
    private static void placeholdersDeclared(JsonBody b, ObjectNode t) {
        List<String> declared = new ArrayList<>();
        for (JsonNode v : t.path("variables")) {
            declared.add(v.path("name").asText());
        }
        List<String> invalid = new ArrayList<>();
        List<String> undeclared = new ArrayList<>();
        for (String p : TemplateText.placeholders(t.path("body").asText())) {
            if (!TemplateText.validName(p)) {
                invalid.add("{" + p + "}");
            } else if (!declared.contains(p)) {
                undeclared.add(p);
            }
        }
        if (!invalid.isEmpty()) {
            b.reject("body", "placeholders must be {name} with a name matching [a-zA-Z_][a-zA-Z0-9_]*: " + String.join(", ", invalid));
        } else if (!undeclared.isEmpty()) {
            b.reject("body", "placeholders not declared in variables: " + String.join(", ", undeclared));
        }
    }

    /** The current version, or version {@code version} (null: current). */
    public ObjectNode get(String tenantId, String templateId, String version) {
        return version == null ? Fields.found(store.template(tenantId, templateId), "template " + templateId)
                : Fields.found(store.templateVersion(tenantId, templateId, Fields.version(version)),
                "template " + templateId + " version " + version);
    }

    public Page<ObjectNode> list(String tenantId, int limit, String cursor) {
        return store.templates(tenantId, limit, cursor);
    }

    public Page<ObjectNode> versions(String tenantId, String templateId, int limit, String cursor) {
        get(tenantId, templateId, null);
        return store.templateVersions(tenantId, templateId, limit, cursor);
    }

    public void delete(String tenantId, String templateId) {
        if (!store.deleteTemplate(tenantId, templateId)) {
            throw ApiException.notFound("template " + templateId);
        }
    }
}
