package com.socialwire.engagement.inbox;

import com.socialwire.engagement.Engagement;
import com.socialwire.engagement.people.PeopleService;
import com.socialwire.engagement.poll.InboxPoller;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Role;

/**
 * InboxFunction: a tenant's unified inbox of comments, DMs and mentions, the people they are from
 * (history, violations, leaderboard), and the moderation check. Any key of the account reads the inbox (a client key only its tenants'); admin and write
 * keys triage and answer, and only they run the moderation check (read and client keys: 403).
 */
public final class InboxHandler implements HttpFunction, HttpApi.Actions<InboxHandler.Action> {

    /** AI routes' tighter per-key limit (SPEC §4). */
    static final int AI_PER_MINUTE = 20;

    /** What the routes do, one action each. */
    enum Action {
        LIST, PATCH, DELETE, REPLY, DRAFT, POLL, MODERATION_CHECK,
        PEOPLE, PERSON
    }

    private final InboxService inbox;
    private final PeopleService people;
    /** Built by the first poll (its platform clients are no part of a cold start that lists the inbox). */
    private final java.util.function.Supplier<InboxPoller> poller;
    private final HttpApi api;

    public InboxHandler() {
        this(Engagement.fromEnvironment());
    }

    private InboxHandler(Engagement e) {
        this(e.inboxService(), e.people(), e.gate(), e.pollerOnFirstUse());
    }

    public InboxHandler(InboxService inbox, PeopleService people, Gate gate, java.util.function.Supplier<InboxPoller> poller) {
        this.inbox = inbox;
        this.people = people;
        this.poller = poller;
        Access work = Access.roles(Role.ADMIN, Role.WRITE);
        this.api = HttpApi.builder(gate, this)
                .route("GET", "/v1/tenants/{tenantId}/inbox", Access.anyKey(), Action.LIST)
                .route("PATCH", "/v1/tenants/{tenantId}/inbox/{itemId}", work, Action.PATCH)
                .route("DELETE", "/v1/tenants/{tenantId}/inbox/{itemId}", work, Action.DELETE)
                .route("POST", "/v1/tenants/{tenantId}/inbox/{itemId}/reply", work, Action.REPLY)
                .route("POST", "/v1/tenants/{tenantId}/inbox/{itemId}/draft", work.limitedTo(AI_PER_MINUTE, "ai"), Action.DRAFT)
                .route("POST", "/v1/tenants/{tenantId}/inbox/poll", work, Action.POLL)
                .route("POST", "/v1/moderation/check", work, Action.MODERATION_CHECK)
                // ---- people: commenter history and the leaderboard
                .route("GET", "/v1/tenants/{tenantId}/people", Access.anyKey(), Action.PEOPLE)
                .route("GET", "/v1/tenants/{tenantId}/people/{platform}/{personId}", Access.anyKey(), Action.PERSON)
                .build();
    }

    @Override
    public ApiResponse run(Action action, ApiRequest r) {
        return switch (action) {
            case LIST -> ApiResponse.ok(inbox.list(r.pathParam("tenantId"), r.query("status").orElse(null), r.query("type").orElse(null),
                    r.query("platform").orElse(null), r.limit(), r.cursor()));
            case PATCH -> ApiResponse.ok(inbox.patch(r.pathParam("tenantId"), r.pathParam("itemId"), r.jsonObject()));
            case DELETE -> {
                inbox.delete(r.pathParam("tenantId"), r.pathParam("itemId"));
                yield ApiResponse.noContent();
            }
            case REPLY -> ApiResponse.ok(inbox.reply(r.pathParam("tenantId"), r.pathParam("itemId"), r.jsonObject()));
            case DRAFT -> ApiResponse.ok(inbox.draft(r.principal(), r.pathParam("tenantId"), r.pathParam("itemId")));
            case POLL -> ApiResponse.ok(poller.get().pollTenant(r.pathParam("tenantId")).body());
            case MODERATION_CHECK -> ApiResponse.ok(inbox.check(r.jsonObject()));
            case PEOPLE -> ApiResponse.ok(people.list(r.pathParam("tenantId"), r.query("sort").orElse(null), r.limit(), r.cursor()));
            case PERSON -> ApiResponse.ok(people.person(r.pathParam("tenantId"), r.pathParam("platform"), r.pathParam("personId"), r.limit(),
                    r.cursor()));
        };
    }

    @Override
    public HttpApi api() {
        return api;
    }
}
