package com.socialwire.local.runtime.sandbox;

import com.socialwire.local.stores.BlueskyPds;
import com.socialwire.shared.providers.bluesky.BlueskyApi;
import com.socialwire.shared.providers.bluesky.BlueskyPost;
import com.socialwire.shared.providers.bluesky.BlueskySession;
import com.socialwire.shared.providers.bluesky.HttpBlueskyApi;
import com.socialwire.shared.providers.bluesky.Tid;
import com.socialwire.shared.providers.bluesky.XrpcResult;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.PlatformPublisher.Published;
import com.socialwire.shared.social.PlatformPublisher.Reconciled;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.mentions.BlueskyMentions;
import com.socialwire.shared.social.mentions.MentionSource.Mention;
import com.socialwire.shared.social.mentions.MentionSource.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local notifications index over the REAL reference PDS (no AppView), read by the real Bluesky mention source: a
 * reply to the account's post and a post mentioning it (a facet with its DID) come back as the AppView's
 * listNotifications shapes them; the source's reply lands on the PDS once (a second create under its key is refused)
 * and a second poll adds nothing.
 */
class BlueskyNotificationsIndexTest {

    static BlueskyPds pds;
    static SandboxServer server;
    static final HttpBlueskyApi api = new HttpBlueskyApi(Duration.ofSeconds(30));

    @BeforeAll
    static void start() throws Exception {
        pds = BlueskyPds.shared();
        BlueskyNotificationsIndex index = new BlueskyNotificationsIndex();
        server = new SandboxServer(new SandboxHost(index), Map.of());
        index.environment(server.base());
        index.pds(pds.url().toString());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static BlueskySession login(BlueskyPds.Account a) {
        return ok(api.createSession(pds.url().toString(), a.handle(), a.appPassword()).toPlatform());
    }

    static BlueskyApi.PostRef post(BlueskySession s, BlueskyPost p) {
        return ok(api.createPost(s, Tid.forDelivery("t-" + System.nanoTime(), Instant.now()), p).toPlatform());
    }

    @SuppressWarnings("unchecked")
    static <T> T ok(PlatformResult<T> r) {
        return ((PlatformResult.Ok<T>) assertInstanceOf(PlatformResult.Ok.class, r, String.valueOf(r))).value();
    }

    @Test
    void aReplyAndAMentionOnTheRealPdsArePolledAnsweredOnceAndNotPolledAgain() throws Exception {
        BlueskyPds.Account bloom = pds.newAccount();
        BlueskyPds.Account alice = pds.newAccount();
        BlueskyPds.Account bob = pds.newAccount();
        pds.putProfile(alice, "Alice", null);
        BlueskySession me = login(bloom);
        BlueskySession a = login(alice);
        BlueskySession b = login(bob);
        BlueskyMentions source = new BlueskyMentions(api, server.base(), Clock.systemUTC());
        Target target = new Target(new SocialAccount("ten_1", "sa_bsky", "bluesky", me.did(), me.handle(), "Bloom", null, "profile", me.pdsUrl(),
                List.of(), null, AccountStatus.CONNECTED, null, true, Instant.now(), Instant.now(), 1), me.accessJwt());
        String before = ok(source.poll(target, null, 20)).cursor();

        BlueskyApi.PostRef mine = post(me, new BlueskyPost("Fresh loaves at 7", null, null, Instant.now(), null));
        BlueskyApi.PostRef reply = post(a, new BlueskyPost("Are the rye loaves back?", null, null, Instant.now(), null)
                .inReplyTo(new BlueskyPost.Ref(mine.uri(), mine.cid()), new BlueskyPost.Ref(mine.uri(), mine.cid())));
        String text = "best bread in town @" + bloom.handle();
        post(b, BlueskyPost.of(text, h -> h.equals(bloom.handle()) ? Optional.of(bloom.did()) : Optional.empty(), null, Instant.now().plusMillis(5), null));
        post(b, new BlueskyPost("unrelated", null, null, Instant.now(), null));

        Page page = ok(source.poll(target, before, 20));
        assertEquals(List.of("reply", "mention"), page.items().stream().map(Mention::type).toList(), page.toString());
        Mention r = page.items().getFirst();
        assertEquals(reply.uri(), r.externalId());
        assertEquals(mine.uri(), r.postExternalId());
        assertEquals(alice.handle(), r.authorHandle());
        assertEquals("Alice", r.authorName());
        assertEquals(text, page.items().get(1).text());

        Published answered = ok(source.reply(target, r, "Yes, from Friday!", "inb-" + System.nanoTime() % 100000));
        assertTrue(answered.externalId().startsWith("at://" + me.did() + "/app.bsky.feed.post/"), answered.toString());
        String dedupe = "inb-twice";
        ok(source.reply(target, r, "Twice?", dedupe));
        assertInstanceOf(PlatformResult.Unknown.class, source.reply(target, r, "Twice?", dedupe),
                "the PDS refuses a second create under the reply's key");
        assertInstanceOf(Reconciled.Found.class, ok(source.findReply(target, r, "Twice?", dedupe, Instant.now())));
        assertInstanceOf(Reconciled.NotFound.class, ok(source.findReply(target, r, "Never sent", "inb-never", Instant.now())));

        Page again = ok(source.poll(target, page.cursor(), 20));
        assertTrue(again.items().isEmpty(), "a second poll adds nothing (the account's own replies are not notifications): " + again);

        HttpResponse<String> noToken = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.base()
                + "/xrpc/app.bsky.notification.listNotifications")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noToken.statusCode());
        XrpcResult<?> revoked = api.listNotifications(new BlueskySession(me.did(), me.handle(), me.pdsUrl(), "not-a-token", null, true, null),
                server.base(), null, List.of(), null, 10);
        assertInstanceOf(XrpcResult.AuthRefused.class, revoked, String.valueOf(revoked));
    }
}
