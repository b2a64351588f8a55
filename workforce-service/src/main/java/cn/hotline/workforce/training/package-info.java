/**
 * Training and exams (R-TRN-1): courses and materials in the S3 store, a question bank, papers assembled by rules
 * with a seeded shuffle, timed exams submitted by the server when time is up, automatic and manual scoring, results
 * and their Excel export.
 */
@NullMarked
package cn.hotline.workforce.training;

import org.jspecify.annotations.NullMarked;
