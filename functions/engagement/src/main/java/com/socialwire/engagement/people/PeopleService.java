package com.socialwire.engagement.people;

import com.socialwire.engagement.model.Commenter;
import com.socialwire.engagement.model.InboxItem;
import com.socialwire.engagement.store.PeopleStore;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.store.Page;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Commenter history across a tenant's inbox items (SPEC §5 inbox: {@code GET .../people/{platform}/{personId}}) and the
 * tenant's most engaged people ({@code GET .../people?sort=top}, the creator-stack seed's leaderboard; {@code sort=recent}: most
 * recently seen first), read from the
 * person rows the inbox keeps in each item's own write.
 */
public final class PeopleService {

    /** The sorts the leaderboard offers. */
    static final List<String> SORTS = List.of("top", "recent");
    /** How many of a person's violations, newest first, their history shows (the total is in their counts). */
    static final int VIOLATIONS_SHOWN = 50;

    private final PeopleStore people;

    public PeopleService(PeopleStore people) {
        this.people = people;
    }

    /** The person, their counts and standing, a page of their items (newest first), their violations and the replies sent to them. */
    public Map<String, Object> person(String tenantId, String platform, String personId, int limit, String cursor) {
        Commenter c = people.get(tenantId, platform, personId)
                .orElseThrow(() -> ApiException.notFound("person " + platform + "/" + personId));
        Page<InboxItem> items = people.items(tenantId, platform, personId, limit, cursor);
        List<Map<String, Object>> replies = new ArrayList<>();
        for (InboxItem i : items.items()) {
            if (i.reply() != null && "sent".equals(i.reply().state())) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("itemId", i.id());
                r.put("text", i.reply().text());
                r.put("sentAt", i.reply().sentAt());
                r.put("generatedBy", i.reply().generatedBy());
                r.put("externalId", i.reply().externalId());
                replies.add(r);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("person", summary(c));
        out.put("items", items.items());
        out.put("nextCursor", items.nextCursor());
        out.put("violations", people.violations(tenantId, platform, personId, VIOLATIONS_SHOWN));
        out.put("replies", replies);
        return out;
    }

    /** The tenant's people by {@code sort}: {@code top} most items first (the default), {@code recent} most recently seen first. */
    public Page<Map<String, Object>> list(String tenantId, String sort, int limit, String cursor) {
        String s = sort == null ? "top" : sort;
        if (!SORTS.contains(s)) {
            throw ApiException.validation("sort must be one of " + SORTS, Map.of("sort", s));
        }
        Page<Commenter> page = "recent".equals(s) ? people.recent(tenantId, limit, cursor) : people.top(tenantId, limit, cursor);
        return page.map(PeopleService::summary);
    }

    static Map<String, Object> summary(Commenter c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("platform", c.platform());
        out.put("personId", c.personId());
        out.put("username", c.username());
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("items", c.items());
        counts.put("repliesSent", c.repliesSent());
        counts.put("violations", c.violations());
        out.put("counts", counts);
        out.put("standing", standing(c.violations()));
        out.put("firstSeenAt", c.firstSeenAt());
        out.put("lastSeenAt", c.lastSeenAt());
        return out;
    }

    /** The seed's status: clean without a violation, warning with one to four, repeat_offender from five. */
    static String standing(long violations) {
        return violations == 0 ? "clean" : violations < 5 ? "warning" : "repeat_offender";
    }
}
