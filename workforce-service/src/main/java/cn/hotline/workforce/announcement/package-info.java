/**
 * Announcements and notes (公告 / 便签, R-MSG-1): targeted, delayed, urgent (pop-up notice on Pulsar) and scrolling
 * announcements with bigram search, replies, read receipts, expiry and clean-up; and each user's personal notes.
 */
@NullMarked
package cn.hotline.workforce.announcement;

import org.jspecify.annotations.NullMarked;
