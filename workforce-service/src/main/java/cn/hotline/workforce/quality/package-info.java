/**
 * Quality inspection (质检): score templates, the monthly sampler and rule-based assignment of calls and tickets to
 * inspectors, scoring with fatal items, re-check, appeals, moving tasks, calibration sessions and reports.
 */
@NullMarked
package cn.hotline.workforce.quality;

import org.jspecify.annotations.NullMarked;
