package com.socialwire.beta;

/** Architecture fixture: a class of context beta. */
public final class Beta {

    public int size() {
        return 1;
    }
}
