package com.socialwire.posts.handler;

import com.socialwire.posts.Posts;
import com.socialwire.posts.studio.strategy.ContentPreferences;
import com.socialwire.posts.studio.strategy.SeoRules;
import com.socialwire.posts.studio.strategy.Strategies;
import com.socialwire.posts.studio.strategy.Templates;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Role;

/**
 * StudioFunction: what the content studio writes from, per tenant — the versioned strategy, SEO rules, content
 * preferences per content type and prompt templates (versioned). Any key of the tenant reads; staff keys (admin, write)
 * change them.
 */
public final class StudioHandler implements HttpFunction, HttpApi.Actions<StudioHandler.Action> {

    static final String TENANT = "/v1/tenants/{tenantId}";

    /** What the routes do, one action each. */
    enum Action {
        STRATEGY, PUT_STRATEGY, STRATEGY_VERSIONS, STRATEGY_VERSION,
        SEO_RULES, CREATE_SEO_RULE, SEO_RULE, UPDATE_SEO_RULE, DELETE_SEO_RULE,
        PREFERENCES, PREFERENCE, PUT_PREFERENCE,
        TEMPLATES, CREATE_TEMPLATE, TEMPLATE, UPDATE_TEMPLATE, DELETE_TEMPLATE, TEMPLATE_VERSIONS
    }

    /** The studio's services, one per kind of row. */
    public record Services(Strategies strategies, SeoRules seoRules, ContentPreferences preferences, Templates templates) {

        public static Services of(Posts p) {
            return new Services(p.strategies(), p.seoRules(), p.contentPreferences(), p.templates());
        }
    }

    private final Services studio;
    private final HttpApi api;

    public StudioHandler() {
        this(Posts.fromEnvironment());
    }

    private StudioHandler(Posts p) {
        this(Services.of(p), p.gate());
    }

    public StudioHandler(Services studio, Gate gate) {
        this.studio = studio;
        Access any = Access.anyKey();
        Access staff = Access.roles(Role.ADMIN, Role.WRITE);
        this.api = HttpApi.builder(gate, this)
                .route("GET", TENANT + "/strategy", any, Action.STRATEGY)
                .route("PUT", TENANT + "/strategy", staff, Action.PUT_STRATEGY)
                .route("GET", TENANT + "/strategy/versions", any, Action.STRATEGY_VERSIONS)
                .route("GET", TENANT + "/strategy/versions/{version}", any, Action.STRATEGY_VERSION)
                .route("GET", TENANT + "/seo-rules", any, Action.SEO_RULES)
                .route("POST", TENANT + "/seo-rules", staff, Action.CREATE_SEO_RULE)
                .route("GET", TENANT + "/seo-rules/{ruleId}", any, Action.SEO_RULE)
                .route("PUT", TENANT + "/seo-rules/{ruleId}", staff, Action.UPDATE_SEO_RULE)
                .route("DELETE", TENANT + "/seo-rules/{ruleId}", staff, Action.DELETE_SEO_RULE)
                .route("GET", TENANT + "/content-preferences", any, Action.PREFERENCES)
                .route("GET", TENANT + "/content-preferences/{contentType}", any, Action.PREFERENCE)
                .route("PUT", TENANT + "/content-preferences/{contentType}", staff, Action.PUT_PREFERENCE)
                .route("GET", TENANT + "/templates", any, Action.TEMPLATES)
                .route("POST", TENANT + "/templates", staff, Action.CREATE_TEMPLATE)
                .route("GET", TENANT + "/templates/{templateId}", any, Action.TEMPLATE)
                .route("PUT", TENANT + "/templates/{templateId}", staff, Action.UPDATE_TEMPLATE)
                .route("DELETE", TENANT + "/templates/{templateId}", staff, Action.DELETE_TEMPLATE)
                .route("GET", TENANT + "/templates/{templateId}/versions", any, Action.TEMPLATE_VERSIONS)
                .build();
    }

    @Override
    public ApiResponse run(Action action, ApiRequest r) {
        String t = r.pathParam("tenantId");
        return switch (action) {
            case STRATEGY -> ApiResponse.ok(studio.strategies().current(t));
            case PUT_STRATEGY -> ApiResponse.ok(studio.strategies().update(r.principal(), t, r.jsonObject()));
            case STRATEGY_VERSIONS -> ApiResponse.ok(studio.strategies().versions(t, r.limit(), r.cursor()));
            case STRATEGY_VERSION -> ApiResponse.ok(studio.strategies().version(t, r.pathParam("version")));
            case SEO_RULES -> ApiResponse.ok(studio.seoRules().list(t, r.limit(), r.cursor()));
            case CREATE_SEO_RULE -> ApiResponse.created(studio.seoRules().create(t, r.jsonObject()));
            case SEO_RULE -> ApiResponse.ok(studio.seoRules().get(t, r.pathParam("ruleId")));
            case UPDATE_SEO_RULE -> ApiResponse.ok(studio.seoRules().update(t, r.pathParam("ruleId"), r.jsonObject()));
            case DELETE_SEO_RULE -> {
                studio.seoRules().delete(t, r.pathParam("ruleId"));
                yield ApiResponse.noContent();
            }
            case PREFERENCES -> ApiResponse.ok(studio.preferences().list(t));
            case PREFERENCE -> ApiResponse.ok(studio.preferences().get(t, r.pathParam("contentType")));
            case PUT_PREFERENCE -> ApiResponse.ok(studio.preferences().put(t, r.pathParam("contentType"), r.jsonObject()));
            case TEMPLATES -> ApiResponse.ok(studio.templates().list(t, r.limit(), r.cursor()));
            case CREATE_TEMPLATE -> ApiResponse.created(studio.templates().create(r.principal(), t, r.jsonObject()));
            case TEMPLATE -> ApiResponse.ok(studio.templates().get(t, r.pathParam("templateId"), r.query("version").orElse(null)));
            case UPDATE_TEMPLATE -> ApiResponse.ok(studio.templates().update(r.principal(), t, r.pathParam("templateId"), r.jsonObject()));
            case DELETE_TEMPLATE -> {
                studio.templates().delete(t, r.pathParam("templateId"));
                yield ApiResponse.noContent();
            }
            case TEMPLATE_VERSIONS -> ApiResponse.ok(studio.templates().versions(t, r.pathParam("templateId"), r.limit(), r.cursor()));
        };
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
