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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
 * The local notifications index over the REAL reference PDS (no AppView) and over the LOCAL BLUESKY SANDBOX, read by
 * the real Bluesky mention source: a
 * reply to the account's post and a post mentioning it (a facet with its DID) come back as the AppView's
 * listNotifications shapes them; the source's reply lands on the PDS once (a second create under its key is refused)
 * and a second poll adds nothing.
 */
class BlueskyNotificationsIndexTest {

    static final HttpBlueskyApi api = new HttpBlueskyApi(Duration.ofSeconds(30));
    static SandboxServer server;
    static SandboxServer sandboxPds;
    static BlueskyNotificationsIndex index;

    @BeforeAll
    static void start() throws Exception {
        index = new BlueskyNotificationsIndex();
        server = new SandboxServer(new SandboxHost(index), Map.of());
        index.environment(server.base());
        BlueskySandbox sandbox = new BlueskySandbox();
        sandboxPds = new SandboxServer(new SandboxHost(sandbox), Map.of());
        sandbox.environment(sandboxPds.base());
    }

    @AfterAll
    static void stop() {
        server.close();
        sandboxPds.close();
    }

    /** Where the scenario's accounts live: the real reference PDS, or the LOCAL BLUESKY SANDBOX. */
    interface Network {
        String url();

        /** A new account, logged in; {@code name} its display name where the network keeps profiles. */
        BlueskySession account(String name);
    }

    static Network network(String which) {
        if (which.equals("real")) {
            BlueskyPds pds = BlueskyPds.shared();
            return new Network() {
                public String url() {
                    return pds.url().toString();
                }

                public BlueskySession account(String name) {
                    BlueskyPds.Account a = pds.newAccount();
                    if (name != null) {
                        pds.putProfile(a, name, null);
                    }
                    return ok(api.createSession(url(), a.handle(), a.appPassword()).toPlatform());
                }
            };
        }
        return new Network() {
            public String url() {
                return sandboxPds.base();
            }

            public BlueskySession account(String name) {
                String handle = "sw" + Long.toString(System.nanoTime(), 36) + ".bsky.social";
                return ok(api.createSession(url(), handle, "abcd-efgh-ijkl-mnop").toPlatform());
            }
        };
    }

    static BlueskyApi.PostRef post(BlueskySession s, BlueskyPost p) {
        return ok(api.createPost(s, Tid.forDelivery("t-" + System.nanoTime(), Instant.now()), p).toPlatform());
    }

    @SuppressWarnings("unchecked")
    static <T> T ok(PlatformResult<T> r) {
        return ((PlatformResult.Ok<T>) assertInstanceOf(PlatformResult.Ok.class, r, String.valueOf(r))).value();
    }

    @ParameterizedTest
    @ValueSource(strings = {"real", "sandbox"})
    void aReplyAndAMentionOnThePdsArePolledAnsweredOnceAndNotPolledAgain(String which) throws Exception {
        Network net = network(which);
        index.pds(net.url());
        BlueskySession me = net.account(null);
        BlueskySession a = net.account("Alice");
        BlueskySession b = net.account(null);
        BlueskyMentions source = new BlueskyMentions(api, server.base(), Clock.systemUTC());
        Target target = new Target(new SocialAccount("ten_1", "sa_bsky", "bluesky", me.did(), me.handle(), "Bloom", null, "profile", me.pdsUrl(),
                List.of(), null, AccountStatus.CONNECTED, null, true, Instant.now(), Instant.now(), 1), me.accessJwt());
        String before = ok(source.poll(target, null, 20)).cursor();

        BlueskyApi.PostRef mine = post(me, new BlueskyPost("Fresh loaves at 7", null, null, Instant.now(), null));
        BlueskyApi.PostRef reply = post(a, new BlueskyPost("Are the rye loaves back?", null, null, Instant.now(), null)
                .inReplyTo(new BlueskyPost.Ref(mine.uri(), mine.cid()), new BlueskyPost.Ref(mine.uri(), mine.cid())));
        String text = "best bread in town @" + me.handle();
        post(b, BlueskyPost.of(text, h -> h.equals(me.handle()) ? Optional.of(me.did()) : Optional.empty(), null, Instant.now().plusMillis(5), null));
        post(b, new BlueskyPost("unrelated", null, null, Instant.now(), null));

        Page page = ok(source.poll(target, before, 20));
        assertEquals(List.of("reply", "mention"), page.items().stream().map(Mention::type).toList(), page.toString());
        Mention r = page.items().getFirst();
        assertEquals(reply.uri(), r.externalId());
        assertEquals(mine.uri(), r.postExternalId());
        assertEquals(a.handle(), r.authorHandle());
        if (which.equals("real")) {
            assertEquals("Alice", r.authorName(), "the author's profile record");
        }
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
