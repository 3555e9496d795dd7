package com.socialwire.shared.social.connectors;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@link MastodonApps} in this process's memory: for tests and the local runtime, until the social store keeps them. */
public final class InMemoryMastodonApps implements MastodonApps {

    private final ConcurrentMap<Key, App> apps = new ConcurrentHashMap<>();

    @Override
    public Optional<App> find(Key key) {
        return Optional.ofNullable(apps.get(key));
    }

    @Override
    public App putIfAbsent(Key key, App app) {
        App existing = apps.putIfAbsent(key, app);
        return existing == null ? app : existing;
    }

    @Override
    public void remove(Key key) {
        apps.remove(key);
    }
}
