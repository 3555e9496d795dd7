package com.socialwire.alpha;

import com.socialwire.beta.Beta;

/** Architecture fixture: context alpha uses context beta. */
public final class UsesBeta {

    public int size() {
        return new Beta().size();
    }
}
