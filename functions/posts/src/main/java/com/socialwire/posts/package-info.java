/** Posts: the approval workflow, scheduling, the publish run and the publish worker (SPEC §5 posts, §6 publish run). */
package com.socialwire.posts;
