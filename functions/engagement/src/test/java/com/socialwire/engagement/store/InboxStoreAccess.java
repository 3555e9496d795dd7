package com.socialwire.engagement.store;

import com.socialwire.engagement.model.InboxItem;
import com.socialwire.shared.store.AttrValue;

import java.util.Map;

/** The inbox item row as the store lays it out (without a counters mark), for tests that write rows of an older version. */
public final class InboxStoreAccess {

    private InboxStoreAccess() {
    }

    public static Map<String, AttrValue> item(InboxItem item) {
        return InboxStore.toItem(item);
    }
}
