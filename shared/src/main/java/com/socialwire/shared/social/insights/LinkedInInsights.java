package com.socialwire.shared.social.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.analytics.InsightMetrics;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.connectors.LinkedInConnector;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * LinkedIn share statistics of an organization's post ({@code GET /rest/organizationalEntityShareStatistics
 * ?q=organizationalEntity&organizationalEntity={org}&shares|ugcPosts=List({urn})}, scope {@code r_organization_social};
 * {@code elements[0].totalShareStatistics}: impressionCount, uniqueImpressionsCount, likeCount, commentCount,
 * shareCount, clickCount) and the organization's followers ({@code GET /rest/networkSizes/{org}
 * ?edgeType=COMPANY_FOLLOWED_BY_MEMBER} → {@code firstDegreeSize}). A member's own posts have no statistics LinkedIn
 * gives to apps: "not available".
 */
public final class LinkedInInsights implements InsightsProvider {

    private static final Map<String, String> NAMES = Map.of("impressionCount", "views", "uniqueImpressionsCount", "reach", "likeCount",
            "likes", "commentCount", "comments", "shareCount", "shares", "clickCount", "clicks");
    static final String MEMBER = "LinkedIn gives statistics for organization pages' posts only, not a member's";

    private final PlatformHttp http;
    private final String base;
    private final Map<String, String> headers;

    /** @param apiBase {@code LINKEDIN_API_BASE} (https://api.linkedin.com); {@code version} {@code LINKEDIN_VERSION} */
    public LinkedInInsights(PlatformHttp http, String apiBase, String version) {
        this.http = http;
        this.base = ProviderHttp.trimBase(apiBase);
        this.headers = LinkedInConnector.restHeaders(version);
    }

    @Override
    public String platform() {
        return "linkedin";
    }

    @Override
    public PlatformResult<PostInsights> post(Target target, String urn, String mediaProductType) {
        String org = target.account().externalId();
        if (org == null || !org.startsWith("urn:li:organization:")) {
            return new PlatformResult.Ok<>(new PostInsights(null, InsightMetrics.NONE, MEMBER));
        }
        String list = urn.startsWith("urn:li:ugcPost:") ? "ugcPosts" : "shares";
        URI uri = URI.create(base + "/rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity="
                + PlatformHttp.component(org) + "&" + list + "=List(" + PlatformHttp.component(urn) + ")");
        return http.get(uri, target.accessToken(), headers, "GET /rest/organizationalEntityShareStatistics", json -> {
            JsonNode elements = json.path("elements");
            if (!elements.isArray()) {
                return null;
            }
            JsonNode stats = elements.path(0).path("totalShareStatistics");
            InsightMetrics m = Counts.read(stats, NAMES);
            return new PostInsights(null, m, m.isEmpty() ? "no data yet" : null);
        });
    }

    @Override
    public PlatformResult<AccountDay> account(Target target, Instant now) {
        String org = target.account().externalId();
        if (org == null || !org.startsWith("urn:li:organization:")) {
            return new PlatformResult.Ok<>(new AccountDay(null, null, null));
        }
        return http.get(URI.create(base + "/rest/networkSizes/" + PlatformHttp.component(org) + "?edgeType=COMPANY_FOLLOWED_BY_MEMBER"),
                target.accessToken(), headers, "GET /rest/networkSizes", json -> json.path("firstDegreeSize").isNumber()
                        ? new AccountDay(json.path("firstDegreeSize").asLong(), null, null) : null);
    }
}
