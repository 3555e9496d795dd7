package com.socialwire.alpha;

import com.socialwire.shared.Config;

/** Architecture fixture: context alpha's wiring, which builds what its handlers use. */
public final class Alpha {

    private final Config config;

    private Alpha(Config config) {
        this.config = config;
    }

    public static Alpha fromEnvironment() {
        return new Alpha(Config.fromEnvironment());
    }

    public Clean service() {
        return config.getBoolean("ALPHA", true) ? new Clean() : null;
    }
}
