/**
 * Chinese full-text search over one tenant's knowledge entries: an in-process Lucene index (smartcn word
 * segmentation or CJK bigrams), tenant synonyms, visibility / validity / category filters, hot ranking, highlight.
 */
@NullMarked
package cn.hotline.ticket.knowledge.search;

import org.jspecify.annotations.NullMarked;
