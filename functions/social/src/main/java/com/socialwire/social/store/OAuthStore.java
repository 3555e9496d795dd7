package com.socialwire.social.store;

import com.socialwire.shared.security.Hashing;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.GrantSeal;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import com.socialwire.shared.store.AttrValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The short-lived rows of a connect (keys in {@link Table}'s class comment), both with the TTL attribute and their
 * deadline checked on read (TTL deletes late):
 * <ul>
 *   <li>an OAuth state, {@code OAUTH#STATE#{sha256(state)}} / {@code STATE}: stored only as its hash, bound to the
 *       tenant and the API key that started it, with the PKCE verifier sealed; consumed by a conditional delete, so
 *       it is used once whatever the callback then finds;</li>
 *   <li>a pending selection, {@code OAUTH#PENDING#{nonce}} / {@code PENDING}: the accounts a grant offered, waiting
 *       for the tenant to choose; the grants sealed, bound to the nonce and the tenant.</li>
 * </ul>
 */
public final class OAuthStore {

    private final Table table;
    private final SecretCipher cipher;

    public OAuthStore(Table table, SecretCipher cipher) {
        this.table = table;
        this.cipher = cipher;
    }

    /** A started connect, as the callback finds it. */
    public record State(String tenantId, String accountId, String keyId, String platform, String instance,
                        String redirectUri, String codeVerifier, Instant until) {
        @Override
        public String toString() {
            return "State[" + platform + " " + tenantId + " until " + until + "]";
        }
    }

    /** Accounts a grant offered, waiting for the tenant's choice. */
    public record Pending(String nonce, String tenantId, String accountId, String keyId, String platform, String instance,
                          Grant grant, List<Connector.Offered> offered, Instant until) {
        @Override
        public String toString() {
            return "Pending[" + platform + " " + tenantId + " " + (offered == null ? 0 : offered.size()) + " offered]";
        }
    }

    static String statePk(String state) {
        return "OAUTH#STATE#" + Hashing.sha256Hex(state);
    }

    static String pendingPk(String nonce) {
        return "OAUTH#PENDING#" + nonce;
    }

    private static String verifierContext(String statePk) {
        return "oauth:" + statePk + ":verifier";
    }

    private static String pendingContext(String nonce, String tenantId) {
        return "oauth:pending:" + nonce + ":tenant:" + tenantId;
    }

    public void saveState(String state, State s) {
        String pk = statePk(state);
        Map<String, AttrValue> item = Item.create().s(Table.PK, pk).s(Table.SK, "STATE").s("tenantId", s.tenantId())
                .s("accountId", s.accountId()).s("keyId", s.keyId()).s("platform", s.platform()).s("instance", s.instance())
                .s("redirectUri", s.redirectUri()).s("verifierEnc", cipher.encrypt(s.codeVerifier(), verifierContext(pk)))
                .instant("until", s.until()).n(Table.TTL, s.until().getEpochSecond()).build();
        table.put(new Write.Put(item, "attribute_not_exists(PK)", Map.of(), Map.of()));
    }

    /**
     * The state, deleted as it is read: empty if it is unknown or was used already. Read, then deleted on the
     * condition that it is still there, so of two callbacks carrying it only the one whose delete succeeds goes on.
     */
    public Optional<State> consumeState(String state) {
        String pk = statePk(state);
        Optional<Map<String, AttrValue>> read = table.get(pk, "STATE");
        if (read.isEmpty()) {
            return Optional.empty();
        }
        try {
            table.delete(new Write.Delete(Table.key(pk, "STATE"), "attribute_exists(PK)", Map.of(), Map.of()));
        } catch (ConditionalCheckFailedException usedMeanwhile) {
            return Optional.empty();
        }
        Map<String, AttrValue> old = read.get();
        return Optional.of(new State(Item.s(old, "tenantId"), Item.s(old, "accountId"), Item.s(old, "keyId"),
                Item.s(old, "platform"), Item.s(old, "instance"), Item.s(old, "redirectUri"),
                cipher.decrypt(Item.s(old, "verifierEnc"), verifierContext(pk)), Item.instant(old, "until")));
    }

    public void savePending(Pending p) {
        String context = pendingContext(p.nonce(), p.tenantId());
        Item item = Item.create().s(Table.PK, pendingPk(p.nonce())).s(Table.SK, "PENDING").s("tenantId", p.tenantId())
                .s("accountId", p.accountId()).s("keyId", p.keyId()).s("platform", p.platform()).s("instance", p.instance())
                .instant("until", p.until()).n(Table.TTL, p.until().getEpochSecond());
        GrantSeal.put(item, "grant", p.grant(), cipher, context);
        List<AttrValue> offered = new ArrayList<>();
        for (int i = 0; i < p.offered().size(); i++) {
            Connector.Offered o = p.offered().get(i);
            Item one = Item.create().s("externalId", o.externalId()).s("handle", o.handle()).s("name", o.name())
                    .s("avatarUrl", o.avatarUrl()).s("kind", o.kind());
            Map<String, AttrValue> attrs = new HashMap<>();
            o.attributes().forEach((k, v) -> attrs.put(k, AttrValue.fromS(v)));
            one.map("attributes", attrs);
            GrantSeal.put(one, "grant", o.grant(), cipher, context + ":offered:" + i);
            offered.add(AttrValue.fromM(one.build()));
        }
        Map<String, AttrValue> built = new HashMap<>(item.build());
        built.put("offered", AttrValue.fromL(offered));
        table.put(new Write.Put(built, "attribute_not_exists(PK)", Map.of(), Map.of()));
    }

    public Optional<Pending> pending(String nonce) {
        return table.get(pendingPk(nonce), "PENDING").map(i -> {
            String tenantId = Item.s(i, "tenantId");
            String context = pendingContext(nonce, tenantId);
            List<Connector.Offered> offered = new ArrayList<>();
            List<AttrValue> list = i.get("offered") == null ? List.of() : i.get("offered").l();
            for (int n = 0; n < list.size(); n++) {
                Map<String, AttrValue> o = list.get(n).m();
                Map<String, String> attrs = new HashMap<>();
                Item.map(o, "attributes").forEach((k, v) -> attrs.put(k, v.s()));
                offered.add(new Connector.Offered(Item.s(o, "externalId"), Item.s(o, "handle"), Item.s(o, "name"),
                        Item.s(o, "avatarUrl"), Item.s(o, "kind"), GrantSeal.read(o, "grant", cipher, context + ":offered:" + n),
                        attrs));
            }
            return new Pending(nonce, tenantId, Item.s(i, "accountId"), Item.s(i, "keyId"), Item.s(i, "platform"),
                    Item.s(i, "instance"), GrantSeal.read(i, "grant", cipher, context), offered, Item.instant(i, "until"));
        });
    }

    /** Deletes the selection if it is still there: true for the one request that confirms it. */
    public boolean consumePending(String nonce) {
        try {
            table.delete(new Write.Delete(Table.key(pendingPk(nonce), "PENDING"), "attribute_exists(PK)", Map.of(), Map.of()));
            return true;
        } catch (ConditionalCheckFailedException gone) {
            return false;
        }
    }
}
