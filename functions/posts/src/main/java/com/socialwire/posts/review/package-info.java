/**
 * The client review portal: magic links (a long random token, only its hash stored) that let a brand's approver review,
 * comment on, approve, reject, reschedule and publish posts in a server-rendered page, through the same workflow a
 * {@code client} key uses; and the agency's view of what approvers did. Served by ReviewFunction.
 */
package com.socialwire.posts.review;
