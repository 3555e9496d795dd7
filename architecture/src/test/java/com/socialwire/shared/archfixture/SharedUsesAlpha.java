package com.socialwire.shared.archfixture;

import com.socialwire.alpha.Clean;

/** Architecture fixture: shared using a context. */
public final class SharedUsesAlpha {

    public String render() {
        return new Clean().render();
    }
}
