/**
 * workforce-service: quality inspection (质检) with automatic QA, scheduling (排班), training and exams,
 * announcements and notes (公告 / 便签), and SMS.
 */
@NullMarked
package cn.hotline.workforce;

import org.jspecify.annotations.NullMarked;
