/** What the workforce features' background jobs share: one instance at a time under a ShedLock lock, on a timer. */
@NullMarked
package cn.hotline.workforce.jobs;

import org.jspecify.annotations.NullMarked;
